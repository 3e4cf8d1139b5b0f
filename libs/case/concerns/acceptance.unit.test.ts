import {
  agree,
  calendar,
  context,
  dept,
  local,
  submitted,
  submitted2,
  system,
  types,
  window,
} from '../testing/scenario';
import type { DecideAcceptance } from './acceptance';
import { caseView } from '../view';

type Acceptance = Omit<DecideAcceptance, 'commandId' | 'at' | 'actor'>;

describe('acceptance (受理)', () => {
  it('Art. 32: without a decision or notice within 5 working days the case counts as accepted from the day of receipt', () => {
    const scenario = submitted();
    // Received Monday 2026-03-02: the 5th working day after it is Monday 2026-03-09, office close 17:30.
    expect(scenario.clock('notice').deadline).toBe(local('2026-03-09 17:30'));
    expect(scenario.tick(local('2026-03-09 17:00'))).toEqual([]);
    const events = scenario.tick(local('2026-03-09 17:31'));
    expect(types(events).slice(0, 2)).toEqual(['CaseAccepted', 'StepStarted']);
    expect(scenario.state.acceptance).toMatchObject({ mode: 'by-default', countedFrom: local('2026-03-02 09:00') });
    // Periods count from the day of receipt: the EIA step (10 working days) ends 2026-03-16, not from the 9th.
    expect(scenario.clock('step:eia-approval').deadline).toBe(local('2026-03-16 17:30'));
    expect(events[0].actor).toEqual(system);
  });

  it('Art. 32: the one-time notice lists everything; a second notice is flagged', () => {
    const scenario = submitted(['design-scheme', 'eia-report-form']);
    scenario.when(local('2026-03-03 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'notify-missing',
      missing: [{ materialCode: 'design-scheme', form: '原件' }],
    });
    expect(scenario.state.status).toBe('awaiting-supplement');
    // The notice was given: no default acceptance any more.
    expect(scenario.tick(local('2026-03-20 10:00'))).toEqual([]);
    const second = scenario.when(local('2026-03-04 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'notify-missing',
      missing: [{ materialCode: 'eia-report-form' }],
    });
    expect(types(second)).toEqual(['SecondNoticeFlagged', 'MissingMaterialsNotified']);
    expect(scenario.state.flags).toEqual(['second-notice:2']);
    expect(caseView(scenario.state, local('2026-03-04 11:00'), calendar).kind).toBe('supplement');
  });

  it('补办件: once the notice items arrive the case is accepted and its clock starts the day after they arrive', () => {
    const scenario = submitted(['design-scheme']);
    scenario.when(local('2026-03-03 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'notify-missing',
      missing: [{ materialCode: 'design-scheme' }],
    });
    const events = scenario.when(local('2026-03-11 15:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'design-scheme' }],
    });
    expect(types(events)).toContain('CaseAccepted');
    expect(scenario.state.acceptance).toMatchObject({
      mode: 'after-supplement',
      countedFrom: local('2026-03-11 15:00'),
    });
    // design-scheme-review: 5 working days after Wednesday 2026-03-11 → Wednesday 2026-03-18.
    expect(scenario.clock('step:design-scheme-review').deadline).toBe(local('2026-03-18 17:30'));
  });

  it('不予受理 (退回件) needs a written reason and its legal basis, and closes the case', () => {
    const scenario = submitted();
    scenario.rejects(
      local('2026-03-02 10:00'),
      window,
      { type: 'DecideAcceptance', decision: 'reject', reason: '不属于本机关职权' },
      'reason-required',
    );
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'reject',
      reason: '申请事项依法不需要取得行政许可',
      legalBasis: '《行政许可法》第三十二条第一款第（一）项',
    });
    expect(scenario.state.status).toBe('returned');
    expect(caseView(scenario.state, local('2026-03-02 11:00'), calendar).kind).toBe('returned');
    scenario.rejects(local('2026-03-02 12:00'), window, { type: 'Withdraw', reason: 'x' }, 'case-closed');
  });

  it('accept needs complete materials: a missing key material, or a missing secondary one, is refused', () => {
    submitted(['design-scheme']).rejects(
      local('2026-03-02 10:00'),
      window,
      { type: 'DecideAcceptance', decision: 'accept' },
      'key-material-missing',
    );
    submitted(['traffic-impact-study']).rejects(
      local('2026-03-02 10:00'),
      window,
      { type: 'DecideAcceptance', decision: 'accept' },
      'materials-incomplete',
    );
  });

  it('before the land contract (拿地即开工) the contract is not counted missing, and only pre-review steps start', () => {
    const scenario = submitted();
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    const started = Object.values(scenario.state.steps)
      .filter((step) => step.status !== 'waiting')
      .map((step) => step.stepId);
    expect(started.sort()).toEqual(['design-scheme-review', 'eia-approval', 'project-filing']);
    // 企业投资项目备案 is 即办: done on the spot.
    expect(scenario.step('project-filing')).toMatchObject({ status: 'agreed', immediate: true });
    expect(scenario.step('land-use-planning-permit').status).toBe('waiting');
  });
});

describe('容缺受理 (acceptance with missing documents)', () => {
  const tolerate = (within = 3): Acceptance => ({
    type: 'DecideAcceptance',
    decision: 'accept-with-tolerance',
    commitmentLetter: true,
    supplementWithinWorkingDays: within,
    missing: [{ materialCode: 'traffic-impact-study', form: '原件', note: '盖章版' }],
  });

  it('is allowed when only listed secondary materials are missing, with the commitment letter; review goes on meanwhile', () => {
    const scenario = submitted(['traffic-impact-study']);
    scenario.when(local('2026-03-02 10:00'), window, tolerate());
    expect(scenario.state.status).toBe('in-review');
    expect(scenario.state.missing).toEqual([
      expect.objectContaining({ materialCode: 'traffic-impact-study', reason: 'tolerance', form: '原件' }),
    ]);
    expect(scenario.clock('supplement:traffic-impact-study').deadline).toBe(local('2026-03-05 17:30'));
    expect(scenario.step('design-scheme-review').status).toBe('in-review');
  });

  it('is refused for a missing key material, a material off the 容缺 list, no letter, or a bad credit record', () => {
    submitted(['design-scheme']).rejects(local('2026-03-02 10:00'), window, tolerate(), 'key-material-missing');
    submitted(
      ['fire-special-evaluation'],
      context('land-and-start', (c) => {
        c.matters
          .find((m) => m.code === 'fire-design-review')!
          .materials.find((m) => m.code === 'fire-special-evaluation')!.tolerable = false;
      }),
    ).rejects(local('2026-03-02 10:00'), window, tolerate(), 'not-tolerable');
    submitted(['traffic-impact-study']).rejects(
      local('2026-03-02 10:00'),
      window,
      { ...tolerate(), commitmentLetter: false },
      'commitment-letter-required',
    );
    submitted(['traffic-impact-study'], context(), { creditRecord: 'bad' }).rejects(
      local('2026-03-02 10:00'),
      window,
      tolerate(),
      'bad-credit',
    );
  });

  it('the supplement deadline may not pass the promised limit', () => {
    // design-scheme-review promises 5 working days.
    submitted(['traffic-impact-study']).rejects(
      local('2026-03-02 10:00'),
      window,
      tolerate(6),
      'supplement-deadline-too-late',
    );
  });

  it('a missed supplement deadline terminates the case', () => {
    const scenario = submitted(['traffic-impact-study']);
    scenario.when(local('2026-03-02 10:00'), window, tolerate(3));
    const events = scenario.tick(local('2026-03-05 18:00'));
    expect(types(events)).toEqual(expect.arrayContaining(['SupplementDeadlineMissed', 'CaseTerminated']));
    expect(scenario.state.status).toBe('terminated');
  });

  it('configurable: a missed deadline withholds the decision instead, until the material arrives', () => {
    const ctx = context('land-and-start', (c) => {
      c.matters.find((m) => m.code === 'design-scheme-review')!.missedSupplementRule = 'withhold-decision';
    });
    const scenario = submitted(['traffic-impact-study'], ctx);
    scenario.when(local('2026-03-02 10:00'), window, tolerate(3));
    const events = types(scenario.tick(local('2026-03-05 18:00')));
    expect(events.filter((type) => type !== 'AlertRaised')).toEqual(['SupplementDeadlineMissed', 'DecisionWithheld']);
    expect(scenario.state.decisionWithheld).toBe(true);
    scenario.when(local('2026-03-06 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'traffic-impact-study' }],
    });
    expect(scenario.state.decisionWithheld).toBe(false);
  });

  it('materials supplied in time stop the supplement clock', () => {
    const scenario = submitted(['traffic-impact-study']);
    scenario.when(local('2026-03-02 10:00'), window, tolerate(3));
    scenario.when(local('2026-03-04 10:00'), dept('natural-resources'), {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'traffic-impact-study' }],
    });
    expect(scenario.clock('supplement:traffic-impact-study').stoppedAt).toBe(local('2026-03-04 10:00'));
    expect(types(scenario.tick(local('2026-03-06 10:00')))).not.toContain('CaseTerminated');
  });
});

describe('告知承诺制 (notification-commitment)', () => {
  const commit: Acceptance = {
    type: 'DecideAcceptance',
    decision: 'accept-with-commitment',
    commitments: [{ materialCode: 'traffic-impact-study', text: '承诺交通影响评价符合要求' }],
  };

  it('a commitment replaces an eligible material; a false one found later terminates the case and writes a credit event', () => {
    const scenario = submitted(['traffic-impact-study']);
    scenario.when(local('2026-03-02 10:00'), window, commit);
    expect(scenario.state.commitments).toHaveLength(1);
    const events = scenario.when(local('2026-03-04 10:00'), dept('natural-resources'), {
      type: 'VerifyCommitment',
      materialCode: 'traffic-impact-study',
      result: 'false',
      note: '现场核查与承诺不符',
    });
    expect(types(events)).toEqual(['CommitmentVerified', 'CreditEventRecorded', 'CaseTerminated']);
    expect(scenario.state.creditEvents).toHaveLength(1);
  });

  it('is refused for a material that does not allow it, or when a missing material is not covered', () => {
    submitted(['fire-special-evaluation']).rejects(
      local('2026-03-02 10:00'),
      window,
      { ...commit, commitments: [{ materialCode: 'fire-special-evaluation', text: 'x' }] },
      'commitment-not-allowed',
    );
    submitted(['traffic-impact-study', 'site-survey-map']).rejects(
      local('2026-03-02 10:00'),
      window,
      commit,
      'commitment-missing',
    );
  });
});

describe('acceptance under the rules of 2026-12 (rules 2)', () => {
  it('即办件 is the catalogue’s, not the window’s: handling immediate on a joint case is refused naming handling', () => {
    const scenario = submitted2();
    const refusal = scenario.rejects(
      local('2026-03-02 10:00'),
      window,
      { type: 'DecideAcceptance', decision: 'accept', handling: 'immediate' },
      'immediate-not-allowed',
    );
    expect(refusal.field).toBe('handling');
    expect(refusal.details).toContain('eia-report-form-approval');
    // Accepted normally, only the matter the catalogue marks immediate (企业投资项目备案) is done on the spot.
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    const systemOpinions = scenario.events.filter(
      (event) => event.type === 'OpinionRecorded' && event.actor.role === 'system',
    );
    expect(systemOpinions.map((event) => (event as { stepId: string }).stepId)).toEqual(['project-filing']);
    expect(scenario.step('eia-approval').status).toBe('in-review');
  });

  it('Art. 32 一次性告知: a notice that leaves out a missing key material is refused naming it', () => {
    const scenario = submitted2(['design-scheme', 'eia-report-form']);
    const refusal = scenario.rejects(
      local('2026-03-03 10:00'),
      window,
      { type: 'DecideAcceptance', decision: 'notify-missing', missing: [{ materialCode: 'design-scheme' }] },
      'notice-incomplete',
    );
    expect(refusal).toMatchObject({ field: 'missing', details: ['eia-report-form'] });
    expect(refusal.message).toContain('eia-report-form');
    scenario.when(local('2026-03-03 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'notify-missing',
      missing: [{ materialCode: 'design-scheme' }, { materialCode: 'eia-report-form', form: '原件' }],
    });
    // One supplement of part of the notice accepts nothing; the rest accepts, with no key material missing.
    scenario.when(local('2026-03-05 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'design-scheme' }],
    });
    expect(scenario.state.status).toBe('awaiting-supplement');
    scenario.when(local('2026-03-06 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'eia-report-form' }],
    });
    expect(scenario.state.status).toBe('in-review');
    expect(scenario.state.missing.every((item) => item.suppliedAt)).toBe(true);
  });

  it('拿地即开工 (Art. 42 ¶2): the joint limit waits for the land contract; its signing is formal acceptance', () => {
    const scenario = submitted2();
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    // Pre-review runs on the steps' own clocks; the land is still listed, so there is no case clock yet.
    expect(scenario.state.clocks.case).toBeUndefined();
    expect(scenario.clock('step:design-scheme-review').deadline).toBe(local('2026-03-09 17:30'));
    // Pre-review answered in time, each department on its own step …
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    scenario.when(local('2026-03-04 10:00'), dept('ecology'), agree('eia-approval'));
    for (const [department, stepId] of [
      ['housing', 'drawing-review'],
      ['fire', 'fire-design-review'],
      ['civil-air-defence', 'air-defence-approval'],
    ] as const) {
      scenario.when(local('2026-03-05 10:00'), dept(department), agree(stepId));
    }
    // … then the land stays listed until Monday 2026-06-15; the 45 working days count from the signing.
    const events = scenario.when(local('2026-06-15 10:00'), window, {
      type: 'SignLandContract',
      contractNumber: '沪规划资源出让〔2026〕12号',
    });
    expect(types(events).slice(0, 2)).toEqual(['LandContractSigned', 'CaseFormallyAccepted']);
    expect(scenario.state.formalAcceptance).toEqual({
      at: local('2026-06-15 10:00'),
      contractNumber: '沪规划资源出让〔2026〕12号',
    });
    // 45 working days after Monday 2026-06-15 (端午 Friday 06-19 off): 10 in June, 23 in July, 12 in August → Tuesday 08-18.
    expect(scenario.clock('case').deadline).toBe(local('2026-08-18 17:30'));
    expect(caseView(scenario.state, local('2026-06-15 10:01'), calendar)).toMatchObject({
      warningLevel: 'none',
      overdue: false,
      formallyAcceptedAt: local('2026-06-15 10:00'),
    });
  });

  it('特办件: the case clock is shortened as the steps are, while the legal limit stays', () => {
    const scenario = submitted2([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, {
      type: 'DecideAcceptance',
      decision: 'accept',
      handling: 'special',
    });
    // Single matter: the case limit is the 20-working-day decision limit, halved to 10 → Monday 2026-03-16.
    expect(scenario.clock('case')).toMatchObject({
      days: 10,
      deadline: local('2026-03-16 17:30'),
      legal: { days: 20, deadline: local('2026-03-30 17:30') },
    });
    expect(scenario.state.priority).toBe(true);
  });

  it('容缺 deadlines compare like with like: a supplement deadline past a calendar-day promised limit is refused', () => {
    const ctx = context('construction-permit', (catalog) => {
      const matter = catalog.matters.find((candidate) => candidate.code === 'construction-permit')!;
      matter.promisedLimit = { value: 5, unit: 'calendar-days' };
    });
    const scenario = submitted2(['supervision-contract'], ctx);
    const tolerate = (within: number): Acceptance => ({
      type: 'DecideAcceptance',
      decision: 'accept-with-tolerance',
      commitmentLetter: true,
      supplementWithinWorkingDays: within,
    });
    // From Monday 2026-03-02: 5 calendar days end Saturday 03-07, rolled to Monday 03-09; 5 working days end Monday
    // 03-09 too, 6 working days Tuesday 03-10: past it.
    scenario.rejects(local('2026-03-02 10:00'), window, tolerate(6), 'supplement-deadline-too-late');
    scenario.when(local('2026-03-02 10:00'), window, tolerate(5));
    expect(scenario.state.status).toBe('in-review');
  });
});
