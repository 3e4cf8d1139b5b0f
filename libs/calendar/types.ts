/**
 * Working-day calendar types. Pure data: the calendar arrives as input (from Postgres through an activity),
 * never from the system clock or the network.
 */

/** A local calendar date in the calendar's time zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** An absolute instant, ISO-8601 in UTC (`2026-03-02T09:30:00.000Z`). */
export type Instant = string;

/** One day whose status differs from the weekday/weekend default. */
export interface CalendarDay {
  date: IsoDate;
  /**
   * `holiday`: a day that is off (a holiday on a weekday; weekend days inside a holiday period may be listed too and
   * change nothing); `workday`: a weekend day that is worked (调休上班).
   */
  kind: 'holiday' | 'workday';
  /** e.g. 春节, 国庆节, 春节调休 */
  name: string;
  /** Where the fact comes from, e.g. 国办发明电〔2025〕7号, or a local government notice. */
  source: string;
  /** true for local extra holidays (autonomous regions etc.), added on top of the national notice. */
  local?: boolean;
}

export interface CalendarData {
  /** A label that changes whenever the data changes (e.g. a content hash); recorded with every deadline. */
  version: string;
  /** IANA name, for display: `Asia/Shanghai`. */
  timeZone: string;
  /** Offset of the calendar's local time from UTC in minutes (Asia/Shanghai: 480, no DST since 1991). */
  utcOffsetMinutes: number;
  /** Office-close time `HH:mm` in local time: a deadline is this moment of its last working day. */
  officeClose: string;
  /**
   * Office hours of a working day (local `HH:mm`), for limits in working hours and minutes; the last stretch ends at
   * `officeClose`. Absent: 09:00–12:00 and 13:30 to office close.
   */
  officeHours?: Array<{ start: string; end: string }>;
  /** Years whose State Council holiday notice is loaded; dates in other years give provisional results. */
  publishedYears: number[];
  days: CalendarDay[];
}

export interface Deadline {
  /** The instant the period ends: office close of the last working day. */
  at: Instant;
  /** The last working day. */
  date: IsoDate;
  /** true when any day counted lies in a year with no published notice: recompute when the calendar is updated. */
  provisional: boolean;
  /** How many working days were counted (for a calendar-day limit: how many working days fall in the period). */
  workingDays: number;
  /** Set for calendar-day limits only: how many calendar days were asked for. */
  calendarDays?: number;
  /** Set for limits in working hours or minutes: how many office minutes were counted. */
  workingMinutes?: number;
  /** Version of the calendar data used. */
  calendarVersion: string;
}

/** What the decider needs from a calendar (implemented by `WorkingCalendar` in libs/calendar). */
export interface WorkingDayCalculator {
  readonly version: string;
  /** Local date of an instant. */
  localDate(at: Instant): IsoDate;
  isWorkingDay(date: IsoDate): boolean;
  /** End (office close) of the Nth working day after the local day of `from`; n = 0 gives office close of that day. */
  deadline(from: Instant, workingDays: number): Deadline;
  /**
   * Working days elapsed from `from` to `to`: the working days after the local day of `from` up to and including
   * the local day of `to`. 0 when `to` is on the same day or earlier.
   */
  workingDaysBetween(from: Instant, to: Instant): number;
  /**
   * Whole working days left before `deadline` as seen at `now` (0 on the last day, negative when overdue:
   * minus the number of working days past it).
   */
  remainingWorkingDays(now: Instant, deadline: Instant): number;
  /**
   * End of the Nth calendar day after the local day of `from` (for limits given in calendar days); with
   * `rollToWorkingDay` a last day that is not worked moves to the next working day (民法典 Art. 203 ¶1).
   */
  calendarDeadline(from: Instant, calendarDays: number, options?: { rollToWorkingDay?: boolean }): Deadline;
  /**
   * The instant `workingMinutes` of office time after `from` (limits in working hours and minutes): only office hours
   * of working days count; a period that starts outside them starts at the next office hour.
   */
  workingTimeDeadline(from: Instant, workingMinutes: number): Deadline;
  /** Office minutes of working days between two instants (0 when `to` is not after `from`). */
  workingMinutesBetween(from: Instant, to: Instant): number;
  /** The Nth working day before `date` (n = 0 gives `date`). */
  subtractWorkingDays(date: IsoDate, workingDays: number): IsoDate;
  /** The instant of office close on a local date. */
  officeCloseAt(date: IsoDate): Instant;
}
