import {
  accepted,
  accepted2,
  agree,
  calendar,
  context,
  dept,
  integrator,
  local,
  submitted,
  submitted2,
  types,
  window,
} from '../testing/scenario';
import { caseView } from '../view';

describe('parallel department steps (并联审批)', () => {
  it('each step runs on its own clock; a step starts when the steps it depends on agree', () => {
    const scenario = accepted();
    // Promised limits from Monday 2026-03-02: design scheme 5 → 03-09; EIA 10 → 03-16.
    expect(scenario.clock('step:design-scheme-review').deadline).toBe(local('2026-03-09 17:30'));
    expect(scenario.clock('step:eia-approval').deadline).toBe(local('2026-03-16 17:30'));
    expect(scenario.step('drawing-review').status).toBe('waiting');
    const events = scenario.when(local('2026-03-04 11:00'), dept('natural-resources'), agree('design-scheme-review'));
    expect(types(events)).toEqual(['OpinionRecorded', 'StepStarted', 'StepStarted', 'StepStarted']);
    // drawing review (7 working days) counts from the day it started: Wednesday 03-04 → Friday 03-13.
    expect(scenario.clock('step:drawing-review').deadline).toBe(local('2026-03-13 17:30'));
  });

  it('a department key cannot act on another department’s step', () => {
    const scenario = accepted();
    scenario.rejects(local('2026-03-03 10:00'), dept('housing'), agree('design-scheme-review'), 'wrong-department');
    scenario.rejects(local('2026-03-03 10:00'), dept('housing'), agree('no-such-step'), 'unknown-step');
  });

  it('拿地即开工: formal steps start when the land contract is signed; the construction permit after all its inputs', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    scenario.rejects(
      local('2026-03-03 11:00'),
      dept('natural-resources'),
      agree('land-use-planning-permit'),
      'step-not-in-review',
    );
    const signed = scenario.when(local('2026-03-05 10:00'), window, {
      type: 'SignLandContract',
      contractNumber: '沪规划资源让(2026)12号',
    });
    expect(types(signed)).toEqual(['LandContractSigned', 'StepStarted']);
    scenario.rejects(
      local('2026-03-05 11:00'),
      window,
      { type: 'SignLandContract', contractNumber: 'again' },
      'land-contract-already-signed',
    );
    for (const [stepId, department] of [
      ['land-use-planning-permit', 'natural-resources'],
      ['works-planning-permit', 'natural-resources'],
      ['drawing-review', 'housing'],
      ['fire-design-review', 'fire'],
      ['air-defence-approval', 'civil-air-defence'],
      ['eia-approval', 'ecology'],
    ] as const) {
      expect(scenario.step('construction-permit').status).toBe('waiting');
      scenario.when(local('2026-03-06 10:00'), dept(department), agree(stepId));
    }
    expect(scenario.step('construction-permit').status).toBe('in-review');
    scenario.when(local('2026-03-09 10:00'), dept('housing'), agree('construction-permit'));
    // Optional steps (piling, utilities) do not hold up the decision: the issuing step starts (Art. 44, 10 days).
    expect(scenario.state.status).toBe('awaiting-issuance');
    expect(scenario.clock('issuance').deadline).toBe(local('2026-03-23 17:30'));
    scenario.when(local('2026-03-09 15:00'), window, {
      type: 'IssueLicence',
      licences: [{ stepId: 'construction-permit', number: '310115202603090101' }],
    });
    expect(scenario.state.status).toBe('completed');
  });

  it('one refusal with reasons ends the case; "disagree" without reasons counts as consent where the matter says so', () => {
    const scenario = accepted();
    const consent = scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), {
      type: 'RecordOpinion',
      stepId: 'design-scheme-review',
      opinion: 'disagree',
    });
    expect(consent[0]).toMatchObject({ outcome: 'deemed-consent', deemedBy: 'disagree-without-reasons' });
    scenario.when(local('2026-03-04 10:00'), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'disagree',
      reasons: '选址位于饮用水水源二级保护区',
    });
    expect(scenario.state.status).toBe('refused');
    expect(Object.values(scenario.state.clocks).every((clock) => clock.stoppedAt)).toBe(true);
  });

  it('"disagree" without reasons is refused where the matter does not count it as consent', () => {
    const scenario = accepted(
      context('land-and-start', (c) => {
        c.matters.find((m) => m.code === 'eia-report-form-approval')!.disagreeWithoutReasonsMeansConsent = false;
      }),
    );
    scenario.rejects(
      local('2026-03-03 10:00'),
      dept('ecology'),
      { type: 'RecordOpinion', stepId: 'eia-approval', opinion: 'disagree' },
      'reasons-required',
    );
  });

  it('Art. 43 上报件: "agree but refer upward" waits for the higher organ on its own 20-day clock', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'agree-refer-upward',
    });
    expect(scenario.step('eia-approval').status).toBe('referred');
    expect(scenario.clock('referral:eia-approval').deadline).toBe(local('2026-03-31 17:30'));
    expect(caseView(scenario.state, local('2026-03-04 10:00'), calendar).kind).toBe('referred');
    scenario.when(local('2026-03-20 10:00'), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'agree',
      higherOrgan: true,
    });
    expect(scenario.step('eia-approval').status).toBe('agreed');
    expect(scenario.clock('referral:eia-approval').stoppedAt).toBe(local('2026-03-20 10:00'));
  });

  it('缺席默认: absent from the joint review meeting counts as consent only where the matter allows it', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    const absent = scenario.when(local('2026-03-04 10:00'), window, {
      type: 'RecordOpinion',
      stepId: 'drawing-review',
      opinion: 'absent',
    });
    expect(absent[0]).toMatchObject({ outcome: 'escalated' });
    expect(scenario.step('drawing-review')).toMatchObject({ status: 'in-review', escalated: true });
  });

  it('immediate handling (即办件) accepts and completes at once', () => {
    const scenario = submitted([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept',
      handling: 'immediate',
    });
    expect(scenario.state.status).toBe('completed');
    expect(caseView(scenario.state, local('2026-03-02 10:00'), calendar).kind).toBe('immediate');
  });

  it('special handling (特办件) shortens limits and sets the priority flag', () => {
    const scenario = submitted([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept',
      handling: 'special',
    });
    // construction permit promises 3 working days; 特办 halves it (rounded up) to 2: Wednesday 03-04.
    expect(scenario.clock('step:construction-permit').deadline).toBe(local('2026-03-04 17:30'));
    const view = caseView(scenario.state, local('2026-03-02 10:00'), calendar);
    expect(view).toMatchObject({ kind: 'special', priority: true });
  });

  it('a single promised matter (承诺件) runs on its promised limit', () => {
    const scenario = submitted([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    expect(caseView(scenario.state, local('2026-03-02 10:00'), calendar).kind).toBe('promised');
    expect(scenario.clock('step:construction-permit').deadline).toBe(local('2026-03-05 17:30'));
  });
});

describe('department steps under the rules of 2026-12 (rules 2)', () => {
  it('segregation of duties: only the step’s own department (or integrator:<it>, or an admin) decides it', () => {
    const scenario = accepted2();
    for (const actor of [window, { id: 'sup', role: 'supervisor' }, integrator(), dept('housing')]) {
      const refusal = scenario.rejects(local('2026-03-03 10:00'), actor, agree('eia-approval'), 'wrong-department');
      expect(refusal).toMatchObject({ field: 'stepId', details: { stepId: 'eia-approval', department: 'ecology' } });
      expect(refusal.message).toContain('ecology');
    }
    scenario.when(local('2026-03-03 10:00'), integrator('ecology'), agree('eia-approval'));
    expect(scenario.step('eia-approval').status).toBe('agreed');
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    expect(scenario.step('design-scheme-review').status).toBe('agreed');
  });

  it('refusalEndsCase false: a refused required step is recorded, what waits for it is skipped, the case decides', () => {
    const ctx = context('land-and-start', (catalog) => {
      catalog.templates.find((template) => template.id === 'land-and-start')!.refusalEndsCase = false;
    });
    const scenario = submitted2([], ctx);
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    scenario.when(local('2026-03-03 10:00'), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'disagree',
      reasons: '选址位于饮用水源保护区',
    });
    expect(scenario.step('eia-approval').status).toBe('refused');
    expect(scenario.state.status).toBe('in-review');
    // The construction permit waits for the EIA approval: it will never start.
    expect(scenario.step('construction-permit')).toMatchObject({ status: 'skipped', skippedBecause: 'eia-approval' });
    scenario.when(local('2026-03-03 11:00'), dept('natural-resources'), agree('design-scheme-review'));
    for (const [department, stepId] of [
      ['housing', 'drawing-review'],
      ['fire', 'fire-design-review'],
      ['civil-air-defence', 'air-defence-approval'],
    ] as const) {
      scenario.when(local('2026-03-04 10:00'), dept(department), agree(stepId));
    }
    scenario.when(local('2026-03-05 10:00'), window, { type: 'SignLandContract', contractNumber: 'X-1' });
    scenario.when(local('2026-03-06 10:00'), dept('natural-resources'), agree('land-use-planning-permit'));
    const decided = scenario.when(local('2026-03-09 10:00'), dept('natural-resources'), agree('works-planning-permit'));
    // Every required step has its outcome: the case decides on the approved ones (partial approval).
    expect(types(decided)).toContain('AllOpinionsReceived');
    expect(scenario.state).toMatchObject({ status: 'awaiting-issuance', refusedSteps: ['eia-approval'] });
    scenario.rejects(
      local('2026-03-09 11:00'),
      window,
      { type: 'IssueLicence', licences: [{ stepId: 'eia-approval', number: 'X' }] },
      'licence-for-refused-step',
    );
    scenario.when(local('2026-03-09 11:00'), window, {
      type: 'IssueLicence',
      licences: [{ stepId: 'works-planning-permit', number: '建字第2026-0001号' }],
    });
    expect(scenario.state.status).toBe('completed');
  });

  it('缺席默认 at the joint review meeting: an absent department consents where its matter says so, else 督办', () => {
    const scenario = accepted2();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    scenario.when(local('2026-03-04 10:00'), dept('housing'), agree('drawing-review'));
    scenario.when(local('2026-03-04 10:00'), dept('fire'), agree('fire-design-review'));
    scenario.when(local('2026-03-04 10:00'), dept('civil-air-defence'), agree('air-defence-approval'));
    scenario.when(local('2026-03-04 10:00'), dept('ecology'), agree('eia-approval'));
    scenario.when(local('2026-03-05 10:00'), window, { type: 'SignLandContract', contractNumber: 'X-1' });
    scenario.when(local('2026-03-06 10:00'), dept('natural-resources'), agree('land-use-planning-permit'));
    scenario.when(local('2026-03-09 10:00'), dept('natural-resources'), agree('works-planning-permit'));
    // In review now: construction permit (housing), pile foundation (housing) and utility connection (utilities).
    scenario.rejects(
      local('2026-03-10 10:00'),
      dept('housing'),
      { type: 'HoldJointReview', present: [] },
      'wrong-department',
    );
    const events = scenario.when(local('2026-03-10 10:00'), window, {
      type: 'HoldJointReview',
      present: ['natural-resources'],
      note: '联合审查会',
    });
    expect(types(events)[0]).toBe('JointReviewHeld');
    expect(scenario.state.jointReviews[0]).toMatchObject({
      present: ['natural-resources'],
      absent: ['housing', 'utilities'],
    });
    // 水电气 (utilities) counts its absence as consent; 住建 (housing) does not: its steps go to the supervisor.
    expect(scenario.step('utility-connection')).toMatchObject({ status: 'deemed-consent', deemedBy: 'absent' });
    expect(scenario.step('construction-permit')).toMatchObject({ status: 'in-review', escalated: true });
  });
});

describe('督办 (electronic supervision)', () => {
  it('a supervisor urges a department on its step; nobody else may, and a finished step has nothing to urge', () => {
    const scenario = accepted2();
    const supervisor = { id: 'supervisor-1', role: 'supervisor' };
    const urge = { type: 'UrgeStep', stepId: 'eia-approval', note: '已超承诺时限，请于明日前办结' } as const;
    scenario.rejects(local('2026-03-03 10:00'), window, urge, 'forbidden-role');
    scenario.rejects(local('2026-03-03 10:00'), dept('ecology'), urge, 'forbidden-role');
    expect(types(scenario.when(local('2026-03-03 10:00'), supervisor, urge))).toEqual(['StepUrged']);
    expect(scenario.step('eia-approval').escalated).toBe(true);
    scenario.when(local('2026-03-04 10:00'), dept('ecology'), agree('eia-approval'));
    scenario.rejects(local('2026-03-04 11:00'), supervisor, urge, 'step-not-in-review');
  });
});
