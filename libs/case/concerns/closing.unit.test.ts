import { accepted, agree, context, dept, fire, local, submitted, submitted2, types, window } from '../testing/scenario';
import { isFinished } from '../state';

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

describe('告知承诺 after the decision (rules 2)', () => {
  const committedAndIssued = () => {
    const scenario = submitted2(['supervision-contract'], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept-with-commitment',
      commitments: [{ materialCode: 'supervision-contract', text: '承诺已委托监理' }],
    });
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    const issued = scenario.when(local('2026-03-03 11:00'), window, { type: 'IssueLicence' });
    return { scenario, issued };
  };

  it('the decided case stays open for the check period; a commitment found false revokes the decision', () => {
    const { scenario, issued } = committedAndIssued();
    expect(types(issued)).toEqual(['LicenceIssued', 'CaseCompleted', 'PostDecisionCheckOpened']);
    // 20 working days after Tuesday 03-03: Tuesday 03-31.
    expect(scenario.clock('post-check').deadline).toBe(local('2026-03-31 17:30'));
    expect(isFinished(scenario.state)).toBe(false);
    scenario.rejects(local('2026-03-10 10:00'), window, { type: 'Withdraw', reason: '撤回' }, 'case-closed');
    const events = scenario.when(local('2026-03-20 10:00'), dept('housing'), {
      type: 'VerifyCommitment',
      materialCode: 'supervision-contract',
      result: 'false',
      note: '核查发现未签订监理合同',
    });
    expect(types(events)).toEqual(['CommitmentVerified', 'CreditEventRecorded', 'DecisionRevoked']);
    expect(scenario.state.status).toBe('revoked');
    expect(scenario.state.creditEvents).toHaveLength(1);
    expect(isFinished(scenario.state)).toBe(true);
  });

  it('the check period ends by itself, after which a check can no longer revoke', () => {
    const { scenario } = committedAndIssued();
    expect(types(fire(scenario, local('2026-03-31 17:30')))).toEqual(['PostDecisionCheckEnded']);
    expect(isFinished(scenario.state)).toBe(true);
    scenario.rejects(
      local('2026-04-01 10:00'),
      dept('housing'),
      { type: 'VerifyCommitment', materialCode: 'supervision-contract', result: 'false', note: '迟到的核查' },
      'case-closed',
    );
  });
});
