import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type ApiSettings } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { withContractSchemas } from './common/openapi';
import { strictValidationPipe } from './common/validation';

/** Builds the HTTP application (used by main.ts and the e2e tests): pipes, error filter, OpenAPI. */
export async function createApiApp(settings: ApiSettings, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(settings), {
    ...(options.logger === false ? { logger: false } : {}),
    bodyParser: true,
  });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
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
  SwaggerModule.setup('docs', app, withContractSchemas(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}
