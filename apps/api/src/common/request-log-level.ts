/**
 * The level of a request's log line: errors and 5xx are `error`; a 409 that carries Retry-After (the case is
 * starting or handing over: a "not yet" the caller is told to retry, which a client polling a new case sees a few
 * times) is `info`; every other 4xx, a refusal of the caller's request, is `warn`.
 */
export function requestLogLevel(statusCode: number, retryAfter: unknown, error?: unknown): 'error' | 'warn' | 'info' {
  if (error || statusCode >= 500) return 'error';
  if (statusCode === 409 && retryAfter !== undefined) return 'info';
  return statusCode >= 400 ? 'warn' : 'info';
}
