import { databaseUrlFromEnv, temporalSettingsFromEnv } from '@onewindow/config';
import { reprojectStaleCases } from '@onewindow/activities';
import { calendarSettingsFromEnv, createDataSource, ReferenceDataCache } from '@onewindow/persistence';
import { createLogger, installTemporalLogging } from '@onewindow/logging';
import { connectClient, connectWorker, createCaseWorker } from './worker';

const logger = createLogger('worker');

/** The worker process: `npm run start:worker` (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). */
async function main(): Promise<void> {
  // The SDK's and the core's logs, and the workflows' `log`, become the same JSON lines as the worker's own.
  installTemporalLogging(logger);
  const settings = temporalSettingsFromEnv();
  const dataSource = createDataSource(databaseUrlFromEnv());
  await dataSource.initialize();
  const connection = await connectWorker(settings);
  const client = await connectClient(settings);
  try {
    const worker = await createCaseWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      dataSource,
      client,
    });
    logger.info(
      { taskQueue: settings.taskQueue, address: settings.address, namespace: settings.namespace },
      `worker polling task queue ${settings.taskQueue}`,
    );
    // Read-model rows written before the facts they hold now (a migration added some) are projected again, in the
    // background: cases' own writes go on meanwhile, each case under its lock.
    const reference = new ReferenceDataCache(dataSource, calendarSettingsFromEnv());
    reprojectStaleCases(dataSource, () => reference.calendar())
      .then((count) => {
        if (count > 0) logger.info({ count }, `projected ${count} read-model rows again with the current facts`);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'projecting older read-model rows again failed'));
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks are done (the SDK's shutdown signals).
    await worker.run();
  } finally {
    await client.connection.close();
    await connection.close();
    await dataSource.destroy();
  }
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'worker failed');
  process.exit(1);
});
