import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CalendarError,
  MAX_DAY_COUNT,
  WorkingCalendar,
  chinaNationalCalendar,
  type CalendarData,
  type CalendarDay,
  type CalendarErrorCode,
} from './index';

/**
 * The calendar's guard rails: bad input is refused with a code, and it stays pure and fast.
 * Instants are written in UTC. Asia/Shanghai is UTC+8: local 10:00 = 02:00Z, office close 17:30 = 09:30Z.
 * Rules: Art. 82 行政许可法 (periods in working days, statutory holidays excluded), practice: counting starts the day
 * after acceptance and the period ends at office close; holiday facts from 国办发明电〔2025〕7号 (2026).
 */
const calendar = new WorkingCalendar(chinaNationalCalendar());

/** 10:00 local on a date. */
function morning(date: string): string {
  return `${date}T02:00:00.000Z`;
}

function codeOf(action: () => unknown): CalendarErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CalendarError) return error.code;
    throw error;
  }
  return undefined;
}

function dataWith(patch: Partial<CalendarData>): CalendarData {
  return { ...chinaNationalCalendar(), ...patch };
}

describe('input validation (CalendarError with a code)', () => {
  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['too large', MAX_DAY_COUNT + 1],
  ])('a %s count is invalid-count', (_label, count) => {
    expect(codeOf(() => calendar.deadline(morning('2026-03-02'), count))).toBe('invalid-count');
    expect(codeOf(() => calendar.calendarDeadline(morning('2026-03-02'), count))).toBe('invalid-count');
    expect(codeOf(() => calendar.addWorkingDays('2026-03-02', count))).toBe('invalid-count');
  });

  it.each(['2026-03-02', '2026-03-02T10:00:00', '2026-02-30T00:00:00Z', '2026-03-02T24:00:00Z', 'yesterday', ''])(
    '%j is not an instant',
    (at) => {
      expect(codeOf(() => calendar.deadline(at, 1))).toBe('invalid-instant');
    },
  );

  it.each(['2026-2-3', '2026-02-29', '2026-13-01', '20260302', '0000-01-01'])('%j is not a date', (date) => {
    expect(codeOf(() => calendar.isWorkingDay(date))).toBe('invalid-date');
  });

  it('a leap day in a leap year is a date', () => {
    expect(calendar.isWorkingDay('2028-02-29')).toBe(true);
  });

  it.each<[string, Partial<CalendarData>, CalendarErrorCode]>([
    ['fractional offset', { utcOffsetMinutes: 480.5 }, 'invalid-offset'],
    ['offset beyond +14:00', { utcOffsetMinutes: 900 }, 'invalid-offset'],
    ['office close 24:00', { officeClose: '24:00' }, 'invalid-office-close'],
    ['office close 5:30', { officeClose: '5:30' }, 'invalid-office-close'],
    ['a fractional year', { publishedYears: [2026.5] }, 'invalid-year'],
    ['an empty version', { version: '' }, 'invalid-version'],
    ['an empty time zone', { timeZone: '' }, 'invalid-time-zone'],
    ['a malformed day', { days: [{ date: '2026-13-01', kind: 'holiday', name: 'x', source: 'y' }] }, 'invalid-date'],
    ['a day without source', { days: [{ date: '2026-03-02', kind: 'holiday', name: 'x', source: '' }] }, 'invalid-day'],
  ])('calendar data with %s is refused', (_label, patch, code) => {
    expect(codeOf(() => new WorkingCalendar(dataWith(patch)))).toBe(code);
  });

  it('calendar data with an unknown day kind is refused', () => {
    const days = [{ date: '2026-03-02', kind: 'off', name: 'x', source: 'y' }] as unknown as CalendarDay[];
    expect(codeOf(() => new WorkingCalendar(dataWith({ days })))).toBe('invalid-day');
  });

  it('two national entries disagreeing on a date conflict; a national and a local one do not', () => {
    const national: CalendarDay = { date: '2026-02-14', kind: 'holiday', name: 'x', source: 'y' };
    expect(codeOf(() => new WorkingCalendar(dataWith({ days: [...chinaNationalCalendar().days, national] })))).toBe(
      'conflicting-days',
    );
    expect(codeOf(() => chinaNationalCalendar({ localHolidays: [national] }))).toBeUndefined();
  });

  it('chinaNationalCalendar validates its options', () => {
    expect(codeOf(() => chinaNationalCalendar({ officeClose: '25:00' }))).toBe('invalid-office-close');
  });

  it('errors are CalendarError instances with a name and a message', () => {
    try {
      calendar.deadline('not an instant', 1);
      throw new Error('expected a CalendarError');
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarError);
      expect(error).toMatchObject({ name: 'CalendarError', code: 'invalid-instant' });
      expect((error as Error).message).toContain('not an instant');
    }
  });
});

describe('purity and speed (runs in the Temporal workflow sandbox, replays identically)', () => {
  it('the calendar sources read no clock, no Intl time zone and import no Node module', () => {
    const folder = __dirname;
    const sources = [
      ...readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')),
      ...readdirSync(join(folder, 'data'))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => join('data', name)),
    ];
    expect(sources.length).toBeGreaterThanOrEqual(6);
    for (const name of sources) {
      const text = readFileSync(join(folder, name), 'utf8');
      expect([name, /Date\.now|new Date\(|Intl\.|from 'node:|require\(|process\./.test(text)]).toEqual([name, false]);
    }
  });

  it('2,000 deadlines of 200 working days take well under a second', () => {
    const started = performance.now();
    for (let index = 0; index < 2000; index += 1) calendar.deadline(morning('2026-01-29'), 200);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('building the calendar from plain JSON (as an activity returns it) gives the same answers', () => {
    const fromJson = new WorkingCalendar(JSON.parse(JSON.stringify(chinaNationalCalendar())) as CalendarData);
    expect(fromJson.version).toBe(calendar.version);
    expect(fromJson.deadline(morning('2026-09-18'), 20)).toEqual(calendar.deadline(morning('2026-09-18'), 20));
  });
});
