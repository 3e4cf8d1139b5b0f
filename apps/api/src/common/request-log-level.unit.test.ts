import { requestLogLevel } from './request-log-level';

describe('requestLogLevel', () => {
  it('logs a "not yet" 409 (Retry-After) as info, other refusals as warn, failures as error', () => {
    expect(requestLogLevel(409, '1')).toBe('info');
    expect(requestLogLevel(409, undefined)).toBe('warn');
    expect(requestLogLevel(422, undefined)).toBe('warn');
    expect(requestLogLevel(429, '30')).toBe('warn');
    expect(requestLogLevel(503, '1')).toBe('error');
    expect(requestLogLevel(200, undefined, new Error('socket hang up'))).toBe('error');
    expect(requestLogLevel(202, undefined)).toBe('info');
  });
});
