import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toolPaths } from './tools';
import { httpPortFromEnv } from '@onewindow/config';
import { migrate, seed } from '@onewindow/persistence';
import { runDemo } from './demo';
import { startEmbeddedPostgres } from './embedded-postgres';
import { sleep, spawnManaged, stopProcess, untilGone, type ManagedProcess } from './processes';
import { startRoundRobinProxy, type Upstream } from './round-robin-proxy';
import { seedDevelopmentData } from './seed';
import { startTemporalCluster } from './temporal-cluster';
import { startTemporalDevServer } from './temporal-dev-server';

const ROOT = resolve(__dirname, '..', '..', '..');
/** How long a start-up failure waits for a SIGINT delivered with it (see the catch in main). */
const INTERRUPT_GRACE_MS = 300;
/**
 * `npm run stack:cluster` (or ONEWINDOW_TEMPORAL=cluster): a self-hosted multi-service Temporal cluster on Postgres
 * instead of the dev server, two workers and two API processes behind a round-robin proxy. Its data stays apart
 * from the dev server's (.data/cluster): the read model must belong to the Temporal state beside it.
 */
const CLUSTER = process.argv.includes('--cluster') || process.env.ONEWINDOW_TEMPORAL === 'cluster';
const BASE_DATA_DIR = resolve(process.env.ONEWINDOW_DATA_DIR ?? join(ROOT, '.data'));
const DATA_DIR = CLUSTER ? join(BASE_DATA_DIR, 'cluster') : BASE_DATA_DIR;
/** Worker and API processes in cluster mode (one each otherwise). */
const CLUSTER_REPLICAS = 2;

function log(message: string): void {
  process.stdout.write(`[stack] ${message}\n`);
}

/**
 * `npm start`: the whole system on embedded defaults. Starts a Temporal dev server (SQLite under .data/, Web UI on
 * 8233) unless TEMPORAL_ADDRESS is set, an embedded PostgreSQL (under .data/) unless DATABASE_URL is set, runs the
 * migrations and seeds, then the worker and the API as child processes, and runs a short demo case.
 * `npm run stack:cluster`: Postgres first, then the Temporal cluster's four services in it (frontend on
 * TEMPORAL_PORT), two workers, two APIs (PORT+1, PORT+2) and the proxy on PORT; the demo case starts through API 1
 * and goes on through API 2. Ctrl-C stops everything it started, in reverse order, each process waited for.
 */
async function main(): Promise<void> {
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping = false;
  // Each stop resolves once its process has exited and, for a server, its port is free: only then is it said.
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
        log(`${name} stopped`);
      } catch (error) {
        code = code || 1;
        log(`${name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Whatever fails during start-up or later, nothing this stack started is left running.
  const fail = (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    void shutdown(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  try {
    mkdirSync(DATA_DIR, { recursive: true });
    // The worker's and the API's JSON logs: warnings and errors here (LOG_LEVEL=info shows every request).
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn', ...process.env };

    if (!env.TEMPORAL_ADDRESS && !CLUSTER) {
      const cli = toolPaths().temporalCli;
      if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js --temporal');
      const port = Number(env.TEMPORAL_PORT ?? 7233);
      const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
      log(`starting Temporal dev server on 127.0.0.1:${port} (SQLite ${join(DATA_DIR, 'temporal.sqlite')})`);
      const temporal = await startTemporalDevServer({
        cli,
        port,
        uiPort,
        dbFile: join(DATA_DIR, 'temporal.sqlite'),
        // Registered at spawn, not once ready: Ctrl-C during the start stops it too.
        onSpawn: (stop) => stops.push({ name: 'Temporal dev server', stop }),
      });
      env.TEMPORAL_ADDRESS = temporal.address;
      log(`Temporal ready: ${temporal.address}, Web UI ${temporal.uiUrl ?? '-'}`);
    } else if (env.TEMPORAL_ADDRESS) {
      log(`using Temporal at ${env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS)`);
    }

    if (!env.DATABASE_URL) {
      const port = Number(env.POSTGRES_PORT ?? 55432);
      log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data ${join(DATA_DIR, 'postgres')})`);
      const postgres = await startEmbeddedPostgres({
        dataDir: join(DATA_DIR, 'postgres'),
        port,
        database: 'onewindow',
        persistent: true,
        onSpawn: (stop) => stops.push({ name: 'PostgreSQL', stop }),
      });
      env.DATABASE_URL = postgres.url;
      log(
        `PostgreSQL ready: ${postgres.url}${postgres.dataDir === join(DATA_DIR, 'postgres') ? '' : ` (data ${postgres.dataDir})`}`,
      );
    } else {
      log('using PostgreSQL from DATABASE_URL');
    }

    if (CLUSTER && !env.TEMPORAL_ADDRESS) {
      const tools = toolPaths();
      if (!tools.temporalServer || !tools.temporalSqlTool || !tools.temporalSchemaDir)
        throw new Error('no Temporal server build: run node scripts/bootstrap-tools.js --cluster');
      const frontendPort = Number(env.TEMPORAL_PORT ?? 7233);
      const dir = join(DATA_DIR, 'temporal');
      log(`starting the Temporal cluster (frontend 127.0.0.1:${frontendPort}; config and logs in ${dir})`);
      const cluster = await startTemporalCluster({
        tools: { server: tools.temporalServer, sqlTool: tools.temporalSqlTool, schemaDir: tools.temporalSchemaDir },
        postgresAdminUrl: env.DATABASE_URL,
        dir,
        frontendPort,
        onLog: (line) => log(`temporal: ${line}`),
        // Registered at the first spawn, not once ready: Ctrl-C during the start stops what had started.
        onSpawn: (stop) => stops.push({ name: 'Temporal cluster (worker, frontend, matching, history)', stop }),
      });
      cluster.onUnexpectedExit((service, status) => {
        if (stopping) return;
        log(`temporal ${service} exited (${status}); stopping the stack. Its log:\n${cluster.logTail(service)}`);
        void shutdown(1);
      });
      env.TEMPORAL_ADDRESS = cluster.address;
      log(
        `Temporal cluster ready: frontend ${cluster.address}, ${cluster.numHistoryShards} history shards, PostgreSQL persistence and visibility`,
      );
    }

    const applied = await migrate(env.DATABASE_URL);
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    await seed(env.DATABASE_URL);
    const keys = await seedDevelopmentData(env.DATABASE_URL, DATA_DIR);
    log(`development API keys kept in ${join(DATA_DIR, 'dev-api-keys.json')}`);

    const port = httpPortFromEnv(env);
    const replicas = CLUSTER ? CLUSTER_REPLICAS : 1;
    const name = (kind: string, index: number) => (replicas > 1 ? `${kind}-${index + 1}` : kind);
    const apis: Upstream[] = Array.from({ length: replicas }, (_, index) => ({
      name: name('api', index),
      port: replicas > 1 ? port + 1 + index : port,
    }));
    const processes = [
      ...Array.from({ length: replicas }, (_, index) => ({
        name: name('worker', index),
        script: 'apps/worker/src/main.js',
        env,
      })),
      ...apis.map((api) => ({
        name: api.name,
        script: 'apps/api/src/main.js',
        env: { ...env, PORT: String(api.port) },
      })),
    ];
    for (const { name: processName, script, env: processEnv } of processes) {
      const managed: ManagedProcess = spawnManaged(process.execPath, [join(ROOT, 'dist', script)], {
        env: processEnv,
        echoPrefix: `[${processName}]`,
      });
      managed.child.once('exit', (code, signal) => {
        if (!stopping) {
          log(`${processName} exited (${signal ?? code}); stopping the stack`);
          void shutdown(1);
        }
      });
      const apiPort = apis.find((api) => api.name === processName)?.port;
      stops.push({
        name: processName,
        stop: async () => {
          await stopProcess(managed.child);
          if (apiPort) await untilGone({ port: apiPort });
        },
      });
    }

    const apiUrl = `http://localhost:${port}`;
    for (const api of apis) await waitForHealth(`http://localhost:${api.port}`);
    if (replicas > 1) {
      const proxy = await startRoundRobinProxy(port, apis);
      stops.push({ name: 'round-robin proxy', stop: () => proxy.stop() });
      await waitForHealth(apiUrl);
    }
    log('');
    log(`Console      ${apiUrl}/console/   (sign in with a dev API key below; the demo case is in 办件列表)`);
    log(`Public       ${apiUrl}/console/#/public/guide   (办事指南, 办件进度查询, 电子证照核验: no sign-in)`);
    log(`API          ${apiUrl}   (OpenAPI UI ${apiUrl}/docs, JSON ${apiUrl}/docs-json)`);
    log(`Health       ${apiUrl}/health`);
    for (const api of apis.length > 1 ? apis : [])
      log(`${api.name.padEnd(12)} http://localhost:${api.port}   (the proxy on ${port} takes turns between them)`);
    if (!process.env.TEMPORAL_ADDRESS && !CLUSTER) log(`Temporal UI  http://localhost:${env.TEMPORAL_UI_PORT ?? 8233}`);
    log(
      `Temporal     ${env.TEMPORAL_ADDRESS}${CLUSTER && !process.env.TEMPORAL_ADDRESS ? ` (cluster; logs in ${join(DATA_DIR, 'temporal', 'logs')})` : ''}`,
    );
    log(`Postgres     ${env.DATABASE_URL}`);
    for (const key of keys) log(`dev API key  ${key.role.padEnd(28)} ${key.token}`);
    log('');
    if (process.env.ONEWINDOW_DEMO !== 'false') {
      // With two API processes the case starts through the first and goes on through the second: every answer
      // after the start reads what the other process's request wrote.
      const [first, second] = apis.map((api) => ({ name: api.name, url: `http://localhost:${api.port}` }));
      await runDemo(first, keys, log, second);
    }
    log(`running; press Ctrl-C to stop. Console: ${apiUrl}/console/`);
  } catch (error) {
    // Ctrl-C reaches the whole process group at once: a child starting up (initdb, the dev server) may die of it and
    // fail the start before this process has handled its own SIGINT. A moment's grace lets the SIGINT win, so an
    // interrupted start stops as Ctrl-C (exit 0), and only a real failure exits 1.
    await sleep(INTERRUPT_GRACE_MS);
    if (stopping) return;
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

async function waitForHealth(apiUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${apiUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`the API at ${apiUrl} did not become healthy within ${timeoutMs / 1000}s`);
}

void main();
