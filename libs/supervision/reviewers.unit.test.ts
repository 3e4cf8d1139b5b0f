import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { reviewerStats, supervisionOverview, type SupervisedStep } from './index';

/** Steps start on Monday 2026-03-02 (09:00 local is 01:00Z); office close 17:30 local is 09:30Z. */
function givenStep(patch: Partial<SupervisedStep> & Pick<SupervisedStep, 'stepId'>): SupervisedStep {
  return {
    caseId: 'OW-1',
    matterCode: 'construction-permit',
    department: 'housing',
    status: 'in-review',
    deadline: '2026-03-05T09:30:00.000Z',
    legalDeadline: '2026-03-11T09:30:00.000Z',
    warningLevel: 'none',
    running: true,
    suspendedSince: null,
    overdue: false,
    legalOverdue: false,
    raised: { warning: false, yellow: false, red: false, legal: false },
    startedAt: '2026-03-02T01:00:00.000Z',
    finishedAt: null,
    cancelledAt: null,
    workingDaysUsed: null,
    legalWorkingDays: null,
    reviewer: null,
    ...patch,
  };
}

const finished = { running: false } as const;
const now = '2026-03-20T02:00:00.000Z';

describe('电子监察 per reviewer', () => {
  it('电子监察: received, finished, on time and overdue per reviewer, from the facts of the steps each one holds', () => {
    // given reviewer k-1 with one step agreed on time and one refused late (the kernel's overdue fact), and k-2
    // with a step awaiting the applicant's 补正 since before its deadline (its clock held) and one in review past it
    const steps = [
      givenStep({
        stepId: 'a',
        reviewer: 'k-1',
        status: 'agreed',
        ...finished,
        finishedAt: '2026-03-04T02:00:00.000Z',
      }),
      givenStep({
        stepId: 'b',
        reviewer: 'k-1',
        status: 'refused',
        ...finished,
        overdue: true,
        finishedAt: '2026-03-09T02:00:00.000Z',
      }),
      givenStep({
        stepId: 'c',
        reviewer: 'k-2',
        department: 'fire',
        status: 'awaiting-correction',
        running: false,
        suspendedSince: '2026-03-03T02:00:00.000Z',
      }),
      givenStep({ stepId: 'd', reviewer: 'k-2', department: 'fire', status: 'in-review' }),
    ];
    // when the statistics per reviewer are computed on 2026-03-20
    const stats = reviewerStats(steps, now);
    // then each reviewer counts only the steps it holds, and the applicant's time is charged to nobody
    expect(stats).toEqual({
      'k-1': { department: 'housing', received: 2, finished: 2, onTime: 1, overdue: 1 },
      'k-2': { department: 'fire', received: 2, finished: 0, onTime: 0, overdue: 1 },
    });
  });

  it('电子监察: a step nobody has answered yet counts for no reviewer', () => {
    // given an open step without an opinion, past its deadline
    const steps = [givenStep({ stepId: 'open' })];
    // when the statistics per reviewer are computed
    // then there is no reviewer to show
    expect(reviewerStats(steps, now)).toEqual({});
  });

  it('电子监察: a step cancelled when its case closed is received but neither finished nor late', () => {
    // given a step its reviewer had taken up, cancelled when the applicant withdrew, its deadline since passed
    const steps = [
      givenStep({
        stepId: 'x',
        reviewer: 'k-1',
        status: 'cancelled',
        ...finished,
        cancelledAt: '2026-03-03T02:00:00.000Z',
      }),
    ];
    // when counted on 2026-03-20
    // then it is received, neither finished nor late
    expect(reviewerStats(steps, now)['k-1']).toEqual({
      department: 'housing',
      received: 1,
      finished: 0,
      onTime: 0,
      overdue: 0,
    });
  });

  it('电子监察: the overview carries the per-reviewer statistics in reviewer order', () => {
    // given two reviewers, listed out of order
    const steps = [
      givenStep({
        stepId: 'a',
        reviewer: 'k-9',
        status: 'agreed',
        ...finished,
        finishedAt: '2026-03-04T02:00:00.000Z',
      }),
      givenStep({
        stepId: 'b',
        reviewer: 'k-1',
        status: 'agreed',
        ...finished,
        finishedAt: '2026-03-04T02:00:00.000Z',
      }),
    ];
    // when the overview is computed
    const overview = supervisionOverview(steps, { calendar: new WorkingCalendar(chinaNationalCalendar()), now });
    // then byReviewer lists both, by id
    expect(Object.keys(overview.byReviewer)).toEqual(['k-1', 'k-9']);
    expect(overview.byReviewer['k-9']).toMatchObject({ received: 1, finished: 1, onTime: 1, overdue: 0 });
  });
});
