import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { FINISHED_STEP_STATUSES } from '@onewindow/domain';
import {
  addStepSums,
  caseCounts,
  isFinishedStep,
  openWarnings,
  supervisionOverview,
  stepSums,
  statsOfSums,
  supervisionStats,
  type SupervisedCase,
  type SupervisedStep,
  type SupervisionFilter,
  type SupervisionContext,
} from './index';

/**
 * Instants are UTC; Asia/Shanghai is UTC+8, so 09:00 local is 01:00Z, 10:00 is 02:00Z and office close (17:30) is
 * 09:30Z. Every step starts on Monday 2026-03-02, a working week with no holiday.
 */
const calendar = new WorkingCalendar(chinaNationalCalendar());
const started = '2026-03-02T01:00:00.000Z';

function givenStep(patch: Partial<SupervisedStep> & Pick<SupervisedStep, 'stepId'>): SupervisedStep {
  return {
    caseId: 'OW-1',
    matterCode: 'construction-permit',
    department: 'housing',
    status: 'in-review',
    deadline: null,
    warningLevel: 'none',
    startedAt: started,
    finishedAt: null,
    workingDaysUsed: null,
    ...patch,
  };
}

function context(now: string): SupervisionContext {
  return {
    calendar,
    now,
    matters: [
      { code: 'construction-permit', legalLimit: { value: 7, unit: 'working-days' } },
      { code: 'works-planning-permit', legalLimit: { value: 20, unit: 'working-days' } },
      { code: 'temporary-use', legalLimit: { value: 30, unit: 'calendar-days' } },
    ],
  };
}

/** The four steps of the supervision e2e test, counted on 2026-03-20. */
const mixed = [
  // Finished a day early: Wednesday against a Thursday deadline, 2 working days used of a legal 7.
  givenStep({
    stepId: 'a',
    status: 'agreed',
    deadline: '2026-03-05T09:30:00.000Z',
    finishedAt: '2026-03-04T02:00:00.000Z',
  }),
  // Finished three days late: 8 working days used of a legal 20.
  givenStep({
    stepId: 'b',
    matterCode: 'works-planning-permit',
    status: 'agreed',
    deadline: '2026-03-09T09:30:00.000Z',
    warningLevel: 'yellow',
    finishedAt: '2026-03-12T02:00:00.000Z',
  }),
  // Open and past its deadline, with a yellow card.
  givenStep({ stepId: 'c', deadline: '2026-03-10T09:30:00.000Z', warningLevel: 'yellow' }),
  // Open with a warning, deadline far ahead.
  givenStep({ stepId: 'd', deadline: '2026-12-30T09:30:00.000Z', warningLevel: 'warning' }),
];

describe('电子监察 statistics', () => {
  it('电子监察: a step is finished once it has an outcome (agreed, deemed consent, refused), as the decider says', () => {
    // given every step status with an outcome, and the ones still running
    // when each is asked whether it is finished
    // then exactly the decider's finished statuses are
    for (const status of FINISHED_STEP_STATUSES) expect(isFinishedStep(status)).toBe(true);
    for (const status of ['waiting', 'in-review', 'awaiting-correction', 'referred'])
      expect(isFinishedStep(status)).toBe(false);
  });

  it('电子监察: received, finished, on time, early, overdue, open, warnings and cards of a mixed set of steps', () => {
    // given the four steps, counted on 2026-03-20
    // when the statistics are computed
    const stats = supervisionStats(mixed, context('2026-03-20T02:00:00.000Z'));
    // then a and b are finished (a on time and early, b late); c is open and overdue; d is open with a warning
    expect(stats).toMatchObject({
      received: 4,
      finished: 2,
      onTime: 1,
      early: 1,
      overdue: 2,
      open: 2,
      warnings: 1,
      yellowCards: 2,
      redCards: 0,
    });
  });

  it('电子监察: average working days used against the average legal limit, and the compression 1 − used / legal', () => {
    // given a (2 working days of a legal 7) and b (8 of a legal 20) finished
    // when the statistics are computed
    const stats = supervisionStats(mixed, context('2026-03-20T02:00:00.000Z'));
    // then the averages are 5 and 13.5 and the compression is 1 − 5 / 13.5
    expect(stats.averageWorkingDaysUsed).toBe(5);
    expect(stats.averageLegalWorkingDays).toBe(13.5);
    expect(stats.compressionRatio).toBeCloseTo(1 - 5 / 13.5, 12);
  });

  it('电子监察: working days used skip 清明节, so a step across the holiday is not charged for it', () => {
    // given a step started Thursday 2026-04-02 and finished Tuesday 2026-04-07 (04-04 … 04-06 off)
    const step = givenStep({
      stepId: 'q',
      status: 'agreed',
      startedAt: '2026-04-02T02:00:00.000Z',
      finishedAt: '2026-04-07T02:00:00.000Z',
    });
    // when the statistics are computed
    const stats = supervisionStats([step], context('2026-04-08T02:00:00.000Z'));
    // then only Friday 04-03 and Tuesday 04-07 count
    expect(stats.averageWorkingDaysUsed).toBe(2);
  });

  it('电子监察: a legal limit in calendar days is left out of the working-day average', () => {
    // given a finished step whose matter's legal limit is 30 calendar days
    const step = givenStep({
      stepId: 't',
      matterCode: 'temporary-use',
      status: 'agreed',
      finishedAt: '2026-03-04T02:00:00.000Z',
    });
    // when the statistics are computed
    const stats = supervisionStats([step], context('2026-03-20T02:00:00.000Z'));
    // then the days used are averaged but there is no legal average and no compression
    expect(stats).toMatchObject({ averageWorkingDaysUsed: 2, averageLegalWorkingDays: null, compressionRatio: null });
  });

  it('电子监察: a step with an outcome but no finishing instant is still counted as open', () => {
    // given an agreed step whose finishing instant has not reached the read model
    const step = givenStep({ stepId: 'x', status: 'agreed' });
    // when the statistics are computed
    const stats = supervisionStats([step], context('2026-03-20T02:00:00.000Z'));
    // then it is open, and nothing is averaged
    expect(stats).toMatchObject({ finished: 0, open: 1, averageWorkingDaysUsed: null, compressionRatio: null });
  });

  it('电子监察: finishing on the deadline’s own day is on time but not early', () => {
    // given a step finished at 10:00 on the day its deadline ends at office close
    const step = givenStep({
      stepId: 'e',
      status: 'agreed',
      deadline: '2026-03-05T09:30:00.000Z',
      finishedAt: '2026-03-05T02:00:00.000Z',
    });
    // when the statistics are computed
    const stats = supervisionStats([step], context('2026-03-20T02:00:00.000Z'));
    // then
    expect(stats).toMatchObject({ onTime: 1, early: 0, overdue: 0 });
  });

  it('电子监察: statistics per department and per matter, the groups in name order', () => {
    // given the four steps, two of them moved to another department
    const steps = mixed.map((step) =>
      step.stepId === 'c' || step.stepId === 'd' ? { ...step, department: 'fire' } : step,
    );
    // when the overview is computed
    const overview = supervisionOverview(steps, context('2026-03-20T02:00:00.000Z'));
    // then each group has its own statistics, and the total has all four
    expect(Object.keys(overview.byDepartment)).toEqual(['fire', 'housing']);
    expect(overview.byDepartment.fire).toMatchObject({ received: 2, finished: 0, overdue: 1, warnings: 1 });
    expect(overview.byDepartment.housing).toMatchObject({ received: 2, finished: 2, onTime: 1, early: 1 });
    expect(Object.keys(overview.byMatter)).toEqual(['construction-permit', 'works-planning-permit']);
    expect(overview.byMatter['works-planning-permit']).toMatchObject({ received: 1, overdue: 1 });
    expect(overview.total.received).toBe(4);
  });
});

describe('电子监察 in cases and within a filter', () => {
  it('电子监察: cases are counted as cases: closed on time, closed late, open past their deadline, per department', () => {
    // given three cases of housing (one also of fire): closed on time, closed after its deadline, open past it
    const supervised = (caseId: string, patch: Partial<SupervisedCase>): SupervisedCase => ({
      caseId,
      departments: ['housing'],
      matters: ['construction-permit'],
      receivedAt: started,
      closedAt: null,
      deadline: '2026-03-09T09:30:00.000Z',
      ...patch,
    });
    const cases = [
      supervised('OW-1', { closedAt: '2026-03-06T02:00:00.000Z', departments: ['housing', 'fire'] }),
      supervised('OW-2', { closedAt: '2026-03-12T02:00:00.000Z' }),
      supervised('OW-3', {}),
    ];
    // when the overview is computed on 2026-03-20 with the mixed steps (all of housing)
    const overview = supervisionOverview(mixed, context('2026-03-20T02:00:00.000Z'), {}, cases);
    // then three cases, two finished (one on time), two late, one open; fire has no step, so no group of its own
    expect(overview.total.cases).toEqual({ received: 3, finished: 2, onTime: 1, overdue: 2, open: 1 });
    expect(overview.byDepartment.housing.cases.received).toBe(3);
    expect(Object.keys(overview.byDepartment)).toEqual(['housing']);
    // and a period counts the cases received (or closed) in it
    const closedEarly = supervisionOverview(
      mixed,
      context('2026-03-20T02:00:00.000Z'),
      {
        period: 'finished',
        to: '2026-03-10T00:00:00.000Z',
      },
      cases,
    );
    expect(closedEarly.total.cases).toMatchObject({ received: 1, finished: 1, onTime: 1 });
  });

  it('电子监察: working days used as the projection counted them when the step finished', () => {
    // given a step finished a day after it started, whose row says 3 working days were used
    const step = givenStep({
      stepId: 'w',
      status: 'agreed',
      finishedAt: '2026-03-03T02:00:00.000Z',
      workingDaysUsed: 3,
    });
    // when the statistics are computed
    // then the stored count is used (the calendar alone would say 1)
    expect(supervisionStats([step], context('2026-03-20T02:00:00.000Z')).averageWorkingDaysUsed).toBe(3);
    expect(
      supervisionStats([{ ...step, workingDaysUsed: null }], context('2026-03-20T02:00:00.000Z'))
        .averageWorkingDaysUsed,
    ).toBe(1);
  });

  it('电子监察: sums of groups add up to the sums of the whole, and the statistics follow from them', () => {
    // given the four mixed steps split by department
    const now = '2026-03-20T02:00:00.000Z';
    const [first, second] = [mixed.slice(0, 2), mixed.slice(2)];
    // when the sums of the two halves are added
    const added = addStepSums(stepSums(first, context(now)), stepSums(second, context(now)));
    // then they equal the sums of all four, and give the same statistics
    expect(added).toEqual(stepSums(mixed, context(now)));
    expect(statsOfSums(added, caseCounts([], now))).toEqual(supervisionStats(mixed, context(now)));
  });

  it('电子监察: a period counts the steps received (started) or finished in [from, to); department and matter narrow it', () => {
    // given the four mixed steps (all started 03-02; a finished 03-04, b 03-12)
    const now = context('2026-03-20T02:00:00.000Z');
    const count = (filter: SupervisionFilter) => supervisionOverview(mixed, now, filter).total.received;
    // then
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
  it('电子监察: open steps with a warning or past their deadline are listed, nearest deadline first', () => {
    // given the four steps, counted on 2026-03-20
    // when the open warning list is made
    const list = openWarnings(mixed, context('2026-03-20T02:00:00.000Z'));
    // then the finished steps are left out, c (overdue) comes before d (warning)
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
    });
  });

  it('电子监察: an open step past its deadline shows a 黄牌 even before the workflow has raised one', () => {
    // given an open step past its deadline, its warning level still none in the read model
    const step = givenStep({ stepId: 'late', deadline: '2026-03-10T09:30:00.000Z' });
    // when the open warning list is made on 2026-03-11
    const list = openWarnings([step], context('2026-03-11T02:00:00.000Z'));
    // then it is listed as yellow
    expect(list).toMatchObject([{ stepId: 'late', level: 'yellow', remainingWorkingDays: -1 }]);
  });

  it('电子监察: an open step within its deadline and without a warning is not listed', () => {
    // given an open step due next week, no warning raised
    const step = givenStep({ stepId: 'calm', deadline: '2026-03-27T09:30:00.000Z' });
    // when the open warning list is made
    // then it is empty
    expect(openWarnings([step], context('2026-03-20T02:00:00.000Z'))).toEqual([]);
  });

  it('电子监察: a 红牌 on a step without a deadline is listed first, with no working days to count', () => {
    // given a red card on a step whose deadline is unknown, and a warning with a deadline
    const steps = [
      givenStep({ stepId: 'red', warningLevel: 'red' }),
      givenStep({ stepId: 'warn', warningLevel: 'warning', deadline: '2026-03-27T09:30:00.000Z' }),
    ];
    // when the open warning list is made
    const list = openWarnings(steps, context('2026-03-20T02:00:00.000Z'));
    // then the undated one comes first (the list sorts by deadline, an unknown one before any)
    expect(list.map((warning) => warning.stepId)).toEqual(['red', 'warn']);
    expect(list[0]).toMatchObject({ level: 'red', deadline: null, remainingWorkingDays: null });
  });
});
