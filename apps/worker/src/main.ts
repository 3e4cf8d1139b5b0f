import { databaseUrlFromEnv, temporalSettingsFromEnv } from '../../../libs/config';
import { createDataSource } from '../../../libs/persistence';
import { connectWorker, createCaseWorker } from './worker';

/** The worker process: `npm run start:worker` (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). */
async function main(): Promise<void> {
  const settings = temporalSettingsFromEnv();
  const dataSource = createDataSource(databaseUrlFromEnv());
  await dataSource.initialize();
  const connection = await connectWorker(settings);
  try {
    const worker = await createCaseWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      dataSource,
    });
    console.log(`[worker] polling task queue '${settings.taskQueue}' on ${settings.address} (${settings.namespace})`);
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks are done (the SDK's shutdown signals).
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
  console.log('[worker] stopped');
}

main().catch((error: unknown) => {
  console.error('[worker] failed:', error);
  process.exit(1);
});
