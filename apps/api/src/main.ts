import { databaseUrlFromEnv, httpPortFromEnv, temporalSettingsFromEnv } from '../../../libs/config';
import { createApiApp } from './app';

/** The API process: `npm run start:api` (PORT, DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). */
async function main(): Promise<void> {
  const app = await createApiApp({ databaseUrl: databaseUrlFromEnv(), temporal: temporalSettingsFromEnv() });
  const port = httpPortFromEnv();
  await app.listen(port);
  console.log(`[api] listening on http://localhost:${port} (OpenAPI: /docs)`);
}

main().catch((error: unknown) => {
  console.error('[api] failed:', error);
  process.exit(1);
});
