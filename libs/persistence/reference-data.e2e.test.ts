import type { DataSource } from 'typeorm';
import { chinaNationalCalendar, CN_HOLIDAY_NOTICES, WorkingCalendar } from '../calendar';
import { createDataSource } from './data-source';
import { loadCalendarData, NATIONAL_REGION, storeCalendarDays, type CalendarSettings } from './calendar.repository';

describe('calendar in Postgres (calendar_days, calendar_years)', () => {
  let dataSource: DataSource;
  const national: CalendarSettings = {
    regions: [NATIONAL_REGION],
    officeClose: '17:30',
    timeZone: 'Asia/Shanghai',
    utcOffsetMinutes: 480,
  };

  beforeAll(async () => {
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
    for (const notice of CN_HOLIDAY_NOTICES) {
      await storeCalendarDays(dataSource, NATIONAL_REGION, notice.days, [{ year: notice.year, source: notice.source }]);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('loads the same calendar, with the same version, as the notices shipped in code', async () => {
    const loaded = await loadCalendarData(dataSource, national);
    expect(loaded.version).toBe(chinaNationalCalendar().version);
    const calendar = new WorkingCalendar(loaded);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('a local extra holiday in another region shifts deadlines only where that region applies', async () => {
    await storeCalendarDays(
      dataSource,
      'TEST-LOCAL',
      [{ date: '2026-03-03', kind: 'holiday', name: '地方节日', source: 'test notice' }],
      [],
    );
    const local = new WorkingCalendar(
      await loadCalendarData(dataSource, { ...national, regions: [NATIONAL_REGION, 'TEST-LOCAL'] }),
    );
    const nationalOnly = new WorkingCalendar(await loadCalendarData(dataSource, national));
    // Accepted Monday 2026-03-02: 1 working day is Tuesday nationally, Wednesday where Tuesday is a local holiday.
    expect(nationalOnly.deadline('2026-03-02T02:00:00.000Z', 1).date).toBe('2026-03-03');
    expect(local.deadline('2026-03-02T02:00:00.000Z', 1).date).toBe('2026-03-04');
    expect(local.version).not.toBe(nationalOnly.version);
  });

  it('re-storing the same notice is idempotent', async () => {
    const before = await dataSource.query<Array<{ count: string }>>('SELECT count(*) FROM calendar_days');
    await storeCalendarDays(dataSource, NATIONAL_REGION, CN_HOLIDAY_NOTICES[0].days, []);
    const after = await dataSource.query<Array<{ count: string }>>('SELECT count(*) FROM calendar_days');
    expect(after[0].count).toBe(before[0].count);
  });
});
