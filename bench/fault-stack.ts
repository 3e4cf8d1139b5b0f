import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { generateApiKey, hashApiKey, type Role } from '@onewindow/auth';
import { migrate, seed } from '@onewindow/persistence';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort, sleep, spawnManaged, stopProcess, type ManagedProcess } from '@onewindow/stack/processes';
import { startTemporalDevServer, type TemporalDevServer } from '@onewindow/stack/temporal-dev-server';
import { toolPaths } from '@onewindow/stack/tools';

/**
 * The servers of the fault tests, each restartable on the same port and data: embedded Postgres on a persistent
 * data directory, the Temporal dev server on a SQLite file, and the worker and the API as child processes (so the
 * worker can be killed with SIGKILL). Everything lives in one temporary folder, removed by `stop()`.
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

export class FaultStack {
  readonly dir: string;
  readonly tokens: Record<string, string> = {};
  apiUrl = '';
  databaseUrl = '';
  temporalAddress = '';
  /** Worker processes that died on their own (not killed by the harness). */
  readonly unexpectedExits: string[] = [];
  private postgres?: EmbeddedPostgres;
  private temporal?: TemporalDevServer;
  private worker?: Child;
  private api?: Child;
  private pgPort = 0;
  private temporalPort = 0;
  private apiPort = 0;
  private readonly cli: string;

  constructor(private readonly log: (line: string) => void) {
    const cli = toolPaths().temporalCli;
    if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js --temporal');
    this.cli = cli;
    this.dir = mkdtempSync(join(tmpdir(), 'onewindow-faults-'));
    // As root, Postgres runs as the postgres user: it must be able to reach its data directory in here.
    chmodSync(this.dir, 0o755);
  }

  get workerInfo(): ChildInfo | undefined {
    return this.worker?.info;
  }

  async start(roles: Role[]): Promise<void> {
    [this.pgPort, this.temporalPort, this.apiPort] = [await freePort(), await freePort(), await freePort()];
    await this.startPostgres();
    await migrate(this.databaseUrl);
    await seed(this.databaseUrl);
    await this.createKeys(roles);
    await this.startTemporal();
    await this.startWorker();
    await this.startApi();
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
    this.temporal = await startTemporalDevServer({
      cli: this.cli,
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

  private childEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PORT: String(this.apiPort),
      // The load drives many requests through a few keys: the per-key limiter is not what this run measures.
      ONEWINDOW_RATE_LIMIT_PER_MINUTE: '1000000',
      // Info lines tell when the worker polls (the harness waits for them).
      LOG_LEVEL: 'info',
    };
  }

  private spawnChild(name: 'worker' | 'api', script: string): Child {
    const managed = spawnManaged(process.execPath, [join(DIST_ROOT, script)], { env: this.childEnv() });
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

  /** Starts a worker process and waits until it has bundled the workflows and is about to poll. */
  async startWorker(): Promise<ChildInfo> {
    const worker = this.spawnChild('worker', 'apps/worker/src/main.js');
    this.worker = worker;
    const deadline = Date.now() + 120_000;
    while (!worker.tail.toString().includes('worker polling task queue')) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null)
        throw new Error(`worker exited during start-up:\n${worker.tail.toString()}`);
      if (Date.now() > deadline) throw new Error(`worker not ready in 120 s:\n${worker.tail.toString()}`);
      await sleep(100);
    }
    this.log(`worker pid ${worker.info.pid} polling (${((Date.now() - worker.info.startedAt) / 1000).toFixed(1)} s)`);
    return worker.info;
  }

  /** kill -9: no graceful shutdown, in-flight workflow and activity tasks are abandoned. */
  async killWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.expectedExit = true;
    const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
      await exited;
    }
    this.worker = undefined;
  }

  private async startApi(): Promise<void> {
    this.api = this.spawnChild('api', 'apps/api/src/main.js');
    this.apiUrl = `http://127.0.0.1:${this.apiPort}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${this.apiUrl}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`API not healthy in 60 s:\n${this.api.tail.toString()}`);
      await sleep(250);
    }
    this.log(`api pid ${this.api.info.pid} on ${this.apiUrl}`);
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
  logSize(name: 'worker' | 'api'): number {
    try {
      return statSync(join(this.dir, `${name}.log`)).size;
    } catch {
      return 0;
    }
  }

  /** The distinct errors the API logged since `offset`, with counts (what caused its 5xx answers). */
  apiErrors(offset: number): Array<{ message: string; count: number }> {
    let text = '';
    try {
      text = readFileSync(join(this.dir, 'api.log')).subarray(offset).toString('utf8');
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
  logTail(name: 'worker' | 'api' | 'postgres', lines = 30): string {
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
    for (const child of [this.api, this.worker]) {
      if (!child) continue;
      child.expectedExit = true;
      await stopProcess(child.child, 10_000).catch(() => undefined);
      child.log.end();
    }
    this.api = undefined;
    this.worker = undefined;
    await this.stopTemporal().catch((error: unknown) => this.log(`temporal stop: ${String(error)}`));
    await this.stopPostgres().catch((error: unknown) => this.log(`postgres stop: ${String(error)}`));
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Last resort from a synchronous 'exit' handler: SIGKILL the children that are still there and ask the
   * postmaster to shut down (SIGINT), so nothing outlives the harness.
   */
  killAllSync(): void {
    for (const child of [this.api, this.worker]) {
      if (child && child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    }
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
