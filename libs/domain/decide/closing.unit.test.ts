import { accepted, agree, context, dept, local, submitted, types, window } from '../__tests__/scenario';

describe('parallel department steps (并联审批)', () => {
  it('withdrawal closes the case and stops every clock', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), window, { type: 'Withdraw', reason: '申请人撤回' });
    expect(scenario.state.status).toBe('withdrawn');
    expect(scenario.tick(local('2026-05-01 10:00'))).toEqual([]);
  });

  it('a false commitment found after the decision revokes it (告知承诺 verification)', () => {
    const scenario = submitted(['supervision-contract'], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept-with-commitment',
      commitments: [{ materialCode: 'supervision-contract', text: '承诺已委托监理' }],
    });
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    scenario.when(local('2026-03-03 11:00'), window, { type: 'IssueLicence' });
    const events = scenario.when(local('2026-04-01 10:00'), dept('housing'), {
      type: 'VerifyCommitment',
      materialCode: 'supervision-contract',
      result: 'false',
      note: '未签订监理合同',
    });
    expect(types(events)).toEqual(['CommitmentVerified', 'CreditEventRecorded', 'DecisionRevoked']);
    expect(scenario.state.status).toBe('revoked');
  });
});
