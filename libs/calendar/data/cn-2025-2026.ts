import { calendarVersion } from '../calendar-version';
import { defaultOfficeHours, type OfficeHours } from '../office-hours';
import { noticeDays, noticeSource, type HolidayNoticeInput } from '../notice';
import { assertCalendarData } from '../working-calendar';
import type { CalendarData, CalendarDay, IsoDate } from '../types';
import cn2025 from './notices/CN-2025.json';
import cn2026 from './notices/CN-2026.json';

/**
 * State Council holiday notices (国务院办公厅关于…年部分节假日安排的通知), transcribed into `notices/CN-<year>.json`
 * from the notices as published by Xinhua: every day of every holiday period is `holiday` (weekend days inside a
 * period too, so each off day carries its name), every 调休 weekend day worked is `workday`. The unit tests check them
 * day by day against the weekdays the notices state and against the `chinese-days` package.
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

/** The State Council notices shipped with this release, in the published notice format. */
export const SHIPPED_NOTICES: readonly HolidayNoticeInput[] = [cn2025, cn2026];

export const CN_HOLIDAY_NOTICES: readonly HolidayNotice[] = SHIPPED_NOTICES.map((notice) => ({
  year: notice.year,
  title: notice.title,
  documentNumber: notice.documentNumber,
  issued: notice.issuedOn,
  source: noticeSource(notice),
  days: noticeDays(notice),
}));

export const NOTICE_2025_SOURCE = noticeSource(cn2025);
export const NOTICE_2026_SOURCE = noticeSource(cn2026);

export interface ChinaCalendarOptions {
  /** Local office-close time `HH:mm`; default 17:30. */
  officeClose?: string;
  /** Extra local holidays (autonomous regions etc.); marked `local: true`, they override the national notice. */
  localHolidays?: CalendarDay[];
  /** Office hours of a working day (default 09:00–12:00, 13:30 to office close). */
  officeHours?: OfficeHours[];
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
    officeHours: options.officeHours ?? defaultOfficeHours(options.officeClose ?? DEFAULT_OFFICE_CLOSE),
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
