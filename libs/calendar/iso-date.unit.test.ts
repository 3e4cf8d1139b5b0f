import { calendarVersion, canonicalCalendarContent, fnv1a64, type CalendarContent } from './calendar-version';
import {
  addDays,
  civilFromDays,
  daysFromCivil,
  formatInstant,
  formatIsoDate,
  isoWeekday,
  parseInstant,
  parseIsoDate,
} from './iso-date';
import { chinaNationalCalendar } from './data/cn-2025-2026';

describe('pure date arithmetic (no host clock or time zone, for the workflow sandbox)', () => {
  it('day numbers round-trip and agree with Date.UTC from 1900 to 2100', () => {
    for (let day = daysFromCivil(1900, 1, 1); day <= daysFromCivil(2100, 12, 31); day += 1) {
      const { year, month, day: dayOfMonth } = civilFromDays(day);
      expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
      if (dayOfMonth === 1) expect(Date.UTC(year, month - 1, 1) / 86_400_000).toBe(day);
    }
  });

  it('weekdays: 2026-01-01 is a Thursday, 2026-03-01 a Sunday, 2025-01-01 a Wednesday', () => {
    expect(isoWeekday('2026-01-01')).toBe(4);
    expect(isoWeekday('2026-03-01')).toBe(7);
    expect(isoWeekday('2025-01-01')).toBe(3);
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('addDays crosses months, leap days and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('instants parse like Date.parse and format like toISOString', () => {
    for (const at of [
      '2026-03-01T17:00:00.000Z',
      '2026-03-02T01:00+08:00',
      '2025-12-31T23:59:59.999-05:30',
      '1969-07-20T20:17:40Z',
    ]) {
      expect(parseInstant(at)).toBe(Date.parse(at));
      expect(formatInstant(parseInstant(at))).toBe(new Date(Date.parse(at)).toISOString());
    }
    expect(parseInstant('2026-03-02T09:30:00.123456789Z')).toBe(Date.parse('2026-03-02T09:30:00.123Z'));
  });

  it('formatIsoDate refuses day numbers outside years 0001–9999', () => {
    expect(formatIsoDate(parseIsoDate('9999-12-31'))).toBe('9999-12-31');
    expect(() => formatIsoDate(parseIsoDate('9999-12-31') + 1)).toThrow(/outside/);
  });
});

describe('calendar version (a content label recorded with every deadline)', () => {
  it('FNV-1a 64 matches the published test vectors and hashes UTF-8', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64('春节')).toBe('b7d0da9247b75aba'); // computed independently over the UTF-8 bytes
  });

  it('does not depend on the order of days or years, and changes with any fact', () => {
    const content: CalendarContent = chinaNationalCalendar(); // the version field is not part of the content
    const shuffled = { ...content, publishedYears: [2026, 2025], days: [...content.days].reverse() };
    expect(canonicalCalendarContent(shuffled)).toBe(canonicalCalendarContent(content));
    expect(calendarVersion(shuffled)).toBe(calendarVersion(content));
    const renamed = {
      ...content,
      days: content.days.map((day, index) => (index === 0 ? { ...day, name: '改' } : day)),
    };
    expect(calendarVersion(renamed)).not.toBe(calendarVersion(content));
  });
});
