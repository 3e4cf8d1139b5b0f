import {
  CN_HOLIDAY_NOTICES,
  NOTICE_2025_SOURCE,
  NOTICE_2026_SOURCE,
  WorkingCalendar,
  chinaNationalCalendar,
  isoWeekday,
  type CalendarDay,
} from './index';

const calendar = new WorkingCalendar(chinaNationalCalendar());

function daysOf(year: number): readonly CalendarDay[] {
  return CN_HOLIDAY_NOTICES.find((notice) => notice.year === year)?.days ?? [];
}

describe('2026 holiday notice (国办发明电〔2025〕7号): the facts DOMAIN.md names', () => {
  it.each([
    ['2026-01-04', 'Sunday, 元旦调休上班'],
    ['2026-02-14', 'Saturday, 春节调休上班'],
    ['2026-02-28', 'Saturday, 春节调休上班'],
    ['2026-09-20', 'Sunday, 国庆节调休上班'],
    ['2026-10-10', 'Saturday, 国庆节调休上班'],
  ])('%s is a working day (%s)', (date) => {
    expect(isoWeekday(date)).toBeGreaterThanOrEqual(6);
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each([
    '2026-02-16',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ])('%s is not a working day (春节 / 国庆节)', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });
});

describe('2026 holiday notice (国办发明电〔2025〕7号): every period', () => {
  it.each([
    ['元旦', ['2026-01-01', '2026-01-02', '2026-01-03'], ['2026-01-04']],
    [
      '春节',
      [
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
      ],
      ['2026-02-14', '2026-02-28'],
    ],
    ['清明节', ['2026-04-04', '2026-04-05', '2026-04-06'], []],
    ['劳动节', ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'], ['2026-05-09']],
    ['端午节', ['2026-06-19', '2026-06-20', '2026-06-21'], []],
    ['中秋节', ['2026-09-25', '2026-09-26', '2026-09-27'], []],
    [
      '国庆节',
      ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
      ['2026-09-20', '2026-10-10'],
    ],
  ])('%s: days off and 调休 working days', (name, off, worked) => {
    for (const date of off) {
      expect(calendar.isWorkingDay(date)).toBe(false);
      expect(calendar.describeDay(date).override?.name).toBe(name);
    }
    for (const date of worked) expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it('the days next to each period are ordinary (no period is wider than the notice says)', () => {
    for (const date of [
      '2025-12-31',
      '2026-02-13',
      '2026-02-24',
      '2026-04-07',
      '2026-05-06',
      '2026-06-18',
      '2026-09-24',
      '2026-09-28',
      '2026-10-08',
    ]) {
      expect(calendar.isWorkingDay(date)).toBe(true);
    }
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
  });

  it('33 days off in 7 periods and 6 调休 working days, each citing the notice', () => {
    const days = daysOf(2026);
    expect(days.filter((day) => day.kind === 'holiday')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(days.filter((day) => day.kind === 'workday').map((day) => day.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const day of days) expect(day.source).toBe(NOTICE_2026_SOURCE);
    expect(NOTICE_2026_SOURCE).toContain('国办发明电〔2025〕7号');
  });

  it('2026 has 248 working days: 261 weekdays − 19 weekday holidays + 6 调休 weekend days', () => {
    // weekday holidays: 元旦 1/1,1/2; 春节 2/16–2/20, 2/23; 清明 4/6; 劳动 5/1, 5/4, 5/5; 端午 6/19; 中秋 9/25;
    // 国庆 10/1, 10/2, 10/5, 10/6, 10/7 → 2 + 6 + 1 + 3 + 1 + 1 + 5 = 19
    expect(calendar.countWorkingDays('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('2025 holiday notice (国办发明电〔2024〕12号)', () => {
  it.each([
    ['元旦', ['2025-01-01'], []],
    [
      '春节',
      ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04'],
      ['2025-01-26', '2025-02-08'],
    ],
    ['清明节', ['2025-04-04', '2025-04-05', '2025-04-06'], []],
    ['劳动节', ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05'], ['2025-04-27']],
    ['端午节', ['2025-05-31', '2025-06-01', '2025-06-02'], []],
    [
      '国庆节、中秋节',
      ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
      ['2025-09-28', '2025-10-11'],
    ],
  ])('%s: days off and 调休 working days', (name, off, worked) => {
    for (const date of off) {
      expect(calendar.isWorkingDay(date)).toBe(false);
      expect(calendar.describeDay(date).override?.name).toBe(name);
    }
    for (const date of worked) expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it('元旦 2025 is one day without 调休: 2025-01-02 and the weekend after are ordinary', () => {
    expect(calendar.isWorkingDay('2025-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-04')).toBe(false);
  });

  it('28 days off and 5 调休 working days, each citing the notice', () => {
    const days = daysOf(2025);
    expect(days.filter((day) => day.kind === 'holiday')).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(days.filter((day) => day.kind === 'workday').map((day) => day.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    for (const day of days) expect(day.source).toBe(NOTICE_2025_SOURCE);
    expect(NOTICE_2025_SOURCE).toContain('国办发明电〔2024〕12号');
  });

  it('2025 has 248 working days: 261 weekdays − 18 weekday holidays + 5 调休 weekend days', () => {
    // weekday holidays: 元旦 1/1; 春节 1/28–1/31, 2/3, 2/4; 清明 4/4; 劳动 5/1, 5/2, 5/5; 端午 6/2;
    // 国庆中秋 10/1–10/3, 10/6–10/8 → 1 + 6 + 1 + 3 + 1 + 6 = 18
    expect(calendar.countWorkingDays('2024-12-31', '2025-12-31')).toBe(248);
  });
});

describe('holiday data shape (both notices)', () => {
  it('every 调休 working day is a weekend day, dates are unique, and the data is chronological', () => {
    const all = CN_HOLIDAY_NOTICES.flatMap((notice) => notice.days);
    for (const day of all.filter((entry) => entry.kind === 'workday')) {
      expect([day.date, isoWeekday(day.date) >= 6]).toEqual([day.date, true]);
    }
    expect(new Set(all.map((day) => day.date)).size).toBe(all.length);
    for (const notice of CN_HOLIDAY_NOTICES) {
      for (const day of notice.days) expect(day.date.startsWith(`${notice.year}-`)).toBe(true);
    }
  });

  it('chinaNationalCalendar: Asia/Shanghai, UTC+8, 17:30, published 2025 and 2026, a stable content version', () => {
    const data = chinaNationalCalendar();
    expect(data).toMatchObject({
      timeZone: 'Asia/Shanghai',
      utcOffsetMinutes: 480,
      officeClose: '17:30',
      publishedYears: [2025, 2026],
    });
    expect(data.days).toHaveLength(28 + 5 + 33 + 6);
    expect(chinaNationalCalendar().version).toBe(data.version);
    expect(data.version).toMatch(/^cal-2025\.2026-[0-9a-f]{16}$/);
    expect(chinaNationalCalendar({ officeClose: '18:00' }).version).not.toBe(data.version);
  });

  it('returns fresh copies: changing one result does not change the next', () => {
    const first = chinaNationalCalendar();
    first.days[0].kind = 'workday';
    first.publishedYears.push(2027);
    const second = chinaNationalCalendar();
    expect(second.days[0].kind).toBe('holiday');
    expect(second.publishedYears).toEqual([2025, 2026]);
  });
});
