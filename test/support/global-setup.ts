import './path-aliases';
import { DefaultLogger } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort } from '@onewindow/stack/processes';
import { startTemporalCluster, type TemporalCluster } from '@onewindow/stack/temporal-cluster';
import { startTemporalDevServer, type TemporalDevServer } from '@onewindow/stack/temporal-dev-server';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';
import { seed } from '@onewindow/persistence';
import { migrate } from '@onewindow/persistence';
import { toolPaths } from '@onewindow/stack/tools';

export interface TestServices {
  postgres?: EmbeddedPostgres;
  temporal?: TemporalDevServer;
  cluster?: { cluster: TemporalCluster; dir: string };
}

declare global {
  var __onewindowTestServices: TestServices | undefined;
}

function log(message: string): void {
  process.stdout.write(`[test-setup] ${message}\n`);
}

/** `jest --selectProjects unit` needs no servers. */
function onlyUnitTestsSelected(): boolean {
  const args = process.argv.join(' ');
  return (
    args.includes('--selectProjects') && !/\b(workflow|e2e|console)\b/.test(args.split('--selectProjects')[1] ?? '')
  );
}

/**
 * Starts the real servers the suites need, once per jest run: an embedded PostgreSQL (or DATABASE_URL) with the
 * schema migrated, a Temporal dev server (or TEMPORAL_ADDRESS), and one workflow bundle shared by every suite.
 * ONEWINDOW_TEMPORAL=cluster starts the self-hosted multi-service cluster (apps/stack/temporal-cluster.ts) in that
 * Postgres instead of the dev server (`node scripts/bootstrap-tools.js --cluster` builds it).
 * ONEWINDOW_TEST_SERVICES=none skips all of it (unit tests only).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.ONEWINDOW_TEST_SERVICES === 'none' || onlyUnitTestsSelected()) return;
  const started = Date.now();
  const services: TestServices = {};
  globalThis.__onewindowTestServices = services;
  const tools = toolPaths();

  const bundlePromise = bundleCaseWorkflows(new DefaultLogger('WARN')).then(({ code }) => {
    const file = join(tmpdir(), `onewindow-workflows-${process.pid}.js`);
    writeFileSync(file, code);
    process.env.ONEWINDOW_WORKFLOW_BUNDLE = file;
  });

  if (!process.env.DATABASE_URL) {
    services.postgres = await startEmbeddedPostgres({
      dataDir: join(tmpdir(), `onewindow-test-pg-${randomBytes(4).toString('hex')}`),
      port: await freePort(),
      database: 'onewindow_test',
      persistent: false,
    });
    process.env.DATABASE_URL = services.postgres.url;
    log(`embedded PostgreSQL ready (${services.postgres.url})`);
  }
  await migrate(process.env.DATABASE_URL);
  await seed(process.env.DATABASE_URL);

  if (!process.env.TEMPORAL_ADDRESS && process.env.ONEWINDOW_TEMPORAL === 'cluster') {
    if (!tools.temporalServer || !tools.temporalSqlTool || !tools.temporalSchemaDir)
      throw new Error('ONEWINDOW_TEMPORAL=cluster: run node scripts/bootstrap-tools.js --cluster first');
    const dir = mkdtempSync(join(tmpdir(), 'onewindow-test-cluster-'));
    const cluster = await startTemporalCluster({
      tools: { server: tools.temporalServer, sqlTool: tools.temporalSqlTool, schemaDir: tools.temporalSchemaDir },
      postgresAdminUrl: process.env.DATABASE_URL,
      dir,
      frontendPort: await freePort(),
    });
    services.cluster = { cluster, dir };
    process.env.TEMPORAL_ADDRESS = cluster.address;
    log(`Temporal cluster ready on ${cluster.address} (logs in ${join(dir, 'logs')})`);
  }
  if (!process.env.TEMPORAL_ADDRESS) {
    if (!tools.temporalCli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js');
    services.temporal = await startTemporalDevServer({ cli: tools.temporalCli, port: await freePort() });
    process.env.TEMPORAL_ADDRESS = services.temporal.address;
    log(`Temporal dev server ready on ${services.temporal.address}`);
  }
  if (tools.testServer) process.env.ONEWINDOW_TEST_SERVER = tools.testServer;
  await bundlePromise;
  log(`services ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
