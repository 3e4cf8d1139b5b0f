import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApiApp } from '@onewindow/api/app';
import { ApiKeysService } from '@onewindow/api/auth/api-keys.service';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort } from '@onewindow/stack/processes';
import { startTemporalDevServer, type TemporalDevServer } from '@onewindow/stack/temporal-dev-server';
import { toolPaths } from '@onewindow/stack/tools';
import { createCaseWorker, type CaseWorkerOptions } from '@onewindow/worker/worker';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { createDataSource, migrate, seed } from '@onewindow/persistence';

/** The real system for a benchmark, in this process: Temporal dev server, embedded Postgres, case worker, API. */
export interface BenchStack {
  api: string;
  apiKeys: ApiKeysService;
  client: Client;
  nativeConnection: NativeConnection;
  dataSource: DataSource;
  temporal: TemporalDevServer;
  /** Process id of the Temporal dev server, for its RSS and CPU time. */
  temporalPid: number | undefined;
  caseWorker: Worker;
  taskQueue: string;
  /** The API key of a role, made on first use. */
  token(role: string): Promise<string>;
  /** Calls the API as `role` (keys are made on first use); throws on any non-2xx answer. */
  call(role: string, method: string, path: string, body?: unknown): Promise<unknown>;
  /** CPU seconds used so far by this process, the Temporal dev server and Postgres (postmaster and backends). */
  cpu(): CpuSample;
  /** Runs another worker beside the case worker until stop(). */
  addWorker(worker: Worker): void;
  /** Stops everything it started (runs the teardown). */
  stop(): Promise<void>;
}

export interface CpuSample {
  node: number;
  temporal: number;
  postgres: number;
}

/** CPU seconds between two samples, per component. */
export function cpuSince(before: CpuSample, after: CpuSample): CpuSample {
  return {
    node: after.node - before.node,
    temporal: after.temporal - before.temporal,
    postgres: after.postgres - before.postgres,
  };
}

/** What was started, stopped in reverse order once, whoever asks first (the end of a run, a failure, Ctrl-C). */
export class Teardown {
  private readonly steps: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  private running?: Promise<void>;

  add(name: string, stop: () => Promise<void> | void): void {
    this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.stop();
        } catch (error) {
          console.error(`[bench] stopping ${step.name} failed:`, error);
        }
      }
    })();
    return this.running;
  }
}

export interface BenchStackOptions {
  /** Register what starts on this teardown (the caller's, so its own signal handler stops the servers too). */
  teardown?: Teardown;
  /** The Temporal runtime's log level (default WARN). */
  logLevel?: 'WARN' | 'ERROR';
  /** Keep Temporal's state in an SQLite file (as `npm start` does) instead of memory. */
  temporalDbFile?: boolean;
  tuning?: CaseWorkerOptions['tuning'];
}

export function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `task(0 … count-1)` with at most `concurrency` at a time. */
export async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) results[index] = await task(index);
    }),
  );
  return results;
}

/** Every material of the land-and-start template but the land contract (signed later in the case). */
export function landAndStartDocuments(): Array<{ materialCode: string }> {
  return materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));
}

/**
 * RSS (bytes) and CPU time (seconds, user + system) of a process, from /proc; `childrenCpuSeconds` is what its
 * ended, waited-for children used (Postgres backends that closed their connection).
 */
export function processUsage(pid: number): { rss: number; cpuSeconds: number; childrenCpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const childTicks = Number(fields[13]) + Number(fields[14]);
  return { rss: rssKiB * 1024, cpuSeconds: ticks / 100, childrenCpuSeconds: childTicks / 100 };
}

/** The pid of the `temporal server start-dev` listening on `port` (the dev server's own process). */
function devServerPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('start-dev') && argv.includes(String(port))) return Number(entry);
    } catch {
      // the process ended while the list was read
    }
  }
  return undefined;
}

/** The postmaster of a data directory and its children (the backends and background workers). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...children.map(Number)];
}

/** CPU seconds of a Postgres server: the postmaster, its live children and the ones that have ended. */
export function postgresCpu(dataDir: string): number {
  const [postmaster, ...children] = postgresPids(dataDir);
  if (postmaster === undefined) return NaN;
  return processUsage(postmaster).childrenCpuSeconds + cpuOf([postmaster, ...children]);
}

/** CPU seconds (user + system) of these processes together; one that ended meanwhile counts for nothing. */
export function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + processUsage(pid).cpuSeconds;
    } catch {
      return sum; // ended between the listing and the read
    }
  }, 0);
}

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  Runtime.install({ logger: new DefaultLogger(options.logLevel ?? 'WARN') });
  const cli = toolPaths().temporalCli;
  if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js');
  // Every piece is registered as soon as it runs, so a failure (or the caller's Ctrl-C) halfway through the
  // start stops what had started.
  const teardown = options.teardown ?? new Teardown();
  try {
    const scratch = join(tmpdir(), `onewindow-bench-${randomBytes(4).toString('hex')}`);
    teardown.add('scratch directory', () => rmSync(scratch, { recursive: true, force: true }));
    const postgres: EmbeddedPostgres = await startEmbeddedPostgres({
      dataDir: join(scratch, 'postgres'),
      port: await freePort(),
      database: 'onewindow_bench',
      persistent: false,
    });
    teardown.add('Postgres', () => postgres.stop());
    const port = await freePort();
    const temporal = await startTemporalDevServer({
      cli,
      port,
      ...(options.temporalDbFile ? { dbFile: join(scratch, 'temporal.sqlite') } : {}),
    });
    teardown.add('Temporal dev server', () => temporal.stop());
    await migrate(postgres.url);
    await seed(postgres.url);
    const dataSource = createDataSource(postgres.url);
    await dataSource.initialize();
    teardown.add('data source', () => dataSource.destroy());
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    teardown.add('worker connection', () => nativeConnection.close());
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    teardown.add('client connection', () => client.connection.close());
    const temporalPid = devServerPid(port);
    const taskQueue = 'bench-onewindow';
    const runWorker = (worker: Worker, name: string) => {
      const running = worker.run();
      // A worker that dies early is reported (the run then fails on its work), never an unhandled rejection.
      running.catch((error: unknown) => console.error(`[bench] the ${name} stopped:`, error));
      teardown.add(name, async () => {
        worker.shutdown();
        await running;
      });
    };
    const caseWorker = await createCaseWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      dataSource,
      ...(options.tuning ? { tuning: options.tuning } : {}),
    });
    runWorker(caseWorker, 'case worker');
    const app: INestApplication = await createApiApp(
      {
        databaseUrl: postgres.url,
        temporal: { address: temporal.address, namespace: 'default', taskQueue },
        // Benchmarks (and the fuzzer) drive many requests through a few keys: the per-key limiter is not measured.
        rateLimits: { perMinute: 1_000_000, replaysPerMinute: 1_000 },
      },
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    teardown.add('API', () => app.close());
    const api = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const apiKeys = app.get(ApiKeysService);
    const tokens = new Map<string, Promise<string>>();
    const token = (role: string): Promise<string> => {
      let found = tokens.get(role);
      if (!found) {
        found = apiKeys.create(`bench ${role}`, role).then((created) => created.token);
        tokens.set(role, found);
      }
      return found;
    };
    return {
      api,
      apiKeys,
      client,
      nativeConnection,
      dataSource,
      temporal,
      temporalPid,
      caseWorker,
      taskQueue,
      token,
      cpu() {
        return {
          node: cpuOf([process.pid]),
          temporal: temporalPid ? cpuOf([temporalPid]) : NaN,
          postgres: postgresCpu(join(scratch, 'postgres')),
        };
      },
      async call(role, method, path, body) {
        const response = await fetch(`${api}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role)}` },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
        return text ? (JSON.parse(text) as unknown) : undefined;
      },
      addWorker(worker) {
        runWorker(worker, 'extra worker');
      },
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
