import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { createLogger } from '@onewindow/logging';
import type { AuthenticatedRequest } from './auth/auth.guard';
import {
  configureRateLimits,
  rateLimits,
  rateLimitsFromEnv,
  rateLimitTracker,
  type RateLimits,
} from './security/rate-limits';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { TemporalSettings } from '@onewindow/config';
import { dataSourceOptions } from '@onewindow/persistence';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { HealthModule } from './health/health.module';
import { ProjectsModule } from './projects/projects.module';
import { RatingsModule } from './ratings/ratings.module';
import { AccountabilityModule } from './accountability/accountability.module';
import { PublicModule } from './public/public.module';
import { LicencesModule } from './licences/licences.module';
import { ReferenceDataModule } from './reference/reference-data.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';
import { requestLogLevel } from './common/request-log-level';

export interface ApiSettings {
  databaseUrl: string;
  temporal: TemporalSettings;
  /** Log level of the JSON request log (`silent` in tests). */
  logLevel?: string;
  /** Per-key rate limits; from the environment when absent. */
  rateLimits?: RateLimits;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id (X-Request-Id) when it is a sane one, else a fresh one; echoed in the answer. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const sent = request.headers['x-request-id'];
  const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

@Module({})
export class AppModule {
  static forRoot(settings: ApiSettings): DynamicModule {
    configureRateLimits(settings.rateLimits ?? rateLimitsFromEnv());
    return {
      module: AppModule,
      imports: [
        // One JSON line per request with its id and the API key's id (never the key).
        LoggerModule.forRoot({
          pinoHttp: {
            logger: createLogger('api', settings.logLevel),
            genReqId: requestId,
            customProps: (request) => {
              const principal = (request as AuthenticatedRequest).principal;
              return principal ? { keyId: principal.keyId, role: principal.role } : {};
            },
            customLogLevel: (_request, response, error) =>
              requestLogLevel(response.statusCode, response.getHeader('retry-after'), error),
          },
        }),
        // Per API key: a steady limit for everything, a tight one for replays (@Throttle on the route).
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: () => rateLimits().perMinute }],
          getTracker: rateLimitTracker,
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings.databaseUrl), retryAttempts: 3, retryDelay: 1000 }),
        TemporalModule.forRoot(settings.temporal),
        ReferenceDataModule,
        AuthModule,
        HealthModule,
        CasesModule,
        CatalogModule,
        CalendarModule,
        AuditModule,
        SupervisionModule,
        RatingsModule,
        AccountabilityModule,
        PublicModule,
        LicencesModule,
        ProjectsModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
