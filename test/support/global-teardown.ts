import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__onewindowTestServices;
  if (!services) return;
  await services.temporal?.stop();
  await services.cluster?.cluster.stop();
  // ONEWINDOW_KEEP_CLUSTER_LOGS=true keeps the cluster's folder (its config and the services' logs) to read after.
  if (services.cluster && process.env.ONEWINDOW_KEEP_CLUSTER_LOGS !== 'true')
    rmSync(services.cluster.dir, { recursive: true, force: true });
  await services.postgres?.stop();
}
