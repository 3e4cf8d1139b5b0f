import { DefaultLogger, type LogLevel, type LogMetadata, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import pino, { type Logger } from 'pino';

/** One structured JSON log line per entry (stdout), for the API and the worker alike. */
export function createLogger(component: 'api' | 'worker' | 'stack', level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An API key is a secret: its id is logged, never its token.
    redact: {
      // API keys and the applicants' query codes (查询码) never reach a log line.
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.token',
        'req.headers["x-query-code"]',
        'headers["x-query-code"]',
      ],
      censor: '[redacted]',
    },
  });
}

const SDK_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal runtime's logs (the SDK's, and the Rust core's, forwarded) into `logger`, so a worker writes
 * one stream of JSON lines. Call once per process, before any worker or native connection is created.
 */
export function installTemporalLogging(logger: Logger, level: LogLevel = 'INFO'): void {
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      logger.child({ source: 'temporal' })[SDK_LEVELS[entryLevel]](meta as LogMetadata, message);
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'WARN' }), forward: {} } },
  });
}

export type { Logger };
