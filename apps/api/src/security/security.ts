import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every answer (helmet): a strict Content-Security-Policy (same origin only) everywhere but the
 * OpenAPI UI under /docs, whose page needs inline script and style.
 */
export function useSecurityHeaders(app: INestApplication): void {
  const strict = helmet({
    contentSecurityPolicy: { directives: { 'style-src': ["'self'"], 'font-src': ["'self'"] } },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path === '/docs' || request.path.startsWith('/docs/') ? docs : strict)(request, response, next),
  );
}
