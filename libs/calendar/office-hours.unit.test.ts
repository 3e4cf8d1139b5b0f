import { CalendarError, chinaNationalCalendar, parseOfficeHours, WorkingCalendar } from './index';

/** Local Beijing time as an instant: `2026-03-02 09:00` → 2026-03-02T01:00:00.000Z. */
const local = (text: string): string => new Date(`${text.replace(' ', 'T')}:00+08:00`).toISOString();

describe('limits in working hours and minutes (9:00–12:00, 13:30–17:30 by default)', () => {
  const calendar = new WorkingCalendar(chinaNationalCalendar());

  it('counts only office hours: 60 minutes from 11:30 end at 14:00, lunch excluded', () => {
    const due = calendar.workingTimeDeadline(local('2026-03-02 11:30'), 60);
    expect(due).toMatchObject({
      at: local('2026-03-02 14:00'),
      date: '2026-03-02',
      workingDays: 0,
      workingMinutes: 60,
    });
  });

  it('8 working hours from Friday 16:00 end on Monday: the weekend does not count', () => {
    // Friday 16:00–17:30 is 90 minutes; Monday 09:00–12:00 180, 13:30–17:00 the remaining 210.
    const due = calendar.workingTimeDeadline(local('2026-03-06 16:00'), 8 * 60);
    expect(due.at).toBe(local('2026-03-09 17:00'));
    expect(due.workingDays).toBe(1);
  });

  it('a period started outside office hours starts at the next office hour; holidays and 调休 are the notice’s', () => {
    expect(calendar.workingTimeDeadline(local('2026-03-02 07:00'), 30).at).toBe(local('2026-03-02 09:30'));
    expect(calendar.workingTimeDeadline(local('2026-03-02 18:00'), 30).at).toBe(local('2026-03-03 09:30'));
    // 国庆节 2026-10-01…07 off; Saturday 10-10 is worked (调休).
    expect(calendar.workingTimeDeadline(local('2026-09-30 17:00'), 60).at).toBe(local('2026-10-08 09:30'));
    expect(calendar.workingTimeDeadline(local('2026-10-09 17:00'), 60).at).toBe(local('2026-10-10 09:30'));
  });

  it('a period that ends exactly at the end of a stretch ends there, not at the next one', () => {
    expect(calendar.workingTimeDeadline(local('2026-03-02 09:00'), 180).at).toBe(local('2026-03-02 12:00'));
    expect(calendar.workingTimeDeadline(local('2026-03-02 09:00'), 0).at).toBe(local('2026-03-02 09:00'));
  });

  it('office minutes between two instants skip lunch, nights, weekends and holidays', () => {
    expect(calendar.workingMinutesBetween(local('2026-03-02 11:00'), local('2026-03-02 14:00'))).toBe(90);
    expect(calendar.workingMinutesBetween(local('2026-03-06 17:00'), local('2026-03-09 09:30'))).toBe(60);
    expect(calendar.workingMinutesBetween(local('2026-03-09 09:30'), local('2026-03-06 17:00'))).toBe(0);
    expect(calendar.workingMinutesBetween(local('2026-10-01 09:00'), local('2026-10-07 17:30'))).toBe(0);
  });

  it('office hours are configurable and checked', () => {
    const summer = new WorkingCalendar(
      chinaNationalCalendar({ officeClose: '18:00', officeHours: parseOfficeHours('08:30-12:00, 14:30-18:00') }),
    );
    expect(summer.workingTimeDeadline(local('2026-07-01 11:30'), 60).at).toBe(local('2026-07-01 15:00'));
    expect(summer.version).not.toBe(calendar.version);
    const bad = (hours: string, close = '17:30'): unknown => {
      try {
        new WorkingCalendar(chinaNationalCalendar({ officeClose: close, officeHours: parseOfficeHours(hours) }));
      } catch (error) {
        return error instanceof CalendarError ? error.code : error;
      }
      return 'accepted';
    };
    expect(bad('12:00-09:00,13:30-17:30')).toBe('invalid-office-hours');
    expect(bad('09:00-14:00,13:30-17:30')).toBe('invalid-office-hours');
    expect(bad('09:00-12:00,13:30-17:00')).toBe('invalid-office-hours'); // must end at office close
    expect(bad('9am-12:00,13:30-17:30')).toBe('invalid-office-close');
    expect(bad('09:00-12:00,13:30-17:30')).toBe('accepted');
  });

  it('a period counted into a year without a notice is provisional', () => {
    expect(calendar.workingTimeDeadline(local('2026-12-31 17:00'), 60).provisional).toBe(true);
    expect(calendar.workingTimeDeadline(local('2026-12-30 09:00'), 60).provisional).toBe(false);
  });
});
