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
    warningLevel: 'none',
    startedAt: '2026-03-02T01:00:00.000Z',
    finishedAt: null,
    workingDaysUsed: null,
    reviewer: null,
    ...patch,
  };
}

const now = '2026-03-20T02:00:00.000Z';

describe('电子监察 per reviewer', () => {
  it('电子监察: received, finished, on time and overdue per reviewer, from the steps each one holds', () => {
    // given reviewer k-1 with one step agreed on time and one agreed late, and k-2 with a 补正 open past its deadline
    const steps = [
      givenStep({ stepId: 'a', reviewer: 'k-1', status: 'agreed', finishedAt: '2026-03-04T02:00:00.000Z' }),
      givenStep({ stepId: 'b', reviewer: 'k-1', status: 'refused', finishedAt: '2026-03-09T02:00:00.000Z' }),
      givenStep({ stepId: 'c', reviewer: 'k-2', department: 'fire', status: 'awaiting-correction' }),
    ];
    // when the statistics per reviewer are computed on 2026-03-20
    const stats = reviewerStats(steps, now);
    // then each reviewer counts only the steps it holds
    expect(stats).toEqual({
      'k-1': { department: 'housing', received: 2, finished: 2, onTime: 1, overdue: 1 },
      'k-2': { department: 'fire', received: 1, finished: 0, onTime: 0, overdue: 1 },
    });
  });

  it('电子监察: a step nobody has answered yet counts for no reviewer', () => {
    // given an open step without an opinion, past its deadline
    const steps = [givenStep({ stepId: 'open' })];
    // when the statistics per reviewer are computed
    // then there is no reviewer to show
    expect(reviewerStats(steps, now)).toEqual({});
  });

  it('电子监察: a step finished without a finishing instant is received but not finished', () => {
    // given an agreed step whose finishing instant has not reached the read model, deadline ahead
    const steps = [givenStep({ stepId: 'x', reviewer: 'k-1', status: 'agreed', deadline: '2026-12-30T09:30:00.000Z' })];
    // when counted
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
      givenStep({ stepId: 'a', reviewer: 'k-9', status: 'agreed', finishedAt: '2026-03-04T02:00:00.000Z' }),
      givenStep({ stepId: 'b', reviewer: 'k-1', status: 'agreed', finishedAt: '2026-03-04T02:00:00.000Z' }),
    ];
    // when the overview is computed
    const overview = supervisionOverview(steps, {
      calendar: new WorkingCalendar(chinaNationalCalendar()),
      matters: [],
      now,
    });
    // then byReviewer lists both, by id
    expect(Object.keys(overview.byReviewer)).toEqual(['k-1', 'k-9']);
    expect(overview.byReviewer['k-9']).toMatchObject({ received: 1, finished: 1, onTime: 1, overdue: 0 });
  });
});
