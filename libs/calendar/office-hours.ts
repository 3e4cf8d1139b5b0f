import { CalendarError } from './calendar-error';
import { MS_PER_DAY, parseClockTime } from './iso-date';

/** A stretch of office time on every working day, local `HH:mm`–`HH:mm` (e.g. 09:00–12:00). */
export interface OfficeHours {
  start: string;
  end: string;
}

/** Office hours when the calendar data names none: 9:00–12:00 and 13:30 to office close (the usual 政务大厅 day). */
export function defaultOfficeHours(officeClose: string): OfficeHours[] {
  const close = parseClockTime(officeClose);
  if (close > parseClockTime('13:30'))
    return [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: officeClose },
    ];
  return [{ start: close > parseClockTime('09:00') ? '09:00' : '00:00', end: officeClose }];
}

/**
 * Office hours as minutes after local midnight, checked: each stretch starts before it ends, they come in order
 * without overlapping, and the last ends at office close (where a period in days ends too).
 */
export function officeMinutes(hours: readonly OfficeHours[], officeClose: string): Array<[number, number]> {
  // Calendar data arrives from outside (database, wire): every entry is checked, whatever its declared type.
  const list: ReadonlyArray<Partial<OfficeHours> | undefined> = Array.isArray(hours) ? hours : [];
  if (list.length === 0) throw new CalendarError('invalid-office-hours', 'office hours must list at least one stretch');
  const stretches = list.map((stretch): [number, number] => {
    const [from, to] = [stretch?.start ?? '', stretch?.end ?? ''];
    const [start, end] = [parseClockTime(from), parseClockTime(to)];
    if (start >= end)
      throw new CalendarError('invalid-office-hours', `office hours ${from}–${to} end before they start`);
    return [start, end];
  });
  for (let index = 1; index < stretches.length; index += 1) {
    if (stretches[index][0] < stretches[index - 1][1])
      throw new CalendarError('invalid-office-hours', 'office hours must come in order and not overlap');
  }
  if (stretches.at(-1)![1] !== parseClockTime(officeClose))
    throw new CalendarError('invalid-office-hours', `the last office hours must end at office close ${officeClose}`);
  return stretches;
}

/** `09:00-12:00,13:30-17:30` (ONEWINDOW_OFFICE_HOURS) as office hours. */
export function parseOfficeHours(text: string): OfficeHours[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((piece) => piece.trim());
      return { start, end };
    });
}

/** What the counting below needs from the working-day calendar. */
export interface OfficeDays {
  isWorking(dayNumber: number): boolean;
  dayOf(epochMs: number): number;
  readonly utcOffsetMinutes: number;
}

/** Upper bound of days crossed when counting minutes, so a bad input cannot spin a workflow task. */
const MAX_DAYS_SCANNED = 100_000;

/** The office stretches of one local day as epoch-millisecond intervals (none on a day off). */
function stretchesOf(days: OfficeDays, minutes: ReadonlyArray<[number, number]>, day: number): Array<[number, number]> {
  if (!days.isWorking(day)) return [];
  const midnight = day * MS_PER_DAY - days.utcOffsetMinutes * 60_000;
  return minutes.map(([start, end]) => [midnight + start * 60_000, midnight + end * 60_000]);
}

/** The instant `workingMinutes` of office time after `fromMs` have passed; 0 minutes gives `fromMs`. */
export function addWorkingMinutes(
  days: OfficeDays,
  minutes: ReadonlyArray<[number, number]>,
  fromMs: number,
  workingMinutes: number,
): number {
  let remaining = workingMinutes * 60_000;
  if (remaining === 0) return fromMs;
  const first = days.dayOf(fromMs);
  for (let day = first; day - first <= MAX_DAYS_SCANNED; day += 1) {
    for (const [start, end] of stretchesOf(days, minutes, day)) {
      if (end <= fromMs) continue;
      const from = Math.max(start, fromMs);
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
  }
  throw new CalendarError('out-of-range', `${workingMinutes} working minutes run past ${MAX_DAYS_SCANNED} days`);
}

/** Office minutes between two instants (0 when `toMs` is not after `fromMs`). */
export function officeMinutesBetween(
  days: OfficeDays,
  minutes: ReadonlyArray<[number, number]>,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  const last = days.dayOf(toMs);
  for (let day = days.dayOf(fromMs); day <= last; day += 1) {
    for (const [start, end] of stretchesOf(days, minutes, day)) {
      const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return Math.floor(total / 60_000);
}
