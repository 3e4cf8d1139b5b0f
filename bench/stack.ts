import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApiApp } from '@onewindow/api/app';
import { ApiKeysService } from '@onewindow/api/auth/api-keys.service';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort, sleep, spawnManaged, stopProcess, type ManagedProcess } from '@onewindow/stack/processes';
import { startTemporalDevServer, type TemporalDevServer } from '@onewindow/stack/temporal-dev-server';
import { toolPaths } from '@onewindow/stack/tools';
import { createCaseWorker, type CaseWorkerOptions } from '@onewindow/worker/worker';
import { generateApiKey, hashApiKey, isRole } from '@onewindow/auth';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { createDataSource, migrate, seed } from '@onewindow/persistence';
import { createBaselineActivities } from './baseline.activities';
import { BASELINE_TASK_QUEUE } from './baseline.workflow';
import { databaseUrl, withClient } from './postgres-stats';

/**
 * What `npm run bench` needs of the system under test, whether the API and the workers run in this process
 * (`startBenchStack`) or each in its own (`startProcessStack`).
 */
export interface BenchSystem {
  api: string;
  client: Client;
  /** The Postgres URL of OneWindow's database; the peers' databases live on the same server. */
  databaseUrl: string;
  /** Process id of the Temporal dev server, for its RSS and CPU time. */
  temporalPid: number | undefined;
  taskQueue: string;
  /** The API key of a role, made on first use. */
  token(role: string): Promise<string>;
  /** Calls the API as `role` (keys are made on first use); throws on any non-2xx answer. */
  call(role: string, method: string, path: string, body?: unknown): Promise<unknown>;
  /** How many calls went to the API so far. */
  requests(): number;
  /** CPU seconds used so far by the bench's Node processes, the Temporal dev server and Postgres. */
  cpu(): CpuSample;
  /** The Node processes that run OneWindow and the baseline, by role: `bench` is this process. */
  nodePids(): Partial<Record<NodeRole, number>>;
  /** Starts the bare-Temporal baseline's worker (task queue BASELINE_TASK_QUEUE). */
  startBaselineWorker(): Promise<void>;
  /** Stops everything it started (runs the teardown). */
  stop(): Promise<void>;
}

export type NodeRole = 'bench' | 'api' | 'worker' | 'baselineWorker';

/** The real system for a benchmark, in this process: Temporal dev server, embedded Postgres, case worker, API. */
export interface BenchStack extends BenchSystem {
  apiKeys: ApiKeysService;
  nativeConnection: NativeConnection;
  dataSource: DataSource;
  temporal: TemporalDevServer;
  caseWorker: Worker;
  /** Runs another worker beside the case worker until stop(). */
  addWorker(worker: Worker): void;
}

/**
 * CPU seconds per component. `node` is this process (with the API and the workers in it under startBenchStack);
 * under startProcessStack the API, the case worker and the baseline's worker are processes of their own.
 */
export interface CpuSample {
  node: number;
  temporal: number;
  postgres: number;
  api?: number;
  worker?: number;
  baselineWorker?: number;
}

const CHILD_COMPONENTS = ['api', 'worker', 'baselineWorker'] as const;

/** CPU seconds between two samples, per component. */
export function cpuSince(before: CpuSample, after: CpuSample): CpuSample {
  const used: CpuSample = {
    node: after.node - before.node,
    temporal: after.temporal - before.temporal,
    postgres: after.postgres - before.postgres,
  };
  for (const key of CHILD_COMPONENTS) {
    const [was, is] = [before[key], after[key]];
    if (was !== undefined && is !== undefined) used[key] = is - was;
  }
  return used;
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
  /** Preload pg_stat_statements in Postgres (created in the `postgres` database, which reads every database's). */
  statements?: boolean;
}

/** Whether `--name` is on the command line. */
export function flagArg(name: string): boolean {
  return process.argv.includes(`--${name}`);
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

/** The servers every stack runs on: embedded Postgres (migrated and seeded) and the Temporal dev server. */
interface Servers {
  postgres: EmbeddedPostgres;
  temporal: TemporalDevServer;
  temporalPid: number | undefined;
  client: Client;
}

const POSTGRES_USER_DATABASE = 'onewindow_bench';

/**
 * pg_stat_statements is a preloaded library: it is written into the cluster's configuration (ALTER SYSTEM) and the
 * server started again on the same data and port; the view lives in the `postgres` database and shows every one.
 */
async function restartWithStatements(
  postgres: EmbeddedPostgres,
  start: () => Promise<EmbeddedPostgres>,
): Promise<EmbeddedPostgres> {
  const admin = databaseUrl(postgres.url, 'postgres');
  await withClient(admin, (client) => client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`));
  await postgres.stop();
  const restarted = await start();
  await withClient(admin, (client) => client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
  return restarted;
}

async function startServers(options: BenchStackOptions, teardown: Teardown): Promise<Servers> {
  Runtime.install({ logger: new DefaultLogger(options.logLevel ?? 'WARN') });
  const cli = toolPaths().temporalCli;
  if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js');
  const scratch = join(tmpdir(), `onewindow-bench-${randomBytes(4).toString('hex')}`);
  teardown.add('scratch directory', () => rmSync(scratch, { recursive: true, force: true }));
  const postgresPort = await freePort();
  const startPostgres = () =>
    startEmbeddedPostgres({
      dataDir: join(scratch, 'postgres'),
      port: postgresPort,
      database: POSTGRES_USER_DATABASE,
      // Kept across the restart that preloads pg_stat_statements; the scratch directory goes at the end.
      persistent: true,
    });
  let postgres: EmbeddedPostgres | undefined;
  // Registered first, so it runs after the server has stopped (the data may live outside the scratch directory).
  teardown.add('Postgres data', () => {
    if (postgres) rmSync(postgres.dataDir, { recursive: true, force: true });
  });
  postgres = await startPostgres();
  teardown.add('Postgres', () => postgres?.stop());
  if (options.statements) postgres = await restartWithStatements(postgres, startPostgres);
  const port = await freePort();
  const temporal = await startTemporalDevServer({
    cli,
    port,
    ...(options.temporalDbFile ? { dbFile: join(scratch, 'temporal.sqlite') } : {}),
  });
  teardown.add('Temporal dev server', () => temporal.stop());
  await migrate(postgres.url);
  await seed(postgres.url);
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  teardown.add('client connection', () => client.connection.close());
  return { postgres, temporal, temporalPid: devServerPid(port), client };
}

/** Calls to the API as a role, with the role's key made on first use by `createToken`. */
function apiCaller(api: string, createToken: (role: string) => Promise<string>) {
  const tokens = new Map<string, Promise<string>>();
  const token = (role: string): Promise<string> => {
    let found = tokens.get(role);
    if (!found) {
      found = createToken(role);
      tokens.set(role, found);
    }
    return found;
  };
  let requests = 0;
  const call = async (role: string, method: string, path: string, body?: unknown): Promise<unknown> => {
    requests += 1;
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role)}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return { token, call, requests: () => requests };
}

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  // Every piece is registered as soon as it runs, so a failure (or the caller's Ctrl-C) halfway through the
  // start stops what had started.
  const teardown = options.teardown ?? new Teardown();
  try {
    const { postgres, temporal, temporalPid, client } = await startServers(options, teardown);
    const dataSource = createDataSource(postgres.url);
    await dataSource.initialize();
    teardown.add('data source', () => dataSource.destroy());
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    teardown.add('worker connection', () => nativeConnection.close());
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
        rateLimits: {
          perMinute: 1_000_000,
          replaysPerMinute: 1_000,
          publicPerMinute: 1_000_000,
          lookupsPerMinute: 1_000,
        },
      },
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    teardown.add('API', () => app.close());
    const api = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const apiKeys = app.get(ApiKeysService);
    const { token, call, requests } = apiCaller(api, (role) =>
      apiKeys.create(`bench ${role}`, role).then((made) => made.token),
    );
    return {
      api,
      apiKeys,
      client,
      nativeConnection,
      dataSource,
      databaseUrl: postgres.url,
      temporal,
      temporalPid,
      caseWorker,
      taskQueue,
      token,
      call,
      requests,
      cpu() {
        return {
          node: cpuOf([process.pid]),
          temporal: temporalPid ? cpuOf([temporalPid]) : NaN,
          postgres: postgresCpu(postgres.dataDir),
        };
      },
      nodePids: () => ({ bench: process.pid }),
      addWorker(worker) {
        runWorker(worker, 'extra worker');
      },
      async startBaselineWorker() {
        runWorker(
          await Worker.create({
            connection: nativeConnection,
            taskQueue: BASELINE_TASK_QUEUE,
            workflowsPath: require.resolve('./baseline.workflow'),
            activities: createBaselineActivities(),
          }),
          'baseline worker',
        );
      },
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

export interface ProcessStackOptions extends BenchStackOptions {
  /**
   * Run each Node process under `--cpu-prof`, its profiles (one per thread) in `<profileDir>/<role>/`. A process
   * writes them when it exits, which stop() makes it do.
   */
  profileDir?: string;
  /** Where the children's logs go (one file per process). */
  logDir: string;
}

/** dist-bench/ (this file is dist-bench/bench/stack.js once built): the children run the same build. */
const DIST_ROOT = join(__dirname, '..');

/**
 * The system as deployed: the API (apps/api/src/main.js), the case worker (apps/worker/src/main.js) and the
 * baseline's worker (bench/baseline-worker.js) each in its own Node process, on the same servers; this process only
 * generates the load. Each process's CPU time is read on its own, and `profileDir` profiles each one.
 */
export async function startProcessStack(options: ProcessStackOptions): Promise<BenchSystem> {
  const teardown = options.teardown ?? new Teardown();
  try {
    const { postgres, temporal, temporalPid, client } = await startServers(options, teardown);
    const taskQueue = 'bench-onewindow';
    const apiPort = await freePort();
    mkdirSync(options.logDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(apiPort),
      // Benchmarks drive many requests through a few keys: the per-key limiter is not measured.
      ONEWINDOW_RATE_LIMIT_PER_MINUTE: '1000000',
      ONEWINDOW_REPLAY_RATE_LIMIT_PER_MINUTE: '1000',
    };
    const children: Partial<Record<NodeRole, ManagedProcess>> = {};
    const spawnChild = (role: Exclude<NodeRole, 'bench'>, script: string, logLevel: string) => {
      const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, role)}`] : [];
      // --cpu-prof writes a profile only when the process exits on its own: SIGTERM must end it with exit().
      const managed = spawnManaged(
        process.execPath,
        [...profile, '--require', join(DIST_ROOT, 'bench', 'exit-on-sigterm.js'), join(DIST_ROOT, script)],
        { env: { ...env, LOG_LEVEL: logLevel } },
      );
      const log = createWriteStream(join(options.logDir, `${role}.log`));
      managed.child.stdout?.pipe(log);
      managed.child.stderr?.pipe(log);
      children[role] = managed;
      teardown.add(role, () => stopProcess(managed.child, 30_000));
      return managed;
    };
    const waitForLine = async (managed: ManagedProcess, text: string, what: string) => {
      const deadline = Date.now() + 180_000;
      while (!managed.tail.toString().includes(text)) {
        if (managed.child.exitCode !== null || managed.child.signalCode !== null)
          throw new Error(`${what} exited during start-up:\n${managed.tail.toString()}`);
        if (Date.now() > deadline) throw new Error(`${what} not ready in 180 s:\n${managed.tail.toString()}`);
        await sleep(100);
      }
    };
    // The worker says when it polls (an info line); the API and the baseline's worker log warnings only.
    await waitForLine(
      spawnChild('worker', 'apps/worker/src/main.js', 'info'),
      'worker polling task queue',
      'the worker',
    );
    const apiProcess = spawnChild('api', 'apps/api/src/main.js', 'warn');
    const api = `http://127.0.0.1:${apiPort}`;
    for (const deadline = Date.now() + 120_000; ; await sleep(200)) {
      if (apiProcess.child.exitCode !== null) throw new Error(`the API exited:\n${apiProcess.tail.toString()}`);
      if (Date.now() > deadline) throw new Error(`the API is not healthy in 120 s:\n${apiProcess.tail.toString()}`);
      if (
        await fetch(`${api}/health/live`).then(
          (answer) => answer.ok,
          () => false,
        )
      )
        break;
    }
    // Keys are written as the development seed writes them: the hash only.
    const { token, call, requests } = apiCaller(api, async (role) => {
      if (!isRole(role)) throw new Error(`not a role: ${role}`);
      const made = generateApiKey(role);
      await withClient(postgres.url, (db) =>
        db.query('INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)', [
          randomUUID(),
          `bench ${role}`,
          role,
          hashApiKey(made),
        ]),
      );
      return made;
    });
    const pidOf = (role: NodeRole) => children[role]?.child.pid;
    return {
      api,
      client,
      databaseUrl: postgres.url,
      temporalPid,
      taskQueue,
      token,
      call,
      requests,
      cpu() {
        const sample: CpuSample = {
          node: cpuOf([process.pid]),
          temporal: temporalPid ? cpuOf([temporalPid]) : NaN,
          postgres: postgresCpu(postgres.dataDir),
        };
        for (const role of CHILD_COMPONENTS) {
          const pid = pidOf(role);
          if (pid !== undefined) sample[role] = cpuOf([pid]);
        }
        return sample;
      },
      nodePids() {
        const pids: Partial<Record<NodeRole, number>> = { bench: process.pid };
        for (const role of ['api', 'worker', 'baselineWorker'] as const) {
          const pid = pidOf(role);
          if (pid !== undefined) pids[role] = pid;
        }
        return pids;
      },
      async startBaselineWorker() {
        await waitForLine(
          spawnChild('baselineWorker', 'bench/baseline-worker.js', 'info'),
          'baseline worker polling',
          "the baseline's worker",
        );
      },
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
