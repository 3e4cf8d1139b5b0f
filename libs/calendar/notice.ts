import { CalendarError } from './calendar-error';
import { addDays, isoWeekday, parseIsoDate } from './iso-date';
import type { CalendarDay, IsoDate } from './types';

/**
 * A holiday notice as it is published: the State Council's 部分节假日安排的通知 for one year (region `CN`), or a
 * local government's extra holidays (any other region code). The format of `POST /v1/admin/calendar/notices` and of
 * the shipped files in `libs/calendar/data/notices/`. Pure: validated and expanded here, stored by the persistence.
 */
export interface HolidayNoticeInput {
  region: string;
  year: number;
  title: string;
  /** 发文字号, e.g. 国办发明电〔2025〕7号 */
  documentNumber: string;
  /** Date on the notice. */
  issuedOn: IsoDate;
  /** Periods off, each day from `from` to `to` inclusive (weekend days inside a period included). */
  holidays: Array<{ name: string; from: IsoDate; to: IsoDate }>;
  /** Weekend days worked in exchange (调休上班). */
  workdays: Array<{ name: string; date: IsoDate }>;
}

export const NATIONAL_REGION = 'CN';

export interface NoticeProblem {
  path: string;
  rule: string;
  message: string;
}

/** The `source` written on every day of a notice: title and 文号, as the calendar cites it in deadlines. */
export function noticeSource(notice: Pick<HolidayNoticeInput, 'title' | 'documentNumber'>): string {
  return `${notice.title}（${notice.documentNumber}）`;
}

function dateOrUndefined(date: unknown): number | undefined {
  try {
    return parseIsoDate(date as IsoDate);
  } catch (error) {
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
}

/** Every rule a notice must keep before it is published; an empty list means it may be. */
export function validateNotice(notice: HolidayNoticeInput): NoticeProblem[] {
  const problems: NoticeProblem[] = [];
  const add = (path: string, rule: string, message: string): void => {
    problems.push({ path, rule, message });
  };
  const inYear = (path: string, date: IsoDate): boolean => {
    if (dateOrUndefined(date) === undefined) {
      add(path, 'date', `${date} is not a date (YYYY-MM-DD)`);
      return false;
    }
    if (Number(date.slice(0, 4)) !== notice.year) {
      add(path, 'inside-year', `${date} is not in ${notice.year}: a notice lists the days of its own year`);
      return false;
    }
    return true;
  };
  const seen = new Map<IsoDate, string>();
  const once = (path: string, date: IsoDate): void => {
    const earlier = seen.get(date);
    if (earlier) add(path, 'date-once', `${date} is already listed at ${earlier}`);
    else seen.set(date, path);
  };

  const issued = dateOrUndefined(notice.issuedOn);
  if (issued === undefined) add('issuedOn', 'date', `${notice.issuedOn} is not a date (YYYY-MM-DD)`);
  else if (issued > parseIsoDate(`${notice.year}-12-31`))
    add('issuedOn', 'issued-before-year-end', `a notice for ${notice.year} is issued before its year ends`);
  if (notice.region === NATIONAL_REGION && notice.holidays.length === 0)
    add('holidays', 'required', 'a national notice lists at least one holiday period');

  notice.holidays.forEach((period, index) => {
    const at = `holidays[${index}]`;
    const fromOk = inYear(`${at}.from`, period.from);
    const toOk = inYear(`${at}.to`, period.to);
    if (!fromOk || !toOk) return;
    if (parseIsoDate(period.to) < parseIsoDate(period.from)) {
      add(`${at}.to`, 'to-not-before-from', `the period ends (${period.to}) before it starts (${period.from})`);
      return;
    }
    for (let date = period.from; parseIsoDate(date) <= parseIsoDate(period.to); date = addDays(date, 1))
      once(`${at}`, date);
  });
  notice.workdays.forEach((day, index) => {
    const at = `workdays[${index}].date`;
    if (!inYear(at, day.date)) return;
    if (isoWeekday(day.date) < 6)
      add(
        at,
        'workday-on-weekend',
        `${day.date} is a weekday: an adjusted working day (调休上班) is a Saturday or Sunday`,
      );
    once(at, day.date);
  });
  return problems;
}

/** The days a notice sets, in date order, each citing the notice. */
export function noticeDays(notice: HolidayNoticeInput): CalendarDay[] {
  const source = noticeSource(notice);
  const local = notice.region !== NATIONAL_REGION;
  const days: CalendarDay[] = [];
  for (const period of notice.holidays) {
    for (let date = period.from; parseIsoDate(date) <= parseIsoDate(period.to); date = addDays(date, 1))
      days.push({ date, kind: 'holiday', name: period.name, source, ...(local ? { local: true } : {}) });
  }
  for (const day of notice.workdays)
    days.push({ date: day.date, kind: 'workday', name: day.name, source, ...(local ? { local: true } : {}) });
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
