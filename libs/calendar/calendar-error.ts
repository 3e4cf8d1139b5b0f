/** Why the calendar refused an input. Stable strings: callers map them (e.g. to HTTP 422) without parsing messages. */
export type CalendarErrorCode =
  | 'invalid-date'
  | 'invalid-instant'
  | 'invalid-offset'
  | 'invalid-office-close'
  | 'invalid-office-hours'
  | 'invalid-count'
  | 'invalid-year'
  | 'invalid-day'
  | 'invalid-version'
  | 'invalid-time-zone'
  | 'conflicting-days'
  | 'out-of-range';

/** A malformed date, instant, count or calendar data set. Thrown, never returned. */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';

  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
  }
}
