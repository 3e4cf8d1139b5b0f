import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { generateApiKey, hashApiKey, type Role } from '@onewindow/auth';
import { migrate, seed } from '@onewindow/persistence';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort, sleep, spawnManaged, stopProcess, type ManagedProcess } from '@onewindow/stack/processes';
import { startTemporalCluster, type ClusterService, type TemporalCluster } from '@onewindow/stack/temporal-cluster';
import { startTemporalDevServer, type TemporalDevServer } from '@onewindow/stack/temporal-dev-server';
import { toolPaths } from '@onewindow/stack/tools';

/**
 * The servers of the fault tests, each restartable on the same port and data: embedded Postgres on a persistent
 * data directory, the Temporal dev server on a SQLite file, and the worker and the API as child processes (so the
 * worker can be killed with SIGKILL). Everything lives in one temporary folder, removed by `stop()`.
 * With `cluster`, Temporal is the self-hosted cluster (apps/stack/temporal-cluster.ts: history, matching, frontend
 * and worker services as processes, in the same Postgres) and there are two workers and two API processes.
 */

const DIST_ROOT = join(__dirname, '..');
const TASK_QUEUE = 'faults-onewindow';
const DATABASE = 'onewindow_faults';

export interface ChildInfo {
  pid: number;
  startedAt: number;
  /** Set when the child exited without being asked to. */
  unexpectedExit?: string;
}

interface Child extends ManagedProcess {
  info: ChildInfo;
  expectedExit: boolean;
  log: WriteStream;
}

export interface FaultStackOptions {
  /** The self-hosted Temporal cluster instead of the dev server. */
  cluster?: boolean;
  /** Worker processes (default: 2 on the cluster, 1 on the dev server). */
  workers?: number;
  /** API processes (default: 2 on the cluster, 1 on the dev server). */
  apis?: number;
}

/** Log names: `worker`, `worker-2`, …; `api`, `api-2`, … (the first keeps the name it had with one of each). */
type ChildName = `worker${string}` | `api${string}`;

function childName(kind: 'worker' | 'api', index: number): ChildName {
  return index === 0 ? kind : `${kind}-${index + 1}`;
}

export class FaultStack {
  readonly dir: string;
  readonly tokens: Record<string, string> = {};
  databaseUrl = '';
  temporalAddress = '';
  /** Worker and Temporal service processes that died on their own (not killed by the harness). */
  readonly unexpectedExits: string[] = [];
  readonly clusterMode: boolean;
  readonly workerCount: number;
  readonly apiCount: number;
  private postgres?: EmbeddedPostgres;
  private temporal?: TemporalDevServer;
  private cluster?: TemporalCluster;
  private readonly workers: Array<Child | undefined> = [];
  private readonly apis: Array<Child | undefined> = [];
  private pgPort = 0;
  private temporalPort = 0;
  private apiPorts: number[] = [];

  constructor(
    private readonly log: (line: string) => void,
    options: FaultStackOptions = {},
  ) {
    this.clusterMode = options.cluster ?? false;
    this.workerCount = options.workers ?? (this.clusterMode ? 2 : 1);
    this.apiCount = options.apis ?? (this.clusterMode ? 2 : 1);
    this.dir = mkdtempSync(join(tmpdir(), 'onewindow-faults-'));
    // As root, Postgres runs as the postgres user: it must be able to reach its data directory in here.
    chmodSync(this.dir, 0o755);
  }

  /** The first API process (the one and only on the dev server). */
  get apiUrl(): string {
    return this.apiUrls[0] ?? '';
  }

  /** Every API process, by index. */
  get apiUrls(): string[] {
    return this.apiPorts.map((port) => `http://127.0.0.1:${port}`);
  }

  /** The first worker (the one and only on the dev server). */
  get workerInfo(): ChildInfo | undefined {
    return this.workers[0]?.info;
  }

  /** Each worker slot's process, undefined while it is down. */
  get workerInfos(): Array<ChildInfo | undefined> {
    return Array.from({ length: this.workerCount }, (_, index) => this.workers[index]?.info);
  }

  /** Where Postgres keeps its data (its postmaster.pid names the server, for CPU time). */
  get postgresDataDir(): string | undefined {
    return this.postgres?.dataDir;
  }

  /** Process ids of the running API processes. */
  get apiPids(): number[] {
    return this.apis.flatMap((api) => (api ? [api.info.pid] : []));
  }

  /** The cluster's process id of a service (cluster mode only). */
  clusterPid(service: ClusterService): number | undefined {
    return this.cluster?.pid(service);
  }

  async start(roles: Role[]): Promise<void> {
    this.pgPort = await freePort();
    this.temporalPort = await freePort();
    for (let index = 0; index < this.apiCount; index += 1) this.apiPorts.push(await freePort());
    await this.startPostgres();
    await migrate(this.databaseUrl);
    await seed(this.databaseUrl);
    await this.createKeys(roles);
    if (this.clusterMode) await this.startCluster();
    else await this.startTemporal();
    for (let index = 0; index < this.workerCount; index += 1) await this.startWorker(index);
    for (let index = 0; index < this.apiCount; index += 1) await this.startApi(index);
  }

  private async startCluster(): Promise<void> {
    const tools = toolPaths();
    if (!tools.temporalServer || !tools.temporalSqlTool || !tools.temporalSchemaDir)
      throw new Error('no Temporal server build: run node scripts/bootstrap-tools.js --cluster');
    this.cluster = await startTemporalCluster({
      tools: { server: tools.temporalServer, sqlTool: tools.temporalSqlTool, schemaDir: tools.temporalSchemaDir },
      postgresAdminUrl: this.databaseUrl,
      dir: join(this.dir, 'temporal'),
      frontendPort: this.temporalPort,
      onLog: (line) => this.log(`temporal cluster: ${line}`),
    });
    this.cluster.onUnexpectedExit((service, status) => {
      const message = `temporal ${service} exited on its own (${status})`;
      this.unexpectedExits.push(message);
      this.log(`${message}; its log:\n${this.cluster?.logTail(service) ?? ''}`);
    });
    this.temporalAddress = this.cluster.address;
    this.log(
      `temporal cluster ready on ${this.cluster.address}: ${this.cluster.numHistoryShards} history shards, ${(['history', 'matching', 'frontend', 'worker'] as const).map((s) => `${s} pid ${this.cluster?.pid(s)}`).join(', ')} (logs in ${join(this.dir, 'temporal', 'logs')})`,
    );
  }

  /** kill -9 of one of the cluster's services; resolves once the process is gone. */
  async killService(service: ClusterService): Promise<void> {
    if (!this.cluster) throw new Error('not a cluster');
    await this.cluster.kill(service, 'SIGKILL');
  }

  /** Starts a cluster service again on its ports; resolves once it reports SERVING. */
  async startService(service: ClusterService): Promise<void> {
    if (!this.cluster) throw new Error('not a cluster');
    await this.cluster.start(service);
  }

  /** Starts Postgres on the same data directory and port; a failed start is logged and tried again (3 times). */
  async startPostgres(): Promise<void> {
    const logFile = createWriteStream(join(this.dir, 'postgres.log'), { flags: 'a' });
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.postgres = await startEmbeddedPostgres({
          dataDir: join(this.dir, 'postgres'),
          port: this.pgPort,
          database: DATABASE,
          persistent: true,
          onLog: (line) => logFile.write(`${line}\n`),
        });
        break;
      } catch (error) {
        // embedded-postgres rejects with no reason when the server process closes before it is ready.
        const reason = error instanceof Error ? error.message : String(error);
        this.log(`postgres start attempt ${attempt} failed (${reason}); log tail:\n${this.logTail('postgres', 10)}`);
        if (attempt >= 3) throw new Error(`postgres did not start: ${reason}`);
        await sleep(2000);
      }
    }
    this.databaseUrl = this.postgres.url;
    this.log(`postgres ready on 127.0.0.1:${this.pgPort} (data ${join(this.dir, 'postgres')})`);
  }

  async stopPostgres(): Promise<void> {
    await this.postgres?.stop();
    this.postgres = undefined;
  }

  async startTemporal(): Promise<void> {
    const cli = toolPaths().temporalCli;
    if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js --temporal');
    this.temporal = await startTemporalDevServer({
      cli,
      port: this.temporalPort,
      dbFile: join(this.dir, 'temporal.sqlite'),
      logLevel: 'error',
    });
    this.temporalAddress = this.temporal.address;
    this.log(`temporal dev server ready on ${this.temporal.address} (SQLite ${join(this.dir, 'temporal.sqlite')})`);
  }

  /** SIGTERM, SIGKILL after `graceMs`; answers how the dev server ended and after how long. */
  async stopTemporal(graceMs = 10_000): Promise<string> {
    const server = this.temporal;
    if (!server) return 'not running';
    const began = Date.now();
    await server.stop(graceMs);
    this.temporal = undefined;
    const status = server.exitStatus?.() ?? '?';
    return `${status === 'SIGKILL' ? `SIGKILL after ${graceMs / 1000} s grace` : `exit ${status}`} in ${((Date.now() - began) / 1000).toFixed(1)} s`;
  }

  private childEnv(apiPort?: number): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      ...(apiPort ? { PORT: String(apiPort) } : {}),
      // The load drives many requests through a few keys: the per-key limiter is not what this run measures.
      ONEWINDOW_RATE_LIMIT_PER_MINUTE: '1000000',
      // Info lines tell when the worker polls (the harness waits for them).
      LOG_LEVEL: 'info',
    };
  }

  private spawnChild(name: ChildName, script: string, apiPort?: number): Child {
    const managed = spawnManaged(process.execPath, [join(DIST_ROOT, script)], { env: this.childEnv(apiPort) });
    const log = createWriteStream(join(this.dir, `${name}.log`), { flags: 'a' });
    const startedAt = Date.now();
    log.write(`--- ${name} pid ${managed.child.pid} started ${new Date(startedAt).toISOString()}\n`);
    managed.child.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
    managed.child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    const child: Child = { ...managed, info: { pid: managed.child.pid ?? 0, startedAt }, expectedExit: false, log };
    managed.child.once('exit', (code, signal) => {
      log.write(`--- ${name} pid ${child.info.pid} exited (${signal ?? code})\n`);
      if (child.expectedExit) return;
      child.info.unexpectedExit = `${name} pid ${child.info.pid} exited on its own (${signal ?? code})`;
      this.unexpectedExits.push(child.info.unexpectedExit);
      this.log(`${child.info.unexpectedExit}; last output:\n${managed.tail.toString()}`);
    });
    return child;
  }

  /** Starts a worker process (slot `index`) and waits until it has bundled the workflows and is about to poll. */
  async startWorker(index = 0): Promise<ChildInfo> {
    if (this.workers[index]) throw new Error(`${childName('worker', index)} is already running`);
    const worker = this.spawnChild(childName('worker', index), 'apps/worker/src/main.js');
    this.workers[index] = worker;
    const deadline = Date.now() + 120_000;
    while (!worker.tail.toString().includes('worker polling task queue')) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null)
        throw new Error(`worker exited during start-up:\n${worker.tail.toString()}`);
      if (Date.now() > deadline) throw new Error(`worker not ready in 120 s:\n${worker.tail.toString()}`);
      await sleep(100);
    }
    this.log(
      `${childName('worker', index)} pid ${worker.info.pid} polling (${((Date.now() - worker.info.startedAt) / 1000).toFixed(1)} s)`,
    );
    return worker.info;
  }

  /** kill -9: no graceful shutdown, in-flight workflow and activity tasks are abandoned. */
  async killWorker(index = 0): Promise<void> {
    const worker = this.workers[index];
    if (!worker) return;
    worker.expectedExit = true;
    const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
      await exited;
    }
    this.workers[index] = undefined;
  }

  /** Stops a worker the way an orchestrator scales one down (SIGTERM: in-flight tasks finish first). */
  async stopWorker(index: number): Promise<void> {
    const worker = this.workers[index];
    if (!worker) return;
    worker.expectedExit = true;
    await stopProcess(worker.child, 30_000);
    this.workers[index] = undefined;
  }

  private async startApi(index: number): Promise<void> {
    const port = this.apiPorts[index];
    const api = this.spawnChild(childName('api', index), 'apps/api/src/main.js', port);
    this.apis[index] = api;
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`API not healthy in 60 s:\n${api.tail.toString()}`);
      await sleep(250);
    }
    this.log(`${childName('api', index)} pid ${api.info.pid} on ${url}`);
  }

  /** One API key per role, written as hashes like the development seed does. */
  private async createKeys(roles: Role[]): Promise<void> {
    const client = new PgClient({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      for (const role of roles) {
        const token = generateApiKey(role);
        await client.query('INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)', [
          randomUUID(),
          `faults ${role}`,
          role,
          hashApiKey(token),
        ]);
        this.tokens[role] = token;
      }
    } finally {
      await client.end();
    }
  }

  /** Size of a log file now: pass it to `apiErrors` to see what was logged after this point. */
  logSize(name: ChildName): number {
    try {
      return statSync(join(this.dir, `${name}.log`)).size;
    } catch {
      return 0;
    }
  }

  /** The distinct errors an API process (default the first) logged since `offset`, with counts (its 5xx answers). */
  apiErrors(offset: number, name: ChildName = 'api'): Array<{ message: string; count: number }> {
    let text = '';
    try {
      text = readFileSync(join(this.dir, `${name}.log`))
        .subarray(offset)
        .toString('utf8');
    } catch {
      return [];
    }
    const counts = new Map<string, number>();
    // eslint-disable-next-line no-control-regex
    for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
      const match = /ERROR \[http\] (.*)$/.exec(line);
      if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
    return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
  }

  /** The last lines of a child's log file, for failure reports. */
  logTail(name: ChildName | 'postgres', lines = 30): string {
    try {
      return readFileSync(join(this.dir, `${name}.log`), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  /** Stops everything in reverse order; safe to call twice and after a partial start. */
  async stop(keepDir = false): Promise<void> {
    await Promise.all(
      [...this.apis, ...this.workers].map(async (child) => {
        if (!child) return;
        child.expectedExit = true;
        await stopProcess(child.child, 10_000).catch(() => undefined);
        child.log.end();
      }),
    );
    this.apis.fill(undefined);
    this.workers.fill(undefined);
    await this.stopTemporal().catch((error: unknown) => this.log(`temporal stop: ${String(error)}`));
    await this.cluster?.stop().catch((error: unknown) => this.log(`temporal cluster stop: ${String(error)}`));
    this.cluster = undefined;
    await this.stopPostgres().catch((error: unknown) => this.log(`postgres stop: ${String(error)}`));
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Last resort from a synchronous 'exit' handler: SIGKILL the children that are still there and ask the
   * postmaster to shut down (SIGINT), so nothing outlives the harness.
   */
  killAllSync(): void {
    for (const child of [...this.apis, ...this.workers]) {
      if (child && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    }
    this.cluster?.killAllSync();
    if (this.temporal?.pid) {
      try {
        process.kill(this.temporal.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      const pid = Number(readFileSync(join(this.dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // no postmaster running
    }
  }
}
