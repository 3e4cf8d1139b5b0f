import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { caseView } from '../view';
import {
  accepted2,
  accepted3,
  agree,
  calendar,
  context,
  dept,
  integrator,
  local,
  submitted,
  submitted3,
  suspend,
  system,
  window,
} from '../testing/scenario';
import { spec } from '../testing/spec';

/**
 * The rules of 2026-12b (issue 20), as specs in events: given what a case recorded, when a command comes, then the
 * events the kernel decides, or its refusal. Cases under the older rules keep their behaviour (their tests pass
 * unchanged in the other files; the differences are asserted here where they matter).
 */
const admin = { id: 'admin-1', role: 'admin' };
const at = (instant: string, days: number) => new Date(Date.parse(instant) + days * 86_400_000).toISOString();

describe('rules 2026-12b: a closed case leaves no step open', () => {
  it('a withdrawal cancels every step without an outcome, each with the case’s reason', () => {
    const given = accepted3();
    const open = given.state.stepOrder.filter(
      (stepId) => !['agreed', 'deemed-consent'].includes(given.state.steps[stepId].status),
    );
    const { state } = spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-03 10:00'), window, { type: 'Withdraw', reason: '申请人撤回' })
      .then([{ type: 'CaseWithdrawn' }, { type: 'StepsCancelled', stepIds: open, reason: '申请人撤回' }]);
    expect(open.length).toBeGreaterThan(3);
    for (const stepId of open)
      expect(state.steps[stepId]).toMatchObject({ status: 'cancelled', cancelled: { reason: '申请人撤回' } });
  });

  it('under the rules of 2026-12 the closing recorded no such event: the view shows those steps cancelled all the same', () => {
    const scenario = accepted2();
    scenario.when(local('2026-03-03 10:00'), window, { type: 'Withdraw', reason: '申请人撤回' });
    expect(scenario.events.some((event) => event.type === 'StepsCancelled')).toBe(false);
    const view = caseView(scenario.state, local('2026-06-01 10:00'), calendar);
    expect(view.steps.filter((step) => step.status === 'in-review' || step.status === 'waiting')).toEqual([]);
    expect(view.steps.find((step) => step.stepId === 'eia-approval')).toMatchObject({
      status: 'cancelled',
      cancelled: { reason: '申请人撤回' },
    });
    expect(view.rules).toEqual({ version: 2, label: '2026-12', current: false });
  });
});

describe('rules 2026-12b: alarms due before a message take effect first', () => {
  const consenting = () =>
    context('land-and-start', (catalog) => {
      const step = catalog.templates
        .find((template) => template.id === 'land-and-start')!
        .steps.find((candidate) => candidate.id === 'eia-approval')!;
      catalog.matters.find((matter) => matter.code === step.matterCode)!.timeoutRule = 'deemed-consent';
    });

  it('a disagree that arrives after 超时默认 fell due finds the step consented (its timer had not run yet)', () => {
    const given = accepted3();
    given.ctx = consenting();
    const due = given.clock('step:eia-approval').deadline;
    spec(given.ctx)
      .given(given.events)
      .when(at(due, 1), dept('ecology'), {
        type: 'RecordOpinion',
        stepId: 'eia-approval',
        opinion: 'disagree',
        reasons: '不符合',
      })
      .thenRejects('opinion-already-given', 'stepId');
  });

  it('under the rules of 2026-12 the same disagree refused the step: the outcome depended on the timer', () => {
    const given = accepted2();
    given.ctx = consenting();
    const due = given.clock('step:eia-approval').deadline;
    const events = given.when(at(due, 1), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'disagree',
      reasons: '不符合',
    });
    expect(events.map((event) => event.type)).toContain('OpinionRecorded');
    expect(given.state.steps['eia-approval'].status).toBe('refused');
  });

  it('Art. 32: a one-time notice after the 5 working days finds the case accepted by default from the day of receipt', () => {
    const given = submitted3(['eia-public-notice']);
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-12 10:00'), window, {
        type: 'DecideAcceptance',
        decision: 'notify-missing',
        missing: [{ materialCode: 'eia-public-notice' }],
      })
      .thenRejects('not-awaiting-acceptance');
  });

  it('the alarms come before the message in one decision, dated at their own instants', () => {
    const given = accepted3();
    const warning = given.clock('step:design-scheme-review').warningAt!;
    const { events } = spec(given.ctx)
      .given(given.events)
      .when(at(warning, 0.01), dept('natural-resources'), agree('design-scheme-review'))
      .then([
        { type: 'AlertRaised', key: 'step:design-scheme-review', level: 'warning', at: warning },
        { type: 'OpinionRecorded', stepId: 'design-scheme-review', outcome: 'agreed' },
        { type: 'StepStarted' },
        { type: 'StepStarted' },
        { type: 'StepStarted' },
      ]);
    expect(events.at(-5)!.firedAt).toBe(at(warning, 0.01));
  });
});

describe('rules 2026-12b: notices, corrections and what the catalogue says a step produces', () => {
  it('Art. 32: the one-time notice lists every missing material, secondary ones too', () => {
    const given = submitted3(['eia-public-notice', 'traffic-impact-study']);
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-02 11:00'), window, {
        type: 'DecideAcceptance',
        decision: 'notify-missing',
        missing: [{ materialCode: 'eia-public-notice' }],
      })
      .thenRejects('notice-incomplete', 'missing');
    const complete = spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-02 11:00'), window, {
        type: 'DecideAcceptance',
        decision: 'notify-missing',
        missing: [{ materialCode: 'eia-public-notice' }, { materialCode: 'traffic-impact-study' }],
      });
    complete.then([{ type: 'MissingMaterialsNotified', noticeNumber: 1 }]);
  });

  it('a bad-credit applicant (no 容缺) gets one notice of everything missing, so nothing stays missing after it', () => {
    // A key and a secondary material missing: a notice naming the key one only was accepted before, and the case
    // was then accepted after that supplement with the secondary one still missing (容缺 it could not have).
    const given = submitted(['eia-report-form', 'eia-public-notice'], context(), {
      creditRecord: 'bad',
      rulesVersion: 3,
    });
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-02 11:00'), window, {
        type: 'DecideAcceptance',
        decision: 'notify-missing',
        missing: [{ materialCode: 'eia-report-form' }],
      })
      .thenRejects('notice-incomplete', 'missing');
  });

  it('a 补正 names materials of the step’s own matter (a foreign code would lock the step for good)', () => {
    const given = accepted3();
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-03 10:00'), dept('ecology'), {
        type: 'RecordOpinion',
        stepId: 'eia-approval',
        opinion: 'request-correction',
        corrections: ['fire-special-evaluation'],
      })
      .thenRejects('not-a-material-of-the-step', 'corrections');
  });

  it('企业开办: the business licence the registration step produces is not asked for at receipt', () => {
    const ctx = context('business-setup');
    expect(ctx.catalogVersion >= '2026.3').toBe(true);
    const given = submitted3(['business-licence'], ctx);
    spec(ctx)
      .given(given.events)
      .when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' })
      .then([
        { type: 'CaseAccepted', mode: 'accept' },
        { type: 'StepStarted', stepId: 'business-licence' },
      ]);
  });
});

describe('rules 2026-12b: suspensions end, and only the template may suspend a whole case', () => {
  it('a suspension still running when its stated period ran out raises SuspensionOverran; the view says overrun', () => {
    const given = accepted3();
    given.when(local('2026-03-03 10:00'), dept('ecology'), suspend('eia-approval', 3));
    const end = given.clock('suspension:s0').deadline;
    const check = spec(given.ctx).given(given.events).when(at(end, 1), system, { type: 'CheckClocks' });
    if (!check.decision.ok) throw new Error(check.decision.rejection.message);
    // Among the alarms due by then (other steps' warnings too), the suspension's, at the instant its period ended.
    expect(check.decision.events.filter((event) => event.type === 'SuspensionOverran')).toMatchObject([
      { suspensionId: 's0', at: end, actor: system },
    ]);
    const view = caseView(check.decision.state, at(end, 1), calendar);
    expect(view.suspensions[0]).toMatchObject({ id: 's0', overrun: true, overranAt: end, expectedEnd: end });
  });

  it('a resumption stops the period’s clock: nothing overruns afterwards', () => {
    const given = accepted3();
    given.when(local('2026-03-03 10:00'), dept('ecology'), suspend('eia-approval', 3));
    given.when(local('2026-03-04 10:00'), dept('ecology'), { type: 'ResumeClock', stepId: 'eia-approval' });
    expect(given.clock('suspension:s0').stoppedAt).toBe(local('2026-03-04 10:00'));
  });

  it('a case-wide suspension only where the template allows one', () => {
    const allowed = accepted3();
    expect(allowed.ctx.template.caseSuspensionAllowed).toBe(true);
    allowed.when(local('2026-03-03 10:00'), dept('natural-resources'), suspend(undefined, 5));
    const notAllowed = accepted3(context('construction-permit'));
    spec(notAllowed.ctx)
      .given(notAllowed.events)
      .when(local('2026-03-03 10:00'), dept('housing'), suspend(undefined, 5))
      .thenRejects('suspension-not-allowed', 'stepId');
  });
});

describe('rules 2026-12b: authority and the facts a step keeps', () => {
  it('an admin key decides no department’s step (segregation of duties); the department’s own and its integrator do', () => {
    const given = accepted3();
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-03 10:00'), admin, agree('eia-approval'))
      .thenRejects('wrong-department', 'stepId');
    spec(given.ctx)
      .given(given.events)
      .when(local('2026-03-03 10:00'), integrator('ecology'), agree('eia-approval'))
      .then([{ type: 'OpinionRecorded', outcome: 'agreed' }]);
  });

  it('a finished step carries the working days it used, without the 补正 time, and its legal limit in working days', () => {
    const given = accepted3();
    given.when(local('2026-03-03 10:00'), dept('ecology'), {
      type: 'RecordOpinion',
      stepId: 'eia-approval',
      opinion: 'request-correction',
      corrections: ['eia-public-notice'],
    });
    given.when(local('2026-06-15 10:00'), window, {
      type: 'SupplementDocuments',
      documents: [{ materialCode: 'eia-public-notice' }],
    });
    const { events } = spec(given.ctx)
      .given(given.events)
      .when(local('2026-06-16 10:00'), dept('ecology'), agree('eia-approval'))
      .then([{ type: 'OpinionRecorded', outcome: 'agreed' }]);
    // Working days 2026-03-02 → 03-03 (1) and 06-15 → 06-16 (1): the 补正 months are the applicant's.
    expect(events.at(-1)).toMatchObject({ time: { workingDays: 2 } });
    // EIA's legal limit is 30 calendar days: the working days they span from the start, not left out.
    const legal = (events.at(-1) as { time: { legalWorkingDays: number } }).time.legalWorkingDays;
    expect(legal).toBeGreaterThanOrEqual(20);
    expect(legal).toBeLessThanOrEqual(23);
    const view = caseView(given.state, local('2026-06-16 10:00'), calendar);
    expect(view.steps.find((step) => step.stepId === 'eia-approval')!.clock).toMatchObject({ overdue: false });
  });

  it('a warning raised on a step stays counted when the step later finishes on time', () => {
    const given = accepted3();
    const warning = given.clock('step:design-scheme-review').warningAt!;
    given.when(warning, system, { type: 'CheckClocks' });
    given.when(at(warning, 0.01), dept('natural-resources'), agree('design-scheme-review'));
    const step = caseView(given.state, at(warning, 1), calendar).steps.find(
      (candidate) => candidate.stepId === 'design-scheme-review',
    )!;
    expect(step.clock!.warningLevel).toBe('none');
    expect(step.raised).toEqual({ warning: true, yellow: false, red: false, legal: false });
  });
});

describe('rules 2026-12b: recomputation after a notice', () => {
  /** The national calendar with a local holiday added (a region's notice published mid-case). */
  const withHoliday = (date: string) => {
    const data = chinaNationalCalendar();
    return new WorkingCalendar({
      ...data,
      version: `${data.version}+${date}`,
      days: [...data.days, { date, kind: 'holiday', name: '地方假日', source: '地方通知', local: true }],
    });
  };

  it('a legal deadline that a notice moves alone is moved (the promised one before it stays)', () => {
    const given = accepted3();
    const clock = given.clock('step:design-scheme-review');
    expect(clock.deadline).toBe(local('2026-03-09 17:30'));
    const legalBefore = clock.legal!.deadline;
    const ctx = { ...given.ctx, calendar: withHoliday('2026-03-20') };
    const { state } = spec(ctx)
      .given(given.events)
      .when(local('2026-03-04 10:00'), system, { type: 'RecomputeDeadlines' })
      .then([{ type: 'DeadlinesRecomputed' }]);
    const moved = state.clocks['step:design-scheme-review'];
    expect(moved.deadline).toBe(clock.deadline);
    expect(Date.parse(moved.legal!.deadline)).toBeGreaterThan(Date.parse(legalBefore));
  });

  it('a legal limit that has passed is recorded once, whatever notices come after', () => {
    const given = accepted3();
    const legal = given.clock('step:design-scheme-review').legal!.deadline;
    given.when(at(legal, 1), system, { type: 'CheckClocks' });
    const exceeded = () =>
      given.events.filter((event) => event.type === 'LegalLimitExceeded' && event.key === 'step:design-scheme-review');
    expect(exceeded()).toHaveLength(1);
    // A notice that moves both deadlines by a day, both still past.
    given.ctx = { ...given.ctx, calendar: withHoliday('2026-03-05') };
    given.when(at(legal, 2), system, { type: 'RecomputeDeadlines' });
    expect(given.events.at(-1)).toMatchObject({ type: 'DeadlinesRecomputed' });
    given.when(at(legal, 3), system, { type: 'CheckClocks' });
    expect(exceeded()).toHaveLength(1);
  });

  it('a legal deadline in a year with no notice yet shows as provisional', () => {
    const given = submitted3([], context(), local('2026-12-21 09:00'));
    given.when(local('2026-12-21 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    const step = caseView(given.state, local('2026-12-21 10:00'), calendar).steps.find(
      (candidate) => candidate.stepId === 'design-scheme-review',
    )!;
    expect(step.clock).toMatchObject({ legalDeadlineProvisional: true });
  });
});
