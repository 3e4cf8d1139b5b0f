import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { CASE_STATUSES, CLOSED_STATUSES } from '@onewindow/case';
import {
  isRatable,
  opensRectification,
  RATING_LEVELS,
  ratingsSummary,
  rectificationDeadline,
  rectifiedOnTime,
  rectificationLate,
  rectificationStats,
} from './index';

/**
 * Instants are UTC; Asia/Shanghai is UTC+8, so 10:00 local is 02:00Z and office close (17:30) is 09:30Z.
 * Holidays from 国办发明电〔2025〕7号 (2026).
 */
const calendar = new WorkingCalendar(chinaNationalCalendar());

describe('好差评 rules', () => {
  it('好差评: only a finished (closed) case can be rated, by the decider’s own list of closed statuses', () => {
    // given every case status
    const statuses = CASE_STATUSES;
    // when each is asked whether it may be rated
    const ratable = statuses.filter((status) => isRatable(status));
    // then exactly the closed ones may
    expect(ratable).toEqual([...CLOSED_STATUSES]);
    expect(isRatable('in-review')).toBe(false);
    expect(isRatable('awaiting-issuance')).toBe(false);
  });

  it('好差评: a dissatisfied or very dissatisfied rating opens a rectification task, the other three do not', () => {
    // given the five levels, 非常满意 … 非常不满意
    // when each is rated
    const opening = RATING_LEVELS.filter((level) => opensRectification(level));
    // then only the two bad ones (差评) open a task
    expect(opening).toEqual(['dissatisfied', 'very-dissatisfied']);
  });

  it('好差评: a dissatisfied rating opens a rectification task due in 15 working days', () => {
    // given a rating on Monday 2026-03-02 at 10:00, with no holiday in the next three weeks
    const ratedAt = '2026-03-02T02:00:00.000Z';
    // when its rectification deadline is set
    const due = rectificationDeadline(calendar, ratedAt);
    // then it is office close of the 15th working day after: Monday 2026-03-23
    expect(due).toMatchObject({ at: '2026-03-23T09:30:00.000Z', workingDays: 15, provisional: false });
    expect(due.calendarVersion).toBe(calendar.version);
  });

  it('好差评: the 15 working days of a rectification skip 国庆节 and count its 调休 Saturday', () => {
    // given a rating on Wednesday 2026-09-30, the eve of the 10-01 … 10-07 holiday (Saturday 10-10 is worked)
    const ratedAt = '2026-09-30T02:00:00.000Z';
    // when its rectification deadline is set
    const due = rectificationDeadline(calendar, ratedAt);
    // then counting starts on 10-08: 8, 9, 10 (Sat), 12-16, 19-23, 26, 27
    expect(due.at).toBe('2026-10-27T09:30:00.000Z');
  });

  it('好差评: a rectification deadline in a year with no holiday notice yet is provisional', () => {
    // given a rating late in 2026, whose 15 working days run into 2027 (no notice published)
    // when its rectification deadline is set
    const due = rectificationDeadline(calendar, '2026-12-21T02:00:00.000Z');
    // then the deadline is marked provisional, to be recomputed when the 2027 notice is loaded
    expect(due.provisional).toBe(true);
  });

  it('整改: a rectification completed at its deadline is on time, a millisecond later it is late', () => {
    // given a task due at office close on 2026-03-23
    const deadline = '2026-03-23T09:30:00.000Z';
    // when it is completed at that instant, or just after
    // then the first is on time and the second is not
    expect(rectifiedOnTime({ deadline, completedAt: deadline })).toBe(true);
    expect(rectifiedOnTime({ deadline, completedAt: '2026-03-23T09:30:00.001Z' })).toBe(false);
  });

  it('整改: a task is late (and opens a late-rectification record) open past its deadline, or completed after it', () => {
    // given a task due at office close on 2026-03-23
    const deadline = '2026-03-23T09:30:00.000Z';
    const justAfter = '2026-03-23T09:30:00.001Z';
    // when it is still open at its deadline, or a millisecond after
    // then it is late only once the deadline has passed
    expect(rectificationLate({ deadline, completedAt: null }, deadline)).toBe(false);
    expect(rectificationLate({ deadline, completedAt: null }, justAfter)).toBe(true);
    // when it was completed at the deadline, or a millisecond after, and is judged long after
    // then only the one completed after the deadline is late, whatever `now` is
    expect(rectificationLate({ deadline, completedAt: deadline }, '2026-12-01T00:00:00.000Z')).toBe(false);
    expect(rectificationLate({ deadline, completedAt: justAfter }, '2026-12-01T00:00:00.000Z')).toBe(true);
    expect(rectificationLate({ deadline, completedAt: justAfter }, '2026-03-01T00:00:00.000Z')).toBe(true);
  });
});

describe('好差评 in the supervision overview', () => {
  const now = '2026-04-01T02:00:00.000Z';

  it('好差评: every level is counted, the ones nobody gave as 0, in the order 非常满意 … 非常不满意', () => {
    // given ratings of two levels only
    const levels = [
      { level: 'dissatisfied', count: 2 },
      { level: 'very-satisfied', count: 5 },
    ];
    // when the summary is made
    const summary = ratingsSummary(levels, [], now);
    // then all five levels appear, in order, and the count is their sum
    expect(Object.keys(summary.byLevel)).toEqual([...RATING_LEVELS]);
    expect(summary.byLevel).toEqual({
      'very-satisfied': 5,
      satisfied: 0,
      'basically-satisfied': 0,
      dissatisfied: 2,
      'very-dissatisfied': 0,
    });
    expect(summary.count).toBe(7);
    expect(summary.rectifications).toEqual({ open: 0, overdue: 0, completed: 0, completedLate: 0 });
  });

  it('整改: open tasks past their deadline are overdue; completed tasks finished after it are completed late', () => {
    // given four tasks: open and due later, open and past due, completed in time, completed late
    const tasks = [
      { deadline: '2026-04-10T09:30:00.000Z', completedAt: null },
      { deadline: '2026-03-31T09:30:00.000Z', completedAt: null },
      { deadline: '2026-03-23T09:30:00.000Z', completedAt: '2026-03-20T02:00:00.000Z' },
      { deadline: '2026-03-23T09:30:00.000Z', completedAt: '2026-03-24T02:00:00.000Z' },
    ];
    // when they are counted at `now` (2026-04-01)
    const stats = rectificationStats(tasks, now);
    // then
    expect(stats).toEqual({ open: 2, overdue: 1, completed: 2, completedLate: 1 });
  });

  it('整改: an open task is overdue only once its deadline has passed, not at the deadline itself', () => {
    // given an open task due exactly at `now`
    const tasks = [{ deadline: now, completedAt: null }];
    // when counted at `now`
    // then it is open but not yet overdue
    expect(rectificationStats(tasks, now)).toMatchObject({ open: 1, overdue: 0 });
  });
});
