import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs } from '@onewindow/contract/http';
import { sleep, spawnManaged, stopProcess, untilGone } from './processes';

export interface TemporalDevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Process id of the dev server (for a last-resort kill from a synchronous exit handler). */
  pid?: number;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<void>;
  /** How the process ended ('0', 'SIGKILL', …), or undefined while it runs. */
  exitStatus?(): string | undefined;
}

export interface TemporalDevServerOptions {
  /** Path of the `temporal` CLI binary (see scripts/bootstrap-tools.js). */
  cli: string;
  port: number;
  /** Web UI port; none = headless. */
  uiPort?: number;
  /** SQLite file for a persistent server; none = in memory. */
  dbFile?: string;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  echoPrefix?: string;
  readyTimeoutMs?: number;
  /**
   * Called with a stop as soon as the process is spawned, before it is ready: a launcher interrupted during the
   * start (Ctrl-C) stops it too.
   */
  onSpawn?: (stop: () => Promise<void>) => void;
}

/**
 * Starts the real Temporal dev server (`temporal server start-dev`) with the project's search attributes and
 * waits until its frontend answers for the namespace.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    namespace,
    '--log-level',
    options.logLevel ?? 'warn',
    ...devServerSearchAttributeArgs(),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile
      ? [
          '--db-filename',
          options.dbFile,
          '--sqlite-pragma',
          'journal_mode=wal',
          '--sqlite-pragma',
          'synchronous=normal',
        ]
      : []),
  ];
  const { child, tail } = spawnManaged(options.cli, args, { echoPrefix: options.echoPrefix });
  // Stopped means the process has exited and its port is free again (the next start binds it at once).
  const stop = async (graceMs?: number) => {
    await stopProcess(child, graceMs);
    await untilGone({ port: options.port });
  };
  options.onSpawn?.(stop);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`temporal dev server exited during start-up:\n${tail.toString()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return {
          address,
          namespace,
          ...(options.uiPort ? { uiUrl: `http://localhost:${options.uiPort}` } : {}),
          ...(child.pid ? { pid: child.pid } : {}),
          stop,
          exitStatus: () => child.signalCode ?? (child.exitCode === null ? undefined : String(child.exitCode)),
        };
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await sleep(250);
    }
  }
  await stop();
  throw new Error(`temporal dev server not ready on ${address} in time (${lastError}):\n${tail.toString()}`);
}
