import { accepted, dept, local, window } from '../__tests__/scenario';

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
