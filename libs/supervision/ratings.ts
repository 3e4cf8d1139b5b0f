import type { Deadline, Instant, WorkingDayCalculator } from '@onewindow/calendar';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import { isClosedStatus } from '@onewindow/case';

/** 好差评 five levels, 非常满意 … 非常不满意. */
export const RATING_LEVELS = [
  'very-satisfied', // 非常满意
  'satisfied', // 满意
  'basically-satisfied', // 基本满意
  'dissatisfied', // 不满意
  'very-dissatisfied', // 非常不满意
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** 差评: the two levels that open a rectification task (整改). */
export const BAD_RATING_LEVELS = ['dissatisfied', 'very-dissatisfied'] as const satisfies readonly RatingLevel[];
const BAD: ReadonlySet<RatingLevel> = new Set(BAD_RATING_LEVELS);

/** 好差评: bad ratings open a rectification task, good ones close the matter. */
export function opensRectification(level: RatingLevel): boolean {
  return BAD.has(level);
}

/**
 * 好差评 comes after the case is finished: decided or ended, by the decider's own list of closed statuses, so the
 * two can never disagree about what "finished" means.
 */
export function isRatable(caseStatus: string): boolean {
  return isClosedStatus(caseStatus);
}

/** 整改 within 15 working days of the rating, at office close (DEFAULT_LIMITS.ratingRectification). */
export function rectificationDeadline(calendar: WorkingDayCalculator, ratedAt: Instant): Deadline {
  return calendar.deadline(ratedAt, DEFAULT_LIMITS.ratingRectification.value);
}

/** A rectification completed at its deadline's instant or before is on time. */
export function rectifiedOnTime(task: { deadline: Instant; completedAt: Instant }): boolean {
  return Date.parse(task.completedAt) <= Date.parse(task.deadline);
}

/**
 * 整改 late at `now`: still open past its deadline's instant (not at the deadline itself), or completed after it
 * (`rectifiedOnTime` false). Such a task counts as overdue or completed late, and opens a late-rectification record.
 */
export function rectificationLate(task: { deadline: Instant; completedAt: Instant | null }, now: Instant): boolean {
  return task.completedAt === null
    ? Date.parse(task.deadline) < Date.parse(now)
    : !rectifiedOnTime({ deadline: task.deadline, completedAt: task.completedAt });
}

export interface RectificationStats {
  open: number;
  /** Open and past the deadline. */
  overdue: number;
  completed: number;
  /** Completed after the deadline. */
  completedLate: number;
}

export interface RatingsSummary {
  count: number;
  /** Every level, 0 for the ones nobody gave. */
  byLevel: Record<RatingLevel, number>;
  rectifications: RectificationStats;
}

export function rectificationStats(
  tasks: ReadonlyArray<{ deadline: Instant; completedAt: Instant | null }>,
  now: Instant,
): RectificationStats {
  const open = tasks.filter((task) => task.completedAt === null);
  const completed = tasks.filter((task) => task.completedAt !== null);
  return {
    open: open.length,
    overdue: open.filter((task) => rectificationLate(task, now)).length,
    completed: completed.length,
    completedLate: completed.filter((task) => rectificationLate(task, now)).length,
  };
}

/** 好差评 for the supervision overview: ratings per level and how the rectifications stand at `now`. */
export function ratingsSummary(
  levelCounts: ReadonlyArray<{ level: string; count: number }>,
  tasks: ReadonlyArray<{ deadline: Instant; completedAt: Instant | null }>,
  now: Instant,
): RatingsSummary {
  const byLevel = Object.fromEntries(
    RATING_LEVELS.map((level) => [level, levelCounts.find((row) => row.level === level)?.count ?? 0]),
  ) as Record<RatingLevel, number>;
  return {
    count: Object.values(byLevel).reduce((a, b) => a + b, 0),
    byLevel,
    rectifications: rectificationStats(tasks, now),
  };
}
