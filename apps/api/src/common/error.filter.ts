import {
  Catch,
  HttpException,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, RETRY_SOON } from './api-error';
import type { RouteTable } from './routes';

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
    case 429:
      return 'rate-limited';
    default:
      return status >= 500 ? 'internal-error' : 'request-error';
  }
}

const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|14 UNAVAILABLE|Connection terminated|connect ECONN|DEADLINE_EXCEEDED|timeout exceeded when trying to connect/;

/**
 * Postgres SQLSTATEs that mean the server, not the statement, is the problem: class 08 (connection exception) and
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now: the server is shutting down or starting up).
 */
const POSTGRES_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[1-3])$/;

/** Temporal or Postgres unreachable: the caller may retry (503), nothing is wrong with the request. */
export function dependencyDown(exception: unknown): boolean {
  for (
    let current: unknown = exception, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth += 1
  ) {
    const code = (current as { code?: unknown }).code;
    const codeText = typeof code === 'string' || typeof code === 'number' ? String(code) : '';
    if (POSTGRES_UNAVAILABLE.test(codeText)) return true;
    if (UNREACHABLE.test(`${current.name} ${current.message} ${codeText}`)) return true;
  }
  return false;
}

/**
 * An error of the body parser (body-parser / raw-body, as http-errors): a body over the size limit (413), an
 * unsupported charset or encoding (415), an aborted upload (400). `expose` marks a message written for the caller.
 */
function requestBodyError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, expose, type } = exception as Error & { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true || typeof type !== 'string') {
    return undefined;
  }
  return { status, message: exception.message };
}

/** The one place errors become HTTP: typed errors keep their status and code; nothing leaks a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  /** `routes`: the API's paths and methods, to answer a known path with a wrong method 405 rather than 404. */
  constructor(private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof NotFoundException && this.routes) {
      // Nest answers every unrouted request with a NotFoundException; a path that exists for other methods is a 405.
      const request = host.switchToHttp().getRequest<Request>();
      const allowed = this.routes.methodsOf(request.path);
      if (allowed.length > 0 && !allowed.includes(request.method.toUpperCase())) {
        response.setHeader('Allow', allowed.join(', '));
        response.status(405).json({
          error: {
            code: 'method-not-allowed',
            message: `${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`,
          },
        });
        return;
      }
    }
    const bodyError = requestBodyError(exception);
    if (bodyError) {
      response
        .status(bodyError.status)
        .json({ error: { code: codeForStatus(bodyError.status), message: bodyError.message } });
      return;
    }
    if (exception instanceof ApiError) {
      // A case that is still starting answers in a moment; say when to retry, as for a dependency that is down.
      if (RETRY_SOON.has(exception.code)) response.setHeader('Retry-After', '1');
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
      // The rate limiter already set Retry-After; the envelope says it too.
      const retryAfter = status === 429 ? Number(response.getHeader('Retry-After')) : NaN;
      response.status(status).json({
        error: {
          code: codeForStatus(status),
          message: status === 429 ? 'too many requests for this API key; retry later' : message,
          ...(Number.isFinite(retryAfter) ? { details: { retryAfterSeconds: retryAfter } } : {}),
        },
      });
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
