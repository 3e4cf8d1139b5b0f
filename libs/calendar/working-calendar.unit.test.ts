import { WorkingCalendar, chinaNationalCalendar, type CalendarData, type CalendarDay } from './index';

/**
 * Instants are written in UTC. Asia/Shanghai is UTC+8: local 10:00 = 02:00Z, office close 17:30 = 09:30Z.
 * Rules: Art. 82 行政许可法 (periods in working days, statutory holidays excluded), practice: counting starts the day
 * after acceptance and the period ends at office close; holiday facts from 国办发明电〔2025〕7号 (2026).
 */
const calendar = new WorkingCalendar(chinaNationalCalendar());

/** 10:00 local on a date. */
function morning(date: string): string {
  return `${date}T02:00:00.000Z`;
}

/** 17:30 local (office close) on a date. */
function close(date: string): string {
  return `${date}T09:30:00.000Z`;
}

function dataWith(patch: Partial<CalendarData>): CalendarData {
  return { ...chinaNationalCalendar(), ...patch };
}

describe('counting starts the day after acceptance (Art. 82 行政许可法, practice)', () => {
  it('the acceptance day is not counted: 1 working day from Monday 2026-03-02 ends Tuesday at office close', () => {
    expect(calendar.deadline(morning('2026-03-02'), 1)).toEqual({
      at: close('2026-03-03'),
      date: '2026-03-03',
      provisional: false,
      workingDays: 1,
      calendarVersion: calendar.version,
    });
  });

  it('0 working days is office close of the acceptance day itself (即办件)', () => {
    expect(calendar.deadline(morning('2026-03-02'), 0).at).toBe(close('2026-03-02'));
  });

  it('5 working days from Monday 2026-03-02 skip the weekend: Mar 3, 4, 5, 6, 9', () => {
    expect(calendar.deadline(morning('2026-03-02'), 5).date).toBe('2026-03-09');
  });

  it('acceptance late in the local evening still counts from the next day; after local midnight from the day after', () => {
    expect(calendar.deadline('2026-03-02T15:59:59.999Z', 1).date).toBe('2026-03-03'); // 23:59:59 local Monday
    expect(calendar.deadline('2026-03-02T16:00:00.000Z', 1).date).toBe('2026-03-04'); // 00:00 local Tuesday
  });
});

describe('deadlines across holiday periods (Art. 42 ¶1: decision within 20 working days; 国办发明电〔2025〕7号)', () => {
  it('20 working days from Thursday 2026-01-29 cross 春节 and end on Wednesday 2026-03-04', () => {
    // Count from Fri 1/30: 1/30 = 1; 2/2–2/6 = 2–6; 2/9–2/13 = 7–11; Sat 2/14 (调休上班) = 12; 2/15–2/23 off (春节);
    // 2/24–2/27 = 13–16; Sat 2/28 (调休上班) = 17; Sun 3/1 off; 3/2 = 18, 3/3 = 19, 3/4 = 20.
    expect(calendar.deadline(morning('2026-01-29'), 20)).toEqual({
      at: '2026-03-04T09:30:00.000Z',
      date: '2026-03-04',
      provisional: false,
      workingDays: 20,
      calendarVersion: calendar.version,
    });
  });

  it('the same period with weekends only would end on 2026-02-26: the notice moves it by 6 days', () => {
    // Weekends only: 1/30 = 1; 2/2–2/6 = 2–6; 2/9–2/13 = 7–11; 2/16–2/20 = 12–16; 2/23–2/26 = 17–20.
    const weekendsOnly = new WorkingCalendar(dataWith({ version: 'weekends-only', days: [] }));
    expect(weekendsOnly.deadline(morning('2026-01-29'), 20).date).toBe('2026-02-26');
  });

  it('20 working days from Friday 2026-09-18 cross 中秋 and 国庆 and end on Thursday 2026-10-22', () => {
    // Count from Sat 9/19 (off): Sun 9/20 (调休上班) = 1; 9/21–9/24 = 2–5; 9/25–9/27 off (中秋); 9/28–9/30 = 6–8;
    // 10/1–10/7 off (国庆); 10/8 = 9, 10/9 = 10; Sat 10/10 (调休上班) = 11; 10/12–10/16 = 12–16; 10/19–10/22 = 17–20.
    expect(calendar.deadline(morning('2026-09-18'), 20).at).toBe('2026-10-22T09:30:00.000Z');
  });

  it('20 working days from Thursday 2026-09-24 (the eve of 中秋) end on Thursday 2026-10-29', () => {
    // 9/25–9/27 off; 9/28–9/30 = 1–3; 10/1–10/7 off; 10/8 = 4, 10/9 = 5, Sat 10/10 = 6; 10/12–10/16 = 7–11;
    // 10/19–10/23 = 12–16; 10/26–10/29 = 17–20.
    expect(calendar.deadline(morning('2026-09-24'), 20).date).toBe('2026-10-29');
  });

  it('one-time notice within 5 working days (Art. 32) of materials received Friday 2026-02-13 ends 2026-02-27', () => {
    // Sat 2/14 (调休上班) = 1; 2/15–2/23 off (春节); 2/24 = 2, 2/25 = 3, 2/26 = 4, 2/27 = 5.
    expect(calendar.deadline(morning('2026-02-13'), 5).date).toBe('2026-02-27');
  });

  it('an extension of 10 working days (Art. 42 ¶1) counts on from the original deadline', () => {
    // From Wed 3/4: 3/5, 3/6 = 1–2; 3/9–3/13 = 3–7; 3/16, 3/17, 3/18 = 8–10.
    const first = calendar.deadline(morning('2026-01-29'), 20);
    expect(calendar.deadline(first.at, 10).date).toBe('2026-03-18');
  });
});

describe('acceptance on a day that is not worked (Art. 82; 国办发明电〔2025〕7号)', () => {
  it('accepted online on Saturday 2026-10-03 (国庆节): counting starts the next day, first working day is 10/8', () => {
    // 10/4–10/7 off; 10/8 = 1, 10/9 = 2, Sat 10/10 (调休上班) = 3, 10/12 = 4, 10/13 = 5.
    expect(calendar.deadline(morning('2026-10-03'), 1).date).toBe('2026-10-08');
    expect(calendar.deadline(morning('2026-10-03'), 5).date).toBe('2026-10-13');
  });

  it('accepted on the 调休 Saturday 2026-02-28: the next working day is Monday 3/2', () => {
    expect(calendar.deadline(morning('2026-02-28'), 1).date).toBe('2026-03-02');
  });

  it('accepted on an ordinary Sunday 2026-03-01: the first working day is Monday 3/2', () => {
    expect(calendar.deadline(morning('2026-03-01'), 1).date).toBe('2026-03-02');
    expect(calendar.nextWorkingDay('2026-03-01')).toBe('2026-03-02');
  });

  it('n = 0 on a holiday is office close of that holiday (the interface contract)', () => {
    expect(calendar.deadline(morning('2026-10-03'), 0).at).toBe(close('2026-10-03'));
  });
});

describe('office close is configurable (DOMAIN.md Clocks: end of the Nth working day, office close)', () => {
  it('18:00 local ends the same period at 10:00Z, and the version changes with it', () => {
    const late = new WorkingCalendar(chinaNationalCalendar({ officeClose: '18:00' }));
    expect(late.deadline(morning('2026-01-29'), 20).at).toBe('2026-03-04T10:00:00.000Z');
    expect(late.officeCloseAt('2026-03-04')).toBe('2026-03-04T10:00:00.000Z');
    expect(late.version).not.toBe(calendar.version);
  });

  it('the default is 17:30 Asia/Shanghai', () => {
    expect(calendar.officeCloseAt('2026-03-04')).toBe('2026-03-04T09:30:00.000Z');
  });
});

describe('local time is Asia/Shanghai (UTC+8), not UTC', () => {
  it('2026-03-01T17:00Z is 01:00 on Monday 2026-03-02 in Shanghai', () => {
    expect(calendar.localDate('2026-03-01T17:00:00.000Z')).toBe('2026-03-02');
    // Counting starts Tuesday 3/3; by UTC (Sunday 3/1) it would wrongly end on Monday 3/2.
    expect(calendar.deadline('2026-03-01T17:00:00Z', 1).at).toBe('2026-03-03T09:30:00.000Z');
  });

  it('one millisecond before local midnight is still Sunday 2026-03-01', () => {
    expect(calendar.localDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(calendar.deadline('2026-03-01T15:59:59.999Z', 1).date).toBe('2026-03-02');
  });

  it('instants with an explicit offset mean the same moment', () => {
    expect(calendar.localDate('2026-03-02T01:00:00+08:00')).toBe('2026-03-02');
    expect(calendar.deadline('2026-03-02T01:00+08:00', 1)).toEqual(calendar.deadline('2026-03-01T17:00:00Z', 1));
    expect(calendar.localDate('2026-03-01T12:00:00-05:00')).toBe('2026-03-02'); // 17:00Z
  });

  it('a calendar with another offset uses it (UTC+0)', () => {
    const utc = new WorkingCalendar(dataWith({ version: 'utc', utcOffsetMinutes: 0, timeZone: 'UTC' }));
    expect(utc.localDate('2026-03-01T17:00:00.000Z')).toBe('2026-03-01');
    expect(utc.deadline('2026-03-01T17:00:00.000Z', 1).at).toBe('2026-03-02T17:30:00.000Z');
  });
});

describe('provisional deadlines (DOMAIN.md Clocks: a year without a published notice)', () => {
  it('20 working days from 2026-12-15 reach into 2027, which has no notice yet: provisional', () => {
    // 12/16–12/18 = 1–3; 12/21–12/25 = 4–8; 12/28–12/31 = 9–12; Fri 2027-01-01 = 13 (assumed worked: no data);
    // 1/4–1/8 = 14–18; 1/11 = 19, 1/12 = 20.
    expect(calendar.deadline(morning('2026-12-15'), 20)).toMatchObject({ date: '2027-01-12', provisional: true });
  });

  it('20 working days from 2026-12-01 stay in 2026: not provisional', () => {
    // 12/2–12/4 = 1–3; 12/7–12/11 = 4–8; 12/14–12/18 = 9–13; 12/21–12/25 = 14–18; 12/28 = 19, 12/29 = 20.
    expect(calendar.deadline(morning('2026-12-01'), 20)).toMatchObject({ date: '2026-12-29', provisional: false });
  });

  it('only counted days matter: from 2024-12-31 (no 2024 data) one working day is 2025-01-02, not provisional', () => {
    // 2025-01-01 is 元旦 (国办发明电〔2024〕12号); 1/2 = 1.
    expect(calendar.deadline(morning('2024-12-31'), 1)).toMatchObject({ date: '2025-01-02', provisional: false });
    expect(calendar.deadline(morning('2024-12-31'), 0).provisional).toBe(true);
  });

  it('reports which years are published', () => {
    expect(calendar.isPublishedYear(2026)).toBe(true);
    expect(calendar.isPublishedYear(2027)).toBe(false);
    expect(calendar.isProvisional('2026-12-01', '2027-01-05')).toBe(true);
    expect(calendar.describeDay('2027-01-01')).toEqual({
      date: '2027-01-01',
      weekday: 5,
      working: true,
      provisional: true,
    });
  });

  it('publishing 2027 later turns the same deadline firm (recomputed with the new calendar)', () => {
    const with2027 = new WorkingCalendar(
      dataWith({
        version: 'with-2027-sample',
        publishedYears: [2025, 2026, 2027],
        days: [
          ...chinaNationalCalendar().days,
          { date: '2027-01-01', kind: 'holiday', name: '元旦（测试数据，非通知原文）', source: 'test fixture' },
        ],
      }),
    );
    expect(with2027.deadline(morning('2026-12-15'), 20)).toMatchObject({ date: '2027-01-13', provisional: false });
  });
});

describe('local extra holidays (DOMAIN.md Clocks: autonomous regions etc.)', () => {
  const localHoliday: CalendarDay = {
    date: '2026-03-04',
    kind: 'holiday',
    name: '地方节日（测试数据）',
    source: '某自治区人民政府通知（测试数据）',
  };

  it('a local holiday on Wednesday 2026-03-04 moves the 春节-crossing deadline to Thursday 3/5', () => {
    const local = new WorkingCalendar(chinaNationalCalendar({ localHolidays: [localHoliday] }));
    expect(local.deadline(morning('2026-01-29'), 20)).toMatchObject({ date: '2026-03-05', provisional: false });
    expect(local.describeDay('2026-03-04').override).toMatchObject({ local: true, name: localHoliday.name });
    expect(local.version).not.toBe(calendar.version);
  });

  it('a local holiday overrides a national 调休 working day (Sat 2026-02-28)', () => {
    const local = new WorkingCalendar(
      chinaNationalCalendar({ localHolidays: [{ ...localHoliday, date: '2026-02-28' }] }),
    );
    expect(local.isWorkingDay('2026-02-28')).toBe(false);
    expect(local.deadline(morning('2026-01-29'), 20).date).toBe('2026-03-05');
  });
});

describe('remainingWorkingDays (电子监察 warnings and overdue; Art. 82 counting)', () => {
  const deadline = '2026-03-04T09:30:00.000Z'; // 20 working days from 2026-01-29, office close Wed 3/4

  it.each([
    ['during 春节, Fri 2026-02-20', morning('2026-02-20'), 8], // 2/24–2/27, Sat 2/28, 3/2, 3/3, 3/4
    ['on the 调休 Saturday 2026-02-28', morning('2026-02-28'), 3], // 3/2, 3/3, 3/4
    ['the day before', morning('2026-03-03'), 1],
    ['00:30 local on the last day', '2026-03-03T16:30:00.000Z', 0],
    ['10:00 on the last day', morning('2026-03-04'), 0],
    ['exactly at office close', deadline, 0],
    ['18:00 on the last day (after close)', '2026-03-04T10:00:00.000Z', -1],
    ['Thursday 3/5, first working day past', morning('2026-03-05'), -1],
    ['Friday 3/6', morning('2026-03-06'), -2],
    ['Saturday 3/7', morning('2026-03-07'), -2],
    ['Monday 3/9', morning('2026-03-09'), -3],
  ])('%s → %i', (_label, now, expected) => {
    expect(calendar.remainingWorkingDays(now, deadline)).toBe(expected);
  });

  it('across 国庆: 12 working days left on 9/30 and still 12 during the holiday, for a deadline on 10/22', () => {
    // 10/8, 10/9, Sat 10/10, 10/12–10/16, 10/19–10/22 = 2 + 1 + 5 + 4
    expect(calendar.remainingWorkingDays(morning('2026-09-30'), close('2026-10-22'))).toBe(12);
    expect(calendar.remainingWorkingDays(morning('2026-10-05'), close('2026-10-22'))).toBe(12);
  });
});

describe('workingDaysBetween (working days used, for on-time statistics; Art. 82)', () => {
  it('from acceptance 2026-01-29 to 2026-03-04 is 20 working days, whatever the time of day', () => {
    expect(calendar.workingDaysBetween(morning('2026-01-29'), morning('2026-03-04'))).toBe(20);
    expect(calendar.workingDaysBetween('2026-01-29T15:00:00Z', '2026-03-04T15:59:00Z')).toBe(20);
  });

  it('0 on the same local day or when `to` is earlier', () => {
    expect(calendar.workingDaysBetween(morning('2026-03-02'), close('2026-03-02'))).toBe(0);
    expect(calendar.workingDaysBetween(morning('2026-03-09'), morning('2026-03-02'))).toBe(0);
  });

  it('over holidays only: from 2026-09-30 to 2026-10-07 is 0', () => {
    expect(calendar.workingDaysBetween(morning('2026-09-30'), morning('2026-10-07'))).toBe(0);
  });

  it('agrees with deadline() for every count up to 250 from several starts (holidays, 调休, into 2027)', () => {
    for (const start of ['2025-01-24', '2026-01-29', '2026-02-14', '2026-09-18', '2026-10-03', '2026-12-15']) {
      for (let n = 0; n <= 250; n += 1) {
        const result = calendar.deadline(morning(start), n);
        expect(calendar.workingDaysBetween(morning(start), result.at)).toBe(n);
        expect(calendar.addWorkingDays(start, n)).toBe(result.date);
      }
    }
  });
});

describe('calendarDeadline (limits in calendar days; 民法典 Arts. 201, 203)', () => {
  it('10 calendar days from Monday 2026-09-28 end on 10/8 at office close; 3 working days fall inside', () => {
    expect(calendar.calendarDeadline(morning('2026-09-28'), 10)).toEqual({
      at: close('2026-10-08'),
      date: '2026-10-08',
      provisional: false,
      workingDays: 3, // 9/29, 9/30, 10/8
      calendarDays: 10,
      calendarVersion: calendar.version,
    });
  });

  it('ending on a holiday: kept by default, rolled to the next working day on request (民法典 Art. 203 ¶1)', () => {
    expect(calendar.calendarDeadline(morning('2026-09-24'), 10).date).toBe('2026-10-04');
    expect(calendar.calendarDeadline(morning('2026-09-24'), 10, { rollToWorkingDay: true })).toMatchObject({
      date: '2026-10-08',
      workingDays: 4, // 9/28, 9/29, 9/30, 10/8
      calendarDays: 10,
    });
  });

  it('0 calendar days is office close of the same day; a period into 2027 is provisional', () => {
    expect(calendar.calendarDeadline(morning('2026-03-02'), 0).at).toBe(close('2026-03-02'));
    expect(calendar.calendarDeadline(morning('2026-12-20'), 15)).toMatchObject({
      date: '2027-01-04',
      provisional: true,
    });
  });
});

describe('the working-day count as day numbers (电子监察 in SQL)', () => {
  it('max(0, number(b) − number(a)) is workingDaysBetween for instants across 2024-2027, holidays and 调休 included', () => {
    // given the day numbers of the national calendar, read as migration 1764900000000's SQL functions read them
    const { utcOffsetMinutes, firstDay, corrections } = calendar.dayNumbers();
    const localDay = (at: string) => Math.floor((Date.parse(at) / 1000 + utcOffsetMinutes * 60) / 86400);
    const number = (day: number) => {
      const weeks = Math.floor((day + 1) / 7);
      const weekdays = weeks * 5 + [0, 1, 2, 2, 2, 3, 4][day + 1 - weeks * 7];
      const correction =
        day < firstDay ? 0 : day - firstDay >= corrections.length ? corrections.at(-1)! : corrections[day - firstDay];
      return weekdays + correction;
    };
    // when pairs of instants a few hours to a year apart are counted both ways
    const start = Date.parse('2024-06-01T00:00:00Z');
    for (let index = 0; index < 3000; index += 1) {
      const from = new Date(start + ((index * 7919) % 900) * 86_400_000 + ((index * 31) % 24) * 3_600_000);
      const to = new Date(from.getTime() + ((index * 104729) % 400) * 3_600_000 * 11 - 48 * 3_600_000);
      const a = from.toISOString();
      const b = to.toISOString();
      // then they agree
      expect([a, b, Math.max(0, number(localDay(b)) - number(localDay(a)))]).toEqual([
        a,
        b,
        calendar.workingDaysBetween(a, b),
      ]);
    }
  });

  it('a calendar without notices counts weekdays alone', () => {
    const plain = new WorkingCalendar(dataWith({ days: [], publishedYears: [] }));
    expect(plain.dayNumbers()).toEqual({ utcOffsetMinutes: 480, firstDay: 0, corrections: [0] });
  });
});
