import { databaseUrlFromEnv, httpPortFromEnv, temporalSettingsFromEnv } from '@onewindow/config';
import { Logger } from 'nestjs-pino';
import { createLogger } from '@onewindow/logging';
import { createApiApp } from './app';

/** The API process: `npm run start:api` (PORT, DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). */
async function main(): Promise<void> {
  const app = await createApiApp({ databaseUrl: databaseUrlFromEnv(), temporal: temporalSettingsFromEnv() });
  const port = httpPortFromEnv();
  await app.listen(port);
  app.get(Logger).log(`listening on http://localhost:${port} (OpenAPI: /docs)`, 'api');
}

main().catch((error: unknown) => {
  createLogger('api').fatal({ err: error }, 'api failed');
  process.exit(1);
});
