import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type ApiSettings } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { withContractSchemas } from './common/openapi';
import { RouteTable } from './common/routes';
import { JSON_BODY_LIMIT, strictValidationPipe } from './common/validation';

/** Builds the HTTP application (used by main.ts and the e2e tests): pipes, error filter, OpenAPI. */
export async function createApiApp(settings: ApiSettings, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), {
    ...(options.logger === false ? { logger: false } : {}),
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OneWindow (一窗通办) API')
      .setDescription(
        'Parallel administrative approvals (并联审批) on Temporal: start cases, send signals and updates, read state.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
      .build(),
  );
  app.useGlobalFilters(new ErrorFilter(new RouteTable(document)));
  SwaggerModule.setup('docs', app, withContractSchemas(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}
