export type { CalendarData, CalendarDay, Deadline, Instant, IsoDate, WorkingDayCalculator } from './types';
export { CalendarError, type CalendarErrorCode } from './calendar-error';
export {
  MAX_DAY_COUNT,
  WorkingCalendar,
  assertCalendarData,
  type CalendarDeadlineOptions,
  type DayInfo,
} from './working-calendar';
export { calendarVersion, canonicalCalendarContent, fnv1a64, type CalendarContent } from './calendar-version';
export { addDays, formatInstant, isoWeekday, parseInstant } from './iso-date';
export {
  CHINA_TIME_ZONE,
  CHINA_UTC_OFFSET_MINUTES,
  CN_HOLIDAY_NOTICES,
  SHIPPED_NOTICES,
  DEFAULT_OFFICE_CLOSE,
  NOTICE_2025_SOURCE,
  NOTICE_2026_SOURCE,
  chinaNationalCalendar,
  type ChinaCalendarOptions,
  type HolidayNotice,
} from './data/cn-2025-2026';
export { defaultOfficeHours, officeMinutes, parseOfficeHours, type OfficeHours } from './office-hours';
export {
  NATIONAL_REGION,
  noticeDays,
  noticeSource,
  validateNotice,
  type HolidayNoticeInput,
  type NoticeProblem,
} from './notice';
