import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { openApiDocument } from './app';
import { rateLimits } from './security/rate-limits';

/**
 * The API's OpenAPI document without any server: Nest's preview mode reads the modules and controllers but
 * instantiates no provider, so neither Postgres nor Temporal is reached. The console's typed client is generated
 * from it (apps/api/src/console-client/codegen.ts), and the same document is what `/docs-json` serves.
 */
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(
    AppModule.forRoot({
      // Never connected to in preview mode; the settings only have to be well-formed.
      databaseUrl: 'postgres://preview@127.0.0.1:1/preview',
      temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'preview' },
      logLevel: 'silent',
      // The limits in force stay in force (AppModule.forRoot configures them for the process).
      rateLimits: rateLimits(),
    }),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}
