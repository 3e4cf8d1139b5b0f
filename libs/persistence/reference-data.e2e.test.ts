import type { DataSource } from 'typeorm';
import { chinaNationalCalendar, defaultOfficeHours, SHIPPED_NOTICES, WorkingCalendar } from '@onewindow/calendar';
import type { HolidayNoticeInput } from '@onewindow/calendar';
import { createDataSource } from './data-source';
import {
  listNotices,
  loadCalendarData,
  NATIONAL_REGION,
  publishNotice,
  type CalendarSettings,
} from './calendar.repository';

describe('holiday notices in Postgres (calendar_notices)', () => {
  let dataSource: DataSource;
  const national: CalendarSettings = {
    regions: [NATIONAL_REGION],
    officeClose: '17:30',
    officeHours: defaultOfficeHours('17:30'),
    timeZone: 'Asia/Shanghai',
    utcOffsetMinutes: 480,
  };
  const local = (region: string, date: string, revisionNote = ''): HolidayNoticeInput => ({
    region,
    year: 2026,
    title: `测试地区关于地方节日放假的通知${revisionNote}`,
    documentNumber: '测政办〔2026〕1号',
    issuedOn: '2026-01-05',
    holidays: [{ name: '地方节日', from: date, to: date }],
    workdays: [],
  });

  beforeAll(async () => {
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('loads the same calendar, with the same version, as the notices shipped in code (seeded by global setup)', async () => {
    const loaded = await loadCalendarData(dataSource, national);
    expect(loaded.version).toBe(chinaNationalCalendar().version);
    const calendar = new WorkingCalendar(loaded);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('publishing the same notice again creates nothing; its first revision stays', async () => {
    const again = await publishNotice(dataSource, SHIPPED_NOTICES[0], 'test');
    expect(again.created).toBe(false);
    expect(again.notice).toMatchObject({
      region: 'CN',
      year: 2025,
      revision: 1,
      documentNumber: '国办发明电〔2024〕12号',
    });
  });

  it('a local extra holiday shifts deadlines only where that region applies; a correction is a new revision', async () => {
    const region = `T${Date.now().toString(36).toUpperCase()}`;
    const first = await publishNotice(dataSource, local(region, '2026-03-03'), 'test');
    expect(first).toMatchObject({ created: true, notice: { revision: 1 } });
    const withLocal = new WorkingCalendar(
      await loadCalendarData(dataSource, { ...national, regions: [NATIONAL_REGION, region] }),
    );
    const nationalOnly = new WorkingCalendar(await loadCalendarData(dataSource, national));
    // Accepted Monday 2026-03-02: 1 working day is Tuesday nationally, Wednesday where Tuesday is a local holiday.
    expect(nationalOnly.deadline('2026-03-02T02:00:00.000Z', 1).date).toBe('2026-03-03');
    expect(withLocal.deadline('2026-03-02T02:00:00.000Z', 1).date).toBe('2026-03-04');
    expect(withLocal.version).not.toBe(nationalOnly.version);

    // The government corrects the date: revision 2 decides, revision 1 is kept as it was.
    const corrected = await publishNotice(dataSource, local(region, '2026-03-04', '（更正）'), 'test');
    expect(corrected).toMatchObject({ created: true, notice: { revision: 2 }, previous: { revision: 1 } });
    const after = new WorkingCalendar(
      await loadCalendarData(dataSource, { ...national, regions: [NATIONAL_REGION, region] }),
    );
    expect(after.isWorkingDay('2026-03-03')).toBe(true);
    expect(after.isWorkingDay('2026-03-04')).toBe(false);
    const history = (await listNotices(dataSource)).filter((notice) => notice.region === region);
    expect(history.map((notice) => [notice.revision, notice.holidays[0].from])).toEqual([
      [1, '2026-03-03'],
      [2, '2026-03-04'],
    ]);
  });

  it('a published notice cannot be changed or deleted in the database', async () => {
    await expect(dataSource.query(`UPDATE calendar_notices SET title = 'x' WHERE region = 'CN'`)).rejects.toThrow(
      /kept as it was/,
    );
    await expect(dataSource.query(`DELETE FROM calendar_notices WHERE region = 'CN'`)).rejects.toThrow(
      /kept as it was/,
    );
  });
});
