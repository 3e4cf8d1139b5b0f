import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { FINISHED_STEP_STATUSES } from '@onewindow/case';
import {
  addStepSums,
  caseCounts,
  isFinishedStep,
  openWarnings,
  stepSums,
  statsOfSums,
  supervisionOverview,
  supervisionStats,
  type SupervisedCase,
  type SupervisedStep,
  type SupervisionContext,
  type SupervisionFilter,
} from './index';

/**
 * Instants are UTC; Asia/Shanghai is UTC+8, so 09:00 local is 01:00Z, 10:00 is 02:00Z and office close (17:30) is
 * 09:30Z. Every step starts on Monday 2026-03-02, a working week with no holiday. The rows carry the kernel's facts;
 * the statistics only select and sum them (and compare a running clock with its deadline).
 */
const calendar = new WorkingCalendar(chinaNationalCalendar());
const started = '2026-03-02T01:00:00.000Z';
const none = { warning: false, yellow: false, red: false, legal: false };

function givenStep(patch: Partial<SupervisedStep> & Pick<SupervisedStep, 'stepId'>): SupervisedStep {
  return {
    caseId: 'OW-1',
    matterCode: 'construction-permit',
    department: 'housing',
    status: 'in-review',
    deadline: null,
    legalDeadline: null,
    warningLevel: 'none',
    running: true,
    suspendedSince: null,
    overdue: false,
    legalOverdue: false,
    raised: none,
    startedAt: started,
    finishedAt: null,
    cancelledAt: null,
    workingDaysUsed: null,
    legalWorkingDays: null,
    reviewer: null,
    ...patch,
  };
}

function context(now: string): SupervisionContext {
  return { calendar, now };
}

/** The four steps of the supervision e2e test, counted on 2026-03-20. */
const mixed = [
  // Finished a day early: Wednesday against a Thursday deadline, 2 working days used of a legal 7.
  givenStep({
    stepId: 'a',
    status: 'agreed',
    running: false,
    deadline: '2026-03-05T09:30:00.000Z',
    finishedAt: '2026-03-04T02:00:00.000Z',
    workingDaysUsed: 2,
    legalWorkingDays: 7,
  }),
  // Finished three days late: 8 working days used of a legal 20, its 黄牌 raised.
  givenStep({
    stepId: 'b',
    matterCode: 'works-planning-permit',
    status: 'agreed',
    running: false,
    deadline: '2026-03-09T09:30:00.000Z',
    warningLevel: 'yellow',
    overdue: true,
    raised: { ...none, warning: true, yellow: true },
    finishedAt: '2026-03-12T02:00:00.000Z',
    workingDaysUsed: 8,
    legalWorkingDays: 20,
  }),
  // Open and past its deadline, with a yellow card.
  givenStep({
    stepId: 'c',
    deadline: '2026-03-10T09:30:00.000Z',
    warningLevel: 'yellow',
    overdue: true,
    raised: { ...none, warning: true, yellow: true },
  }),
  // Open with a warning, deadline far ahead.
  givenStep({
    stepId: 'd',
    deadline: '2026-12-30T09:30:00.000Z',
    warningLevel: 'warning',
    raised: { ...none, warning: true },
  }),
];

describe('电子监察 statistics: the kernel’s facts, selected and summed', () => {
  it('a step is finished once it has an outcome (agreed, deemed consent, refused), as the kernel says', () => {
    for (const status of FINISHED_STEP_STATUSES) expect(isFinishedStep(status)).toBe(true);
    for (const status of ['waiting', 'in-review', 'awaiting-correction', 'referred', 'cancelled', 'skipped'])
      expect(isFinishedStep(status)).toBe(false);
  });

  it('received, finished, on time, early, overdue, open, warnings and cards of a mixed set of steps', () => {
    const stats = supervisionStats(mixed, context('2026-03-20T02:00:00.000Z'));
    // a and b are finished (a on time and early, b late); c is open and overdue; d is open with a warning. Three
    // steps ever had a warning raised (b's stayed counted when it finished), two a yellow card.
    expect(stats).toMatchObject({
      received: 4,
      finished: 2,
      cancelled: 0,
      onTime: 1,
      early: 1,
      overdue: 2,
      legalOverdue: 0,
      open: 2,
      warnings: 3,
      yellowCards: 2,
      redCards: 0,
    });
  });

  it('average working days used against the average legal limit, and the compression 1 − used / legal', () => {
    const stats = supervisionStats(mixed, context('2026-03-20T02:00:00.000Z'));
    expect(stats.averageWorkingDaysUsed).toBe(5);
    expect(stats.averageLegalWorkingDays).toBe(13.5);
    expect(stats.compressionRatio).toBeCloseTo(1 - 5 / 13.5, 12);
  });

  it('a step held for the applicant’s 补正 is not late, however long it waits: its clock does not run', () => {
    const waiting = givenStep({
      stepId: 'h',
      status: 'awaiting-correction',
      running: false,
      suspendedSince: '2026-03-03T02:00:00.000Z',
      deadline: '2026-03-09T09:30:00.000Z',
    });
    const stats = supervisionStats([waiting], context('2026-06-01T02:00:00.000Z'));
    expect(stats).toMatchObject({ overdue: 0, open: 1, yellowCards: 0 });
    expect(openWarnings([waiting], context('2026-06-01T02:00:00.000Z'))).toEqual([]);
  });

  it('a step cancelled with its case is neither open nor finished; one that was already late stays counted late', () => {
    const cancelled = [
      givenStep({ stepId: 'x', status: 'cancelled', running: false, cancelledAt: '2026-03-04T02:00:00.000Z' }),
      givenStep({
        stepId: 'y',
        status: 'cancelled',
        running: false,
        overdue: true,
        raised: { ...none, yellow: true },
        deadline: '2026-03-03T09:30:00.000Z',
        cancelledAt: '2026-03-04T02:00:00.000Z',
      }),
    ];
    expect(supervisionStats(cancelled, context('2026-06-01T02:00:00.000Z'))).toMatchObject({
      received: 2,
      finished: 0,
      cancelled: 2,
      open: 0,
      overdue: 1,
      yellowCards: 1,
    });
    expect(openWarnings(cancelled, context('2026-06-01T02:00:00.000Z'))).toEqual([]);
  });

  it('legal-limit overruns are counted beside the promised ones: the kernel’s fact, or a running clock past it', () => {
    const steps = [
      givenStep({
        stepId: 'p',
        status: 'agreed',
        running: false,
        overdue: true,
        legalOverdue: true,
        finishedAt: started,
      }),
      givenStep({ stepId: 'q', deadline: '2026-03-05T09:30:00.000Z', legalDeadline: '2026-03-10T09:30:00.000Z' }),
    ];
    expect(supervisionStats(steps, context('2026-03-20T02:00:00.000Z'))).toMatchObject({ overdue: 2, legalOverdue: 2 });
    expect(supervisionStats(steps, context('2026-03-06T02:00:00.000Z'))).toMatchObject({ overdue: 2, legalOverdue: 1 });
  });

  it('finishing on the deadline’s own day is on time but not early', () => {
    const step = givenStep({
      stepId: 'e',
      status: 'agreed',
      running: false,
      deadline: '2026-03-05T09:30:00.000Z',
      finishedAt: '2026-03-05T02:00:00.000Z',
    });
    expect(supervisionStats([step], context('2026-03-20T02:00:00.000Z'))).toMatchObject({
      onTime: 1,
      early: 0,
      overdue: 0,
    });
  });

  it('statistics per department and per matter, the groups in name order', () => {
    const steps = mixed.map((step) =>
      step.stepId === 'c' || step.stepId === 'd' ? { ...step, department: 'fire' } : step,
    );
    const overview = supervisionOverview(steps, context('2026-03-20T02:00:00.000Z'));
    expect(Object.keys(overview.byDepartment)).toEqual(['fire', 'housing']);
    expect(overview.byDepartment.fire).toMatchObject({ received: 2, finished: 0, overdue: 1, warnings: 2 });
    expect(overview.byDepartment.housing).toMatchObject({ received: 2, finished: 2, onTime: 1, early: 1 });
    expect(Object.keys(overview.byMatter)).toEqual(['construction-permit', 'works-planning-permit']);
    expect(overview.byMatter['works-planning-permit']).toMatchObject({ received: 1, overdue: 1 });
    expect(overview.total.received).toBe(4);
  });
});

describe('电子监察 in cases and within a filter', () => {
  const supervised = (caseId: string, patch: Partial<SupervisedCase>): SupervisedCase => ({
    caseId,
    departments: ['housing'],
    matters: ['construction-permit'],
    receivedAt: started,
    closedAt: null,
    deadline: '2026-03-09T09:30:00.000Z',
    legalDeadline: null,
    deadlineRunning: true,
    caseOverdue: false,
    caseLegalOverdue: false,
    ...patch,
  });

  it('cases are counted as cases, by the kernel’s facts of their own limit: an issuance after the case’s deadline is not late', () => {
    const cases = [
      // Closed on time, of housing and fire.
      supervised('OW-1', {
        closedAt: '2026-03-06T02:00:00.000Z',
        deadlineRunning: false,
        departments: ['housing', 'fire'],
      }),
      // Decided within its limit, the licence issued within Art. 44's: closed after the case's own deadline, on time.
      supervised('OW-2', { closedAt: '2026-03-12T02:00:00.000Z', deadlineRunning: false }),
      // Closed late: the kernel said so.
      supervised('OW-3', { closedAt: '2026-03-12T02:00:00.000Z', deadlineRunning: false, caseOverdue: true }),
      // Open, its clock running past its deadline.
      supervised('OW-4', {}),
      // Open, held for the applicant: not late.
      supervised('OW-5', { deadlineRunning: false }),
    ];
    const overview = supervisionOverview(mixed, context('2026-03-20T02:00:00.000Z'), {}, cases);
    expect(overview.total.cases).toEqual({ received: 5, finished: 3, onTime: 2, overdue: 2, legalOverdue: 0, open: 2 });
    expect(overview.byDepartment.housing.cases.received).toBe(5);
    expect(Object.keys(overview.byDepartment)).toEqual(['housing']);
    const closedEarly = supervisionOverview(
      mixed,
      context('2026-03-20T02:00:00.000Z'),
      { period: 'finished', to: '2026-03-10T00:00:00.000Z' },
      cases,
    );
    expect(closedEarly.total.cases).toMatchObject({ received: 1, finished: 1, onTime: 1 });
  });

  it('sums of groups add up to the sums of the whole, and the statistics follow from them', () => {
    const now = '2026-03-20T02:00:00.000Z';
    const [first, second] = [mixed.slice(0, 2), mixed.slice(2)];
    const added = addStepSums(stepSums(first, context(now)), stepSums(second, context(now)));
    expect(added).toEqual(stepSums(mixed, context(now)));
    expect(statsOfSums(added, caseCounts([], now))).toEqual(supervisionStats(mixed, context(now)));
  });

  it('a period counts the steps received (started) or finished in [from, to); department and matter narrow it', () => {
    const now = context('2026-03-20T02:00:00.000Z');
    const count = (filter: SupervisionFilter) => supervisionOverview(mixed, now, filter).total.received;
    expect(count({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toBe(4);
    expect(count({ from: '2026-03-02T01:00:00.000Z' })).toBe(4);
    expect(count({ to: '2026-03-02T01:00:00.000Z' })).toBe(0);
    expect(count({ period: 'finished', from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' })).toBe(1);
    expect(count({ period: 'finished', to: '2026-04-01T00:00:00.000Z' })).toBe(2);
    expect(count({ matter: 'works-planning-permit' })).toBe(1);
    expect(count({ department: 'fire' })).toBe(0);
    const narrowed = supervisionOverview(mixed, now, { matter: 'construction-permit' });
    expect(Object.keys(narrowed.byMatter)).toEqual(['construction-permit']);
    expect(narrowed.openWarnings.map((warning) => warning.stepId)).toEqual(['c', 'd']);
  });
});

describe('电子监察 open warning list', () => {
  it('open steps with an alarm raised or running past their deadline are listed, nearest deadline first', () => {
    const list = openWarnings(mixed, context('2026-03-20T02:00:00.000Z'));
    expect(list.map((warning) => [warning.stepId, warning.level])).toEqual([
      ['c', 'yellow'],
      ['d', 'warning'],
    ]);
    expect(list[0]).toEqual({
      caseId: 'OW-1',
      stepId: 'c',
      department: 'housing',
      matterCode: 'construction-permit',
      level: 'yellow',
      deadline: '2026-03-10T09:30:00.000Z',
      // 03-11 … 03-20 were worked past the deadline: 8 working days
      remainingWorkingDays: -8,
      suspended: false,
    });
  });

  it('an open step running past its deadline shows a 黄牌 even before the kernel’s own alarm has reached the read model', () => {
    const step = givenStep({ stepId: 'late', deadline: '2026-03-10T09:30:00.000Z' });
    expect(openWarnings([step], context('2026-03-11T02:00:00.000Z'))).toMatchObject([
      { stepId: 'late', level: 'yellow', remainingWorkingDays: -1 },
    ]);
  });

  it('a held step with a warning raised before it stopped keeps the days it had left (they do not run down)', () => {
    const step = givenStep({
      stepId: 'held',
      status: 'awaiting-correction',
      running: false,
      suspendedSince: '2026-03-09T02:00:00.000Z',
      deadline: '2026-03-10T09:30:00.000Z',
      warningLevel: 'warning',
      raised: { ...none, warning: true },
    });
    expect(openWarnings([step], context('2026-06-01T02:00:00.000Z'))).toMatchObject([
      { stepId: 'held', level: 'warning', remainingWorkingDays: 1, suspended: true },
    ]);
  });

  it('a 红牌 on a step without a deadline is listed first, with no working days to count', () => {
    const steps = [
      givenStep({ stepId: 'red', warningLevel: 'red' }),
      givenStep({ stepId: 'warn', warningLevel: 'warning', deadline: '2026-03-27T09:30:00.000Z' }),
    ];
    const list = openWarnings(steps, context('2026-03-20T02:00:00.000Z'));
    expect(list.map((warning) => warning.stepId)).toEqual(['red', 'warn']);
    expect(list[0]).toMatchObject({ level: 'red', deadline: null, remainingWorkingDays: null });
  });
});
