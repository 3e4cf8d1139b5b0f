import { agree, calendar, context, dept, fire, local, submitted, submitted2, window } from '../testing/scenario';
import { caseView } from '../view';
import { nextWakeUp } from './alarms';

describe('completion', () => {
  it('issuing the licence stops the clocks of optional steps still open (桩基, utilities)', () => {
    const scenario = submitted([], context('land-and-start'), { receivedAt: local('2026-03-02 09:00') });
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    scenario.when(local('2026-03-02 11:00'), window, { type: 'SignLandContract', contractNumber: 'X' });
    for (const stepId of [
      'design-scheme-review',
      'eia-approval',
      'drawing-review',
      'fire-design-review',
      'air-defence-approval',
      'land-use-planning-permit',
      'works-planning-permit',
      'construction-permit',
    ]) {
      scenario.when(local('2026-03-03 10:00'), window, { type: 'RecordOpinion', stepId, opinion: 'agree' });
    }
    expect(scenario.step('utility-connection').status).toBe('in-review');
    scenario.when(local('2026-03-03 15:00'), window, { type: 'IssueLicence' });
    expect(Object.values(scenario.state.clocks).every((clock) => clock.stoppedAt)).toBe(true);
    expect(nextWakeUp(scenario.state)).toBeUndefined();
  });
});

describe('issuance under the rules of 2026-12 (rules 2)', () => {
  it('withhold-decision: the issuance clock does not run while the decision waits for the applicant’s 容缺 material', () => {
    const ctx = context('construction-permit', (catalog) => {
      catalog.matters.find((matter) => matter.code === 'construction-permit')!.missedSupplementRule =
        'withhold-decision';
    });
    const scenario = submitted2(['supervision-contract'], ctx);
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept-with-tolerance',
      commitmentLetter: true,
      supplementWithinWorkingDays: 2,
    });
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    expect(scenario.state.status).toBe('awaiting-issuance');
    expect(scenario.clock('issuance')).toMatchObject({ suspendedSince: local('2026-03-03 10:00') });
    // The 容缺 deadline (Wednesday 03-04) passes: the decision is withheld, the issuance clock still stands.
    fire(scenario, local('2026-03-04 17:30'));
    expect(scenario.state.decisionWithheld).toBe(true);
    const waiting = caseView(scenario.state, local('2026-03-19 10:00'), calendar);
    expect(waiting.issuance).toMatchObject({ overdue: false, suspended: true });
    scenario.when(local('2026-03-20 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'supervision-contract' }],
    });
    // Art. 44: 10 working days, plus the 13 (03-04 … 03-20) the applicant took → Friday 04-03.
    expect(scenario.clock('issuance')).toMatchObject({ suspendedDays: 13, deadline: local('2026-04-03 17:30') });
    expect(scenario.state.decisionWithheld).toBe(false);
    scenario.when(local('2026-03-20 11:00'), window, { type: 'IssueLicence' });
    expect(scenario.state.status).toBe('completed');
  });
});
