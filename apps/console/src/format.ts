import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Cases are dated in the service centre's time zone, whatever the browser's. */
export const ZONE = 'Asia/Shanghai';

export function dateTime(instant: string | null | undefined): string {
  return instant ? dayjs(instant).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function date(instant: string | null | undefined): string {
  return instant ? dayjs(instant).tz(ZONE).format('YYYY-MM-DD') : '—';
}

/** The start of a local day (`YYYY-MM-DD` from a date input) as an instant. */
export function startOfLocalDay(day: string): string {
  return dayjs.tz(day, ZONE).startOf('day').toISOString();
}

/** The start of the local day after `day`: a range's end that includes the whole of `day`. */
export function endOfLocalDay(day: string): string {
  return dayjs.tz(day, ZONE).add(1, 'day').startOf('day').toISOString();
}

/** An `<input type="datetime-local">` value in the service centre's zone, to an instant. */
export function localDateTimeToInstant(value: string): string {
  return dayjs.tz(value, ZONE).toISOString();
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

export function decimal(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** 分 as yuan, with two decimals and the thousands grouped. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A number typed in a form: nothing when blank or unreadable (the field is then left out of the request). */
export function typedNumber(text: string): number | undefined {
  const value = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}
