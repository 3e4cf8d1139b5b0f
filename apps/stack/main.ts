import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toolPaths } from './tools';
import { httpPortFromEnv } from '@onewindow/config';
import { migrate, seed } from '@onewindow/persistence';
import { runDemo } from './demo';
import { startEmbeddedPostgres } from './embedded-postgres';
import { sleep, spawnManaged, stopProcess, untilGone, type ManagedProcess } from './processes';
import { seedDevelopmentData } from './seed';
import { startTemporalDevServer } from './temporal-dev-server';

const ROOT = resolve(__dirname, '..', '..', '..');
const DATA_DIR = resolve(process.env.ONEWINDOW_DATA_DIR ?? join(ROOT, '.data'));

function log(message: string): void {
  process.stdout.write(`[stack] ${message}\n`);
}

/**
 * `npm start`: the whole system on embedded defaults. Starts a Temporal dev server (SQLite under .data/, Web UI on
 * 8233) unless TEMPORAL_ADDRESS is set, an embedded PostgreSQL (under .data/) unless DATABASE_URL is set, runs the
 * migrations and seeds, then the worker and the API as child processes, and runs a short demo case.
 * Ctrl-C stops everything it started, in reverse order.
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

    if (!env.TEMPORAL_ADDRESS) {
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
    } else {
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

    const applied = await migrate(env.DATABASE_URL);
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    await seed(env.DATABASE_URL);
    const keys = await seedDevelopmentData(env.DATABASE_URL, DATA_DIR);
    log(`development API keys kept in ${join(DATA_DIR, 'dev-api-keys.json')}`);

    const port = httpPortFromEnv(env);
    const children: Array<[string, ManagedProcess]> = [];
    for (const [name, script] of [
      ['worker', 'apps/worker/src/main.js'],
      ['api', 'apps/api/src/main.js'],
    ] as const) {
      const managed = spawnManaged(process.execPath, [join(ROOT, 'dist', script)], { env, echoPrefix: `[${name}]` });
      managed.child.once('exit', (code, signal) => {
        if (!stopping) {
          log(`${name} exited (${signal ?? code}); stopping the stack`);
          void shutdown(1);
        }
      });
      children.push([name, managed]);
      stops.push({
        name,
        stop: async () => {
          await stopProcess(managed.child);
          if (name === 'api') await untilGone({ port });
        },
      });
    }

    const apiUrl = `http://localhost:${port}`;
    await waitForHealth(apiUrl);
    log('');
    log(`Console      ${apiUrl}/console/   (sign in with a dev API key below; the demo case is in 办件列表)`);
    log(`API          ${apiUrl}   (OpenAPI UI ${apiUrl}/docs, JSON ${apiUrl}/docs-json)`);
    log(`Health       ${apiUrl}/health`);
    if (!process.env.TEMPORAL_ADDRESS) log(`Temporal UI  http://localhost:${env.TEMPORAL_UI_PORT ?? 8233}`);
    log(`Temporal     ${env.TEMPORAL_ADDRESS}`);
    log(`Postgres     ${env.DATABASE_URL}`);
    for (const key of keys) log(`dev API key  ${key.role.padEnd(28)} ${key.token}`);
    log('');
    if (process.env.ONEWINDOW_DEMO !== 'false') await runDemo(apiUrl, keys, log);
    log(`running; press Ctrl-C to stop. Console: ${apiUrl}/console/`);
  } catch (error) {
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
