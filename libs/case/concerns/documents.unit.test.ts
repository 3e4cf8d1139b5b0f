import { accepted, calendar, context, dept, fire, local, submitted2, suspend, window } from '../testing/scenario';
import { caseView } from '../view';

describe('parallel department steps (并联审批)', () => {
  it('补正: a correction request stops the step’s clock until the corrected materials arrive (applicant delay)', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), {
      type: 'RecordOpinion',
      stepId: 'design-scheme-review',
      opinion: 'request-correction',
      corrections: ['design-scheme'],
    });
    expect(scenario.step('design-scheme-review').status).toBe('awaiting-correction');
    scenario.rejects(
      local('2026-03-04 10:00'),
      dept('natural-resources'),
      { type: 'ResumeClock', stepId: 'design-scheme-review' },
      'awaiting-correction',
    );
    // Corrected on Friday 03-06: Wed, Thu, Fri (3 working days) are the applicant's.
    scenario.when(local('2026-03-06 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'design-scheme', stepId: 'design-scheme-review' }],
    });
    expect(scenario.step('design-scheme-review').status).toBe('in-review');
    expect(scenario.clock('step:design-scheme-review')).toMatchObject({
      suspendedDays: 3,
      deadline: local('2026-03-12 17:30'),
    });
  });
});

describe('补正 under the rules of 2026-12 (rules 2): the applicant’s time is never the department’s', () => {
  const permitCase = () => {
    const scenario = submitted2([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    return scenario;
  };

  it('Art. 45 practice: a correction stops the step’s and the case’s clocks; 90 days later nothing is overdue', () => {
    const scenario = permitCase();
    expect(scenario.clock('step:construction-permit').deadline).toBe(local('2026-03-05 17:30'));
    expect(scenario.clock('case').deadline).toBe(local('2026-03-30 17:30'));
    const events = scenario.when(local('2026-03-03 10:00'), dept('housing'), {
      type: 'RecordOpinion',
      stepId: 'construction-permit',
      opinion: 'request-correction',
      corrections: ['construction-contract'],
    });
    expect(events.find((event) => event.type === 'ClockSuspended')).toMatchObject({
      keys: ['step:construction-permit', 'case'],
      reason: 'correction',
    });
    const ninetyDaysOn = caseView(scenario.state, local('2026-06-01 09:00'), calendar);
    expect(ninetyDaysOn).toMatchObject({ overdue: false, warningLevel: 'none', legalOverdue: false });
    expect(ninetyDaysOn.steps[0]).toMatchObject({ status: 'awaiting-correction', clock: { overdue: false } });
    expect(fire(scenario, local('2026-06-01 09:00'))).toEqual([]);
    scenario.when(local('2026-06-01 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'construction-contract', stepId: 'construction-permit' }],
    });
    // Excluded: the working days after Tuesday 03-03 up to Monday 06-01 (清明 04-06 and 劳动节 05-01/04/05 off, 05-09
    // worked): 20 + 21 + 19 + 1 = 61. The step had used one day (03-03): two are left, to Wednesday 06-03.
    expect(scenario.clock('step:construction-permit')).toMatchObject({
      suspendedDays: 61,
      deadline: local('2026-06-03 17:30'),
    });
    expect(scenario.clock('case')).toMatchObject({ suspendedDays: 61, deadline: local('2026-06-29 17:30') });
    expect(scenario.step('construction-permit').status).toBe('in-review');
  });

  it('Art. 45: a case-wide suspension overlapping a correction excludes the overlap once', () => {
    const scenario = permitCase();
    // Expert review of the whole case (the lead department, 住建) from Tuesday 03-03 to Tuesday 03-10 …
    scenario.when(local('2026-03-03 10:00'), dept('housing'), suspend(undefined, 5));
    // … and a correction from Thursday 03-05 to Thursday 03-12.
    scenario.when(local('2026-03-05 10:00'), dept('housing'), {
      type: 'RecordOpinion',
      stepId: 'construction-permit',
      opinion: 'request-correction',
      corrections: ['construction-contract'],
    });
    scenario.when(local('2026-03-10 10:00'), dept('housing'), { type: 'ResumeClock' });
    expect(scenario.clock('case').suspendedSince).toBe(local('2026-03-03 10:00'));
    scenario.when(local('2026-03-12 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'construction-contract' }],
    });
    // Together 03-03 … 03-12: 7 working days excluded once, not 5 + 5.
    expect(scenario.clock('case')).toMatchObject({ suspendedDays: 7, deadline: local('2026-04-09 17:30') });
    expect(scenario.clock('step:construction-permit')).toMatchObject({
      suspendedDays: 7,
      deadline: local('2026-03-16 17:30'),
    });
  });
});
