import { calendarVersion } from '../calendar-version';
import { addDays, parseIsoDate } from '../iso-date';
import { assertCalendarData } from '../working-calendar';
import type { CalendarData, CalendarDay, IsoDate } from '../types';

/**
 * State Council holiday notices (国务院办公厅关于…年部分节假日安排的通知). Every day of every holiday period is listed
 * as `holiday` (weekend days inside a period too, so each off day carries its name), and every 调休 weekend day that
 * is worked as `workday`. Dates are transcribed from the notices as published by Xinhua; the weekday in brackets is
 * the one the notice states, checked by the unit tests.
 */

export interface HolidayNotice {
  year: number;
  title: string;
  /** 发文字号 */
  documentNumber: string;
  /** Date on the notice. */
  issued: IsoDate;
  /** The `source` written on every day of this notice. */
  source: string;
  days: readonly CalendarDay[];
}

const TITLE_2025 = '国务院办公厅关于2025年部分节假日安排的通知';
const TITLE_2026 = '国务院办公厅关于2026年部分节假日安排的通知';
export const NOTICE_2025_SOURCE = `${TITLE_2025}（国办发明电〔2024〕12号）`;
export const NOTICE_2026_SOURCE = `${TITLE_2026}（国办发明电〔2025〕7号）`;

/** Every date from `first` to `last` inclusive, as days off. */
function holidays(first: IsoDate, last: IsoDate, name: string, source: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let date = first; parseIsoDate(date) <= parseIsoDate(last); date = addDays(date, 1)) {
    days.push({ date, kind: 'holiday', name, source });
  }
  return days;
}

/** Weekend days worked in exchange (调休上班). */
function workdays(dates: IsoDate[], name: string, source: string): CalendarDay[] {
  return dates.map((date) => ({ date, kind: 'workday', name, source }));
}

const S25 = NOTICE_2025_SOURCE;
const S26 = NOTICE_2026_SOURCE;

export const CN_HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2025,
    title: TITLE_2025,
    documentNumber: '国办发明电〔2024〕12号',
    issued: '2024-11-12',
    source: S25,
    days: [
      // 一、元旦：1月1日（周三）放假1天，不调休。
      ...holidays('2025-01-01', '2025-01-01', '元旦', S25),
      // 二、春节：1月28日（除夕、周二）至2月4日（正月初七、周二），共8天；1月26日（周日）、2月8日（周六）上班。
      ...holidays('2025-01-28', '2025-02-04', '春节', S25),
      ...workdays(['2025-01-26', '2025-02-08'], '春节调休上班', S25),
      // 三、清明节：4月4日（周五）至6日（周日），共3天。
      ...holidays('2025-04-04', '2025-04-06', '清明节', S25),
      // 四、劳动节：5月1日（周四）至5日（周一），共5天；4月27日（周日）上班。
      ...holidays('2025-05-01', '2025-05-05', '劳动节', S25),
      ...workdays(['2025-04-27'], '劳动节调休上班', S25),
      // 五、端午节：5月31日（周六）至6月2日（周一），共3天。
      ...holidays('2025-05-31', '2025-06-02', '端午节', S25),
      // 六、国庆节、中秋节：10月1日（周三）至8日（周三），共8天；9月28日（周日）、10月11日（周六）上班。
      ...holidays('2025-10-01', '2025-10-08', '国庆节、中秋节', S25),
      ...workdays(['2025-09-28', '2025-10-11'], '国庆节、中秋节调休上班', S25),
    ],
  },
  {
    year: 2026,
    title: TITLE_2026,
    documentNumber: '国办发明电〔2025〕7号',
    issued: '2025-11-04',
    source: S26,
    days: [
      // 一、元旦：1月1日（周四）至3日（周六），共3天；1月4日（周日）上班。
      ...holidays('2026-01-01', '2026-01-03', '元旦', S26),
      ...workdays(['2026-01-04'], '元旦调休上班', S26),
      // 二、春节：2月15日（腊月二十八、周日）至23日（正月初七、周一），共9天；2月14日（周六）、2月28日（周六）上班。
      ...holidays('2026-02-15', '2026-02-23', '春节', S26),
      ...workdays(['2026-02-14', '2026-02-28'], '春节调休上班', S26),
      // 三、清明节：4月4日（周六）至6日（周一），共3天。
      ...holidays('2026-04-04', '2026-04-06', '清明节', S26),
      // 四、劳动节：5月1日（周五）至5日（周二），共5天；5月9日（周六）上班。
      ...holidays('2026-05-01', '2026-05-05', '劳动节', S26),
      ...workdays(['2026-05-09'], '劳动节调休上班', S26),
      // 五、端午节：6月19日（周五）至21日（周日），共3天。
      ...holidays('2026-06-19', '2026-06-21', '端午节', S26),
      // 六、中秋节：9月25日（周五）至27日（周日），共3天。
      ...holidays('2026-09-25', '2026-09-27', '中秋节', S26),
      // 七、国庆节：10月1日（周四）至7日（周三），共7天；9月20日（周日）、10月10日（周六）上班。
      ...holidays('2026-10-01', '2026-10-07', '国庆节', S26),
      ...workdays(['2026-09-20', '2026-10-10'], '国庆节调休上班', S26),
    ],
  },
];

export interface ChinaCalendarOptions {
  /** Local office-close time `HH:mm`; default 17:30. */
  officeClose?: string;
  /** Extra local holidays (autonomous regions etc.); marked `local: true`, they override the national notice. */
  localHolidays?: CalendarDay[];
}

export const CHINA_TIME_ZONE = 'Asia/Shanghai';
/** UTC+8, no daylight saving since 1991. */
export const CHINA_UTC_OFFSET_MINUTES = 480;
export const DEFAULT_OFFICE_CLOSE = '17:30';

/** The national working-day calendar for the years with a loaded notice, plus optional local holidays. */
export function chinaNationalCalendar(options: ChinaCalendarOptions = {}): CalendarData {
  const content = {
    timeZone: CHINA_TIME_ZONE,
    utcOffsetMinutes: CHINA_UTC_OFFSET_MINUTES,
    officeClose: options.officeClose ?? DEFAULT_OFFICE_CLOSE,
    publishedYears: CN_HOLIDAY_NOTICES.map((notice) => notice.year),
    days: [
      ...CN_HOLIDAY_NOTICES.flatMap((notice) => notice.days.map((day) => ({ ...day }))),
      ...(options.localHolidays ?? []).map((day) => ({ ...day, local: true })),
    ],
  };
  const data: CalendarData = { version: calendarVersion(content), ...content };
  assertCalendarData(data);
  return data;
}
