import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createApiApp } from '@onewindow/api/app';
import { ApiKeysService } from '@onewindow/api/auth/api-keys.service';
import { connectWorker, createCaseWorker } from '@onewindow/worker/worker';
import type { TemporalSettings } from '@onewindow/config';
import { createDataSource, migrate, seed } from '@onewindow/persistence';
import { Resources } from './resources';

/** One API key per role, created for the suite. */
export type HarnessKeys = Record<string, string>;

const HARNESS_ROLES = [
  'admin',
  'window',
  'integrator',
  'integrator:ecology',
  'supervisor',
  'auditor',
  'department:natural-resources',
  'department:housing',
  'department:ndrc',
  'department:ecology',
  'department:civil-air-defence',
  'department:fire',
  'department:utilities',
  'department:government-service',
];

export interface AppHarness {
  keys: HarnessKeys;
  /** `Authorization` header value for a role. */
  auth(role: string): string;
  app: INestApplication;
  /** The HTTP server, for supertest. */
  server: ReturnType<INestApplication['getHttpServer']>;
  client: Client;
  dataSource: DataSource;
  settings: TemporalSettings;
  stop(): Promise<void>;
}

/** The workflow code for a worker: the bundle global-setup builds once per run. */
export function workflowCode(): { workflowBundle: { codePath: string } } {
  const codePath = process.env.ONEWINDOW_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('ONEWINDOW_WORKFLOW_BUNDLE comes from test/support/global-setup.ts');
  return { workflowBundle: { codePath } };
}

/**
 * The real stack in one process, against the servers from global-setup: a Temporal worker on a task queue of its
 * own (so suites never steal each other's tasks) and the Nest application.
 */
export async function startAppHarness(options: { databaseUrl?: string } = {}): Promise<AppHarness> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const address = process.env.TEMPORAL_ADDRESS;
  if (!databaseUrl || !address)
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS come from test/support/global-setup.ts');
  const settings: TemporalSettings = {
    address,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: `test-${randomBytes(4).toString('hex')}`,
  };
  // Each part is registered once started: a start that fails half-way stops what had started (no worker polling on).
  const resources = new Resources();
  return resources.startOrClean(async () => {
    const dataSource = createDataSource(databaseUrl);
    await dataSource.initialize();
    resources.add('the harness database pool', () => dataSource.destroy());
    const connection = await connectWorker(settings);
    resources.add('the harness worker connection', () => connection.close());
    const client = new Client({ connection: await Connection.connect({ address }), namespace: settings.namespace });
    resources.add('the harness client connection', () => client.connection.close());
    const worker: Worker = await createCaseWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      dataSource,
      client,
      ...workflowCode(),
    });
    const running = worker.run();
    resources.add(`the harness worker (task queue ${settings.taskQueue})`, async () => {
      worker.shutdown();
      await running;
    });
    const app = await createApiApp(
      { databaseUrl, temporal: settings },
      process.env.ONEWINDOW_TEST_LOGS ? {} : { logger: false },
    );
    resources.add('the harness Nest app', () => app.close());
    await app.init();
    const apiKeys = app.get(ApiKeysService);
    const keys: HarnessKeys = {};
    for (const role of HARNESS_ROLES) keys[role] = (await apiKeys.create(`test ${role}`, role)).token;
    return {
      keys,
      auth: (role: string) => {
        const key = keys[role];
        if (!key) throw new Error(`no test key for role ${role}`);
        return `Bearer ${key}`;
      },
      app,
      server: app.getHttpServer(),
      client,
      dataSource,
      settings,
      stop: () => resources.stop(),
    };
  });
}

/** Polls `probe` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

/**
 * A database of its own on the test server, migrated and seeded, for a suite that publishes reference data (a
 * calendar year, an active catalogue) every other suite would otherwise see. Returns its URL.
 */
export async function scratchDatabase(name: string): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL comes from test/support/global-setup.ts');
  const database = `${name}_${randomBytes(4).toString('hex')}`;
  const admin = createDataSource(url);
  await admin.initialize();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.destroy();
  }
  const scratch = new URL(url);
  scratch.pathname = `/${database}`;
  await migrate(scratch.toString());
  await seed(scratch.toString());
  return scratch.toString();
}
