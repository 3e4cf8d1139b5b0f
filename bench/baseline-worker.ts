import { NativeConnection, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './baseline.activities';
import { BASELINE_TASK_QUEUE } from './baseline.workflow';

/**
 * The bare-Temporal baseline's worker as a process of its own (`npm run bench -- --processes separate`), beside the
 * case worker's: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE; task queue BASELINE_TASK_QUEUE.
 */
async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: BASELINE_TASK_QUEUE,
    workflowsPath: require.resolve('./baseline.workflow'),
    activities: createBaselineActivities(),
  });
  console.log(`baseline worker polling task queue ${BASELINE_TASK_QUEUE}`);
  await worker.run();
  await connection.close();
}

main().catch((error: unknown) => {
  console.error('baseline worker failed:', error);
  process.exit(1);
});
