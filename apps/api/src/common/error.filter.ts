import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from './api-error';

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 422:
      return 'validation-failed';
    default:
      return status >= 500 ? 'internal-error' : 'request-error';
  }
}

const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|14 UNAVAILABLE|Connection terminated|connect ECONN|DEADLINE_EXCEEDED/;

/** Temporal or Postgres unreachable: the caller may retry (503), nothing is wrong with the request. */
function dependencyDown(exception: unknown): boolean {
  for (
    let current: unknown = exception, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth += 1
  ) {
    const code = (current as { code?: unknown }).code;
    const codeText = typeof code === 'string' || typeof code === 'number' ? String(code) : '';
    if (UNREACHABLE.test(`${current.name} ${current.message} ${codeText}`)) return true;
  }
  return false;
}

/** The one place errors become HTTP: typed errors keep their status and code; nothing leaks a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      response.status(exception.status).json({
        error: {
          code: exception.code,
          message: exception.message,
          ...(exception.details ? { details: exception.details } : {}),
        },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : typeof body === 'object' && body !== null && 'message' in body
            ? String(body.message)
            : exception.message;
      response.status(status).json({ error: { code: codeForStatus(status), message } });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (dependencyDown(exception)) {
      response.setHeader('Retry-After', '5');
      response.status(503).json({
        error: { code: 'dependency-unavailable', message: 'Temporal or Postgres is not reachable; retry later' },
      });
      return;
    }
    response.status(500).json({ error: { code: 'internal-error', message: 'an internal error occurred' } });
  }
}
