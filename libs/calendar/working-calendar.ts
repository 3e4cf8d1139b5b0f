import { CalendarError } from './calendar-error';
import {
  MS_PER_DAY,
  formatInstant,
  formatIsoDate,
  parseClockTime,
  parseInstant,
  parseIsoDate,
  weekdayOfDay,
  yearOfDay,
} from './iso-date';
import {
  addWorkingMinutes,
  defaultOfficeHours,
  officeMinutes,
  officeMinutesBetween,
  type OfficeHours,
} from './office-hours';
import type { CalendarData, CalendarDay, Deadline, Instant, IsoDate, WorkingDayCalculator } from './types';

/** Upper bound for any count of days, so a bad input cannot spin a workflow task (≈ 270 years). */
export const MAX_DAY_COUNT = 100_000;

/** UTC offsets that exist on Earth: −12:00 … +14:00. */
const MIN_OFFSET_MINUTES = -720;
const MAX_OFFSET_MINUTES = 840;

/** Working days among the first r days of a week that starts on a Thursday (day 0 = 1970-01-01): Thu Fri Sat Sun Mon Tue Wed. */
const WEEKDAYS_IN_PREFIX = [0, 1, 2, 2, 2, 3, 4, 5] as const;

export interface CalendarDeadlineOptions {
  /**
   * When the last day is not a working day, end the period at the first working day after it (民法典 Art. 203 ¶1:
   * 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日). Off by default: the interface promises the
   * Nth calendar day; turn it on per matter where the rule applies.
   */
  rollToWorkingDay?: boolean;
}

/** How one local date is treated, for display and audit. */
export interface DayInfo {
  date: IsoDate;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  /** The entry of `days` that decided, when one did (national notice or local holiday). */
  override?: CalendarDay;
  /** true when the date's year has no published notice: the weekday/weekend default was assumed. */
  provisional: boolean;
}

function isWeekend(dayNumber: number): boolean {
  return weekdayOfDay(dayNumber) >= 6;
}

/** Weekdays (Mon–Fri) among day numbers < x. */
function weekdaysBefore(x: number): number {
  const weeks = Math.floor(x / 7);
  return weeks * 5 + WEEKDAYS_IN_PREFIX[x - weeks * 7];
}

function assertCount(count: number, what: string): void {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_DAY_COUNT) {
    throw new CalendarError('invalid-count', `${what} must be a whole number from 0 to ${MAX_DAY_COUNT}: ${count}`);
  }
}

function isPlainString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * Checks calendar data received from outside (database, wire); throws a `CalendarError` naming the first problem.
 * Two entries for the same date conflict when they are of the same origin (both national or both local) and disagree
 * on the kind; a local entry overrides a national one.
 */
export function assertCalendarData(data: CalendarData): void {
  if (typeof data !== 'object' || data === null) throw new CalendarError('invalid-day', 'calendar data is missing');
  if (!isPlainString(data.version)) throw new CalendarError('invalid-version', 'calendar version must be a string');
  if (!isPlainString(data.timeZone)) throw new CalendarError('invalid-time-zone', 'time zone must be an IANA name');
  const offset: unknown = data.utcOffsetMinutes;
  if (
    typeof offset !== 'number' ||
    !Number.isInteger(offset) ||
    offset < MIN_OFFSET_MINUTES ||
    offset > MAX_OFFSET_MINUTES
  ) {
    throw new CalendarError('invalid-offset', `UTC offset must be whole minutes from -720 to 840: ${String(offset)}`);
  }
  parseClockTime(data.officeClose);
  if (data.officeHours !== undefined) officeMinutes(data.officeHours, data.officeClose);
  if (!Array.isArray(data.publishedYears)) throw new CalendarError('invalid-year', 'publishedYears must be a list');
  for (const year of data.publishedYears as unknown[]) {
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9999) {
      throw new CalendarError('invalid-year', `not a year: ${String(year)}`);
    }
  }
  if (!Array.isArray(data.days)) throw new CalendarError('invalid-day', 'days must be a list');
  const seen = new Map<string, CalendarDay>();
  for (const day of data.days as unknown[]) {
    if (typeof day !== 'object' || day === null) throw new CalendarError('invalid-day', 'a calendar day is missing');
    const entry = day as CalendarDay;
    parseIsoDate(entry.date);
    if (entry.kind !== 'holiday' && entry.kind !== 'workday') {
      throw new CalendarError('invalid-day', `${entry.date}: kind must be holiday or workday`);
    }
    if (!isPlainString(entry.name) || !isPlainString(entry.source)) {
      throw new CalendarError('invalid-day', `${entry.date}: name and source are required`);
    }
    const key = `${entry.date}/${entry.local === true ? 'local' : 'national'}`;
    const earlier = seen.get(key);
    if (earlier && earlier.kind !== entry.kind) {
      throw new CalendarError(
        'conflicting-days',
        `${entry.date} is both ${earlier.kind} (${earlier.name}) and ${entry.kind} (${entry.name})`,
      );
    }
    if (!earlier) seen.set(key, entry);
  }
}

/**
 * The working-day calendar (Art. 82 行政许可法: periods in working days, statutory holidays excluded). Pure: local
 * time is UTC + `utcOffsetMinutes`, day status is weekday/weekend overridden by `days`, nothing reads the clock, so
 * it runs in the Temporal workflow sandbox and replays identically.
 */
export class WorkingCalendar implements WorkingDayCalculator {
  readonly version: string;
  readonly timeZone: string;
  readonly utcOffsetMinutes: number;
  readonly officeClose: string;
  readonly publishedYears: readonly number[];
  readonly officeHours: readonly OfficeHours[];

  private readonly officeCloseMinutes: number;
  private readonly officeStretches: ReadonlyArray<[number, number]>;
  private readonly published: ReadonlySet<number>;
  /** Day number → the entry that decides it (local over national). */
  private readonly overrides: ReadonlyMap<number, CalendarDay>;
  /** Days whose status differs from the weekday default, sorted, with the running sum of their effect (+1 / −1). */
  private readonly changedDays: readonly number[];
  private readonly changeSums: readonly number[];

  constructor(data: CalendarData) {
    assertCalendarData(data);
    this.version = data.version;
    this.timeZone = data.timeZone;
    this.utcOffsetMinutes = data.utcOffsetMinutes;
    this.officeClose = data.officeClose;
    this.officeCloseMinutes = parseClockTime(data.officeClose);
    this.officeHours = (data.officeHours ?? defaultOfficeHours(data.officeClose)).map((stretch) => ({ ...stretch }));
    this.officeStretches = officeMinutes(this.officeHours, data.officeClose);
    this.publishedYears = [...new Set(data.publishedYears)].sort((a, b) => a - b);
    this.published = new Set(this.publishedYears);

    const overrides = new Map<number, CalendarDay>();
    for (const day of data.days) {
      const dayNumber = parseIsoDate(day.date);
      const current = overrides.get(dayNumber);
      if (!current || (day.local === true && current.local !== true)) overrides.set(dayNumber, { ...day });
    }
    this.overrides = overrides;

    const changed = [...overrides.entries()]
      .filter(([dayNumber, day]) => (day.kind === 'workday') !== !isWeekend(dayNumber))
      .map(([dayNumber, day]) => [dayNumber, day.kind === 'workday' ? 1 : -1] as const)
      .sort(([a], [b]) => a - b);
    this.changedDays = changed.map(([dayNumber]) => dayNumber);
    let sum = 0;
    this.changeSums = changed.map(([, effect]) => (sum += effect));
  }

  /** Local date (UTC + offset) of an instant. */
  localDate(at: Instant): IsoDate {
    return formatIsoDate(this.dayOf(parseInstant(at)));
  }

  /** Weekdays are worked, weekends are not, unless `days` says otherwise (holiday notice 调休, local holidays). */
  isWorkingDay(date: IsoDate): boolean {
    return this.isWorking(parseIsoDate(date));
  }

  /** Whether the State Council notice for `year` is loaded. */
  isPublishedYear(year: number): boolean {
    return this.published.has(year);
  }

  /** Status of one local date and what decided it. */
  describeDay(date: IsoDate): DayInfo {
    const dayNumber = parseIsoDate(date);
    const override = this.overrides.get(dayNumber);
    return {
      date,
      weekday: weekdayOfDay(dayNumber),
      working: this.isWorking(dayNumber),
      ...(override ? { override: { ...override } } : {}),
      provisional: !this.published.has(yearOfDay(dayNumber)),
    };
  }

  /** The Nth working day after `date` (n = 0 gives `date` itself). */
  addWorkingDays(date: IsoDate, workingDays: number): IsoDate {
    assertCount(workingDays, 'working days');
    return formatIsoDate(this.advance(parseIsoDate(date), workingDays));
  }

  /** The Nth working day before `date` (n = 0 gives `date` itself). */
  subtractWorkingDays(date: IsoDate, workingDays: number): IsoDate {
    assertCount(workingDays, 'working days');
    let day = parseIsoDate(date);
    for (let counted = 0; counted < workingDays;) {
      day -= 1;
      if (this.isWorking(day)) counted += 1;
    }
    return formatIsoDate(day);
  }

  /** The first working day after `date` (the day counting starts from, Art. 82 practice, when it is worked). */
  nextWorkingDay(date: IsoDate): IsoDate {
    return formatIsoDate(this.advance(parseIsoDate(date), 1));
  }

  /** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
  countWorkingDays(from: IsoDate, to: IsoDate): number {
    return this.countBetween(parseIsoDate(from), parseIsoDate(to));
  }

  /** The instant of office close on a local date. */
  officeCloseAt(date: IsoDate): Instant {
    return this.closeOf(parseIsoDate(date));
  }

  /** true when a day in `from`…`to` (inclusive) lies in a year without a published notice. */
  isProvisional(from: IsoDate, to: IsoDate): boolean {
    return this.provisionalSpan(parseIsoDate(from), parseIsoDate(to));
  }

  /**
   * Office close of the Nth working day after the local day of `from` (Art. 82: working days, holidays excluded;
   * the start day itself is not counted). n = 0 gives office close of the start day. Extending a deadline by k days
   * (Art. 42 ¶1) is `deadline(previous.at, k)`.
   */
  deadline(from: Instant, workingDays: number): Deadline {
    assertCount(workingDays, 'working days');
    const start = this.dayOf(parseInstant(from));
    const end = this.advance(start, workingDays);
    return {
      at: this.closeOf(end),
      date: formatIsoDate(end),
      provisional: this.provisionalSpan(workingDays === 0 ? start : start + 1, end),
      workingDays,
      calendarVersion: this.version,
    };
  }

  /**
   * Office close of the Nth calendar day after the local day of `from` (民法典 Art. 201: the start day is not counted;
   * Art. 203 ¶2: where there are business hours, the period ends when business stops). `workingDays` in the result
   * is the number of working days inside the period.
   */
  calendarDeadline(from: Instant, calendarDays: number, options: CalendarDeadlineOptions = {}): Deadline {
    assertCount(calendarDays, 'calendar days');
    const start = this.dayOf(parseInstant(from));
    let end = start + calendarDays;
    if (options.rollToWorkingDay === true) {
      while (!this.isWorking(end)) end += 1;
    }
    return {
      at: this.closeOf(end),
      date: formatIsoDate(end),
      provisional: this.provisionalSpan(end === start ? start : start + 1, end),
      workingDays: this.countBetween(start, end),
      calendarDays,
      calendarVersion: this.version,
    };
  }

  /**
   * The instant `workingMinutes` of office time after `from`: only office hours of working days count (a period that
   * starts outside them starts at the next office hour). `workingDays` in the result is the number of working days
   * after the start day up to the end day.
   */
  workingTimeDeadline(from: Instant, workingMinutes: number): Deadline {
    assertCount(workingMinutes, 'working minutes');
    const fromMs = parseInstant(from);
    const endMs = addWorkingMinutes(this.officeDays(), this.officeStretches, fromMs, workingMinutes);
    const [start, end] = [this.dayOf(fromMs), this.dayOf(endMs)];
    return {
      at: formatInstant(endMs),
      date: formatIsoDate(end),
      provisional: this.provisionalSpan(start, end),
      workingDays: this.countBetween(start, end),
      workingMinutes,
      calendarVersion: this.version,
    };
  }

  /** Office minutes of working days between two instants (0 when `to` is not after `from`). */
  workingMinutesBetween(from: Instant, to: Instant): number {
    return officeMinutesBetween(this.officeDays(), this.officeStretches, parseInstant(from), parseInstant(to));
  }

  /** Working days after the local day of `from` up to and including the local day of `to`; 0 when not after. */
  workingDaysBetween(from: Instant, to: Instant): number {
    return this.countBetween(this.dayOf(parseInstant(from)), this.dayOf(parseInstant(to)));
  }

  /**
   * Until the deadline instant: the working days after today up to and including the deadline's day (0 on the last
   * day, also after midnight of it). Past the deadline instant: minus the working days after the deadline's day up to
   * and including today, and at least −1 (so the evening of the last day after office close is already −1).
   */
  remainingWorkingDays(now: Instant, deadline: Instant): number {
    const nowMs = parseInstant(now);
    const deadlineMs = parseInstant(deadline);
    const today = this.dayOf(nowMs);
    const lastDay = this.dayOf(deadlineMs);
    if (nowMs <= deadlineMs) return this.countBetween(today, lastDay);
    return -Math.max(1, this.countBetween(lastDay, today));
  }

  private officeDays(): {
    isWorking: (day: number) => boolean;
    dayOf: (ms: number) => number;
    utcOffsetMinutes: number;
  } {
    return {
      isWorking: (day) => this.isWorking(day),
      dayOf: (ms) => this.dayOf(ms),
      utcOffsetMinutes: this.utcOffsetMinutes,
    };
  }

  /**
   * Working days as arithmetic a database can repeat (电子监察 in SQL): with day(t) the local day number of an
   * instant, the working days after day a up to day b are max(0, number(b) − number(a)); number(x) is the weekdays
   * among days ≤ x plus corrections[x − firstDay] (0 before firstDay, the last entry after the table), the running
   * sum of the notices' effects (+1 a worked weekend day, −1 a weekday holiday), as `countBetween` counts.
   */
  dayNumbers(): { utcOffsetMinutes: number; firstDay: number; corrections: number[] } {
    const first = this.changedDays[0];
    const last = this.changedDays.at(-1);
    if (first === undefined || last === undefined)
      return { utcOffsetMinutes: this.utcOffsetMinutes, firstDay: 0, corrections: [0] };
    return {
      utcOffsetMinutes: this.utcOffsetMinutes,
      firstDay: first,
      corrections: Array.from({ length: last - first + 1 }, (_, index) => this.changeSumThrough(first + index)),
    };
  }

  private dayOf(epochMs: number): number {
    return Math.floor((epochMs + this.utcOffsetMinutes * 60_000) / MS_PER_DAY);
  }

  private closeOf(dayNumber: number): Instant {
    return formatInstant(dayNumber * MS_PER_DAY + (this.officeCloseMinutes - this.utcOffsetMinutes) * 60_000);
  }

  private isWorking(dayNumber: number): boolean {
    const override = this.overrides.get(dayNumber);
    return override ? override.kind === 'workday' : !isWeekend(dayNumber);
  }

  private advance(start: number, workingDays: number): number {
    let day = start;
    for (let counted = 0; counted < workingDays;) {
      day += 1;
      if (this.isWorking(day)) counted += 1;
    }
    return day;
  }

  /** Working days in (from, to]: weekdays by arithmetic, corrected by the overrides in range (binary search). */
  private countBetween(from: number, to: number): number {
    if (to <= from) return 0;
    const weekdays = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
    return weekdays + this.changeSumThrough(to) - this.changeSumThrough(from);
  }

  /** Sum of the override effects on days ≤ dayNumber. */
  private changeSumThrough(dayNumber: number): number {
    let low = 0;
    let high = this.changedDays.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.changedDays[middle] ?? 0) <= dayNumber) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : (this.changeSums[low - 1] ?? 0);
  }

  private provisionalSpan(first: number, last: number): boolean {
    for (let year = yearOfDay(first); year <= yearOfDay(last); year += 1) {
      if (!this.published.has(year)) return true;
    }
    return false;
  }
}
