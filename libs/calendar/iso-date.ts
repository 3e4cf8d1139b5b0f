import { CalendarError } from './calendar-error';
import type { Instant, IsoDate } from './types';

/**
 * Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01), integer only: it reads neither the clock
 * nor the host time zone, so it gives the same answer in Node and in the Temporal workflow sandbox.
 */

export const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** First and last day number this module formats: 0001-01-01 and 9999-12-31. */
const MIN_DAY = -719_162;
const MAX_DAY = 2_932_896;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const CLOCK_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of a civil date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Civil date of a day number (H. Hinnant's `civil_from_days`). */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Day number of a `YYYY-MM-DD` date; throws `invalid-date` for anything else (including 2026-02-30). */
export function parseIsoDate(date: IsoDate): number {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (!match) throw new CalendarError('invalid-date', `not a YYYY-MM-DD date: ${String(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new CalendarError('invalid-date', `no such date: ${date}`);
  }
  return daysFromCivil(year, month, day);
}

/** `YYYY-MM-DD` of a day number; throws `out-of-range` outside years 0001–9999. */
export function formatIsoDate(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new CalendarError('out-of-range', `day number ${dayNumber} is outside years 0001-9999`);
  }
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Year of a day number. */
export function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber % 7) + 10) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return weekdayOfDay(parseIsoDate(date));
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new CalendarError('invalid-count', `not a whole number of days: ${days}`);
  return formatIsoDate(parseIsoDate(date) + days);
}

/**
 * Epoch milliseconds of an ISO-8601 instant with an explicit offset (`…Z` or `…+08:00`); seconds and fractions are
 * optional, fractions beyond milliseconds are truncated. Throws `invalid-instant` otherwise.
 */
export function parseInstant(at: Instant): number {
  const match = typeof at === 'string' ? INSTANT_PATTERN.exec(at) : null;
  if (!match) throw new CalendarError('invalid-instant', `not an ISO-8601 instant with offset: ${String(at)}`);
  const [year, month, day, hour, minute] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
  ];
  const second = Number(match[6] ?? '0');
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(match[10] ?? '0');
  const offsetMinutes = Number(match[11] ?? '0');
  if (
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    throw new CalendarError('invalid-instant', `no such instant: ${at}`);
  }
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ` of epoch milliseconds (same text as `Date.prototype.toISOString`). */
export function formatInstant(epochMs: number): Instant {
  const dayNumber = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - dayNumber * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  return `${formatIsoDate(dayNumber)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millis, 3)}Z`;
}

/** Minutes after midnight of a local `HH:mm` clock time (00:00–23:59); throws `invalid-office-close`. */
export function parseClockTime(clock: string): number {
  const match = typeof clock === 'string' ? CLOCK_PATTERN.exec(clock) : null;
  if (!match) throw new CalendarError('invalid-office-close', `not an HH:mm time between 00:00 and 23:59: ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
