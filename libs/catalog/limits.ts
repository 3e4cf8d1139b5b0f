import type { LimitUnit, TimeLimit } from './types';

/** Units counted inside office hours, minute by minute. */
export const SUB_DAY_UNITS: ReadonlySet<LimitUnit> = new Set<LimitUnit>(['working-hours', 'working-minutes']);

export function isSubDay(unit: LimitUnit): boolean {
  return SUB_DAY_UNITS.has(unit);
}

/** A sub-day limit in working minutes (hours × 60). */
export function workingMinutesOf(limit: TimeLimit): number {
  return limit.unit === 'working-hours' ? limit.value * 60 : limit.value;
}

/** Longest run of consecutive days off in a year of the State Council notices (国庆: 8 days in 2025). */
const LONGEST_HOLIDAY_RUN = 8;

/** The office day assumed when comparing limits without a calendar: 9:00–12:00 and 13:30–17:30. */
export const DEFAULT_OFFICE_MINUTES_PER_DAY = 420;

/**
 * The most calendar days N working days can span: whole weeks of 5 working days plus the longest holiday run.
 * A promised limit in working days is within a legal limit in calendar days only if it fits even then.
 */
export function maxCalendarDaysOf(workingDays: number): number {
  return Math.ceil(workingDays / 5) * 7 + LONGEST_HOLIDAY_RUN;
}

/**
 * The most working days after its start day a limit can end on. M office minutes started at the last minute of a day
 * (or on a day off) end on the ceil(M / office-day)-th working day after it.
 */
function maxWorkingDaysOf(limit: TimeLimit, officeMinutesPerDay: number): number {
  if (isSubDay(limit.unit)) return Math.ceil(workingMinutesOf(limit) / officeMinutesPerDay);
  // N calendar days hold at most N working days (a 调休 weekend can make every day a working day).
  return limit.value;
}

/**
 * true when limit `a` can never end after limit `b` (same start). Sub-day limits compare minute for minute; against
 * a day limit they count as the office days they may touch (`officeMinutesPerDay`).
 */
export function limitWithin(
  a: TimeLimit,
  b: TimeLimit,
  officeMinutesPerDay: number = DEFAULT_OFFICE_MINUTES_PER_DAY,
): boolean {
  if (isSubDay(a.unit) && isSubDay(b.unit)) return workingMinutesOf(a) <= workingMinutesOf(b);
  if (isSubDay(b.unit)) return false;
  if (a.unit === b.unit) return a.value <= b.value;
  if (b.unit === 'calendar-days') {
    const working = isSubDay(a.unit) ? maxWorkingDaysOf(a, officeMinutesPerDay) : a.value;
    return maxCalendarDaysOf(working) <= b.value;
  }
  return maxWorkingDaysOf(a, officeMinutesPerDay) <= b.value;
}
