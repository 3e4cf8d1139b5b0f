import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule, type ApiSettings } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { withContractSchemas } from './common/openapi';
import { RouteTable } from './common/routes';
import { JSON_BODY_LIMIT } from './common/json-body';
import { Logger } from 'nestjs-pino';
import { useSecurityHeaders } from './security/security';
import { useConsole } from './console/console';

/** The OpenAPI document of an application's routes, completed with the contract (common/openapi.ts). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('OneWindow (一窗通办) API')
    .setDescription(
      'Parallel administrative approvals (并联审批) on Temporal: start cases, send signals and updates, read state.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  return withContractSchemas(SwaggerModule.createDocument(app, info));
}

/**
 * Builds the HTTP application (used by main.ts and the e2e tests): body parser, error filter, OpenAPI. Each route
 * validates its own input with its zod schemas (common/zod.ts); there is no global pipe.
 */
export async function createApiApp(settings: ApiSettings, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ ...settings, ...(options.logger === false ? { logLevel: 'silent' } : {}) }),
    { bufferLogs: true, bodyParser: true },
  );
  app.useLogger(options.logger === false ? false : app.get(Logger));
  useSecurityHeaders(app);
  useConsole(app);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.enableShutdownHooks();
  const document = openApiDocument(app);
  app.useGlobalFilters(new ErrorFilter(new RouteTable(document)));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
