import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/**
 * Ports this process has handed out already: a port chosen here is usually bound a little later by a child, and
 * must not be handed out twice in the meantime.
 */
const handedOut = new Set<number>();

/**
 * A free TCP port for a server this process starts (Postgres, Temporal, the API), chosen at random in 10000-19999.
 * Not one the OS picks (`listen(0)`): those come from Linux's ephemeral range, where every outgoing connection and
 * every server that asks the OS for a port takes its ports too, so a port chosen there and bound seconds later
 * (or bound again on a restart, as the fault runs do) can be taken in between (EADDRINUSE). The cluster's services
 * take theirs from 20000-32767 (see {@link freePortInRange}), so the two never meet.
 */
export async function freePort(): Promise<number> {
  const port = await freePortInRange(10_000, 19_999, handedOut);
  handedOut.add(port);
  return port;
}

/** Whether `port` can be listened on now on every interface (the API listens on all of them, not only 127.0.0.1). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      // A machine without IPv6: every IPv4 interface is the whole of "every interface".
      if (error.code === 'EAFNOSUPPORT' || error.code === 'EADDRNOTAVAIL') {
        const v4 = createServer();
        v4.unref();
        v4.once('error', () => resolve(false));
        v4.listen(port, '0.0.0.0', () => v4.close(() => resolve(true)));
      } else resolve(false);
    });
    server.listen(port, '::', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port in [min, max], tried at random. For ports the OS must not pick: Temporal keeps a
 * service's membership port in a SMALLINT column, so it must stay below 32768, under Linux's ephemeral range.
 */
export async function freePortInRange(
  min: number,
  max: number,
  taken: ReadonlySet<number> = new Set(),
): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (!taken.has(port) && (await portFree(port))) return port;
  }
  throw new Error(`no free port in ${min}-${max}`);
}

/** A free port `p` with `p+1` … `p+count-1` free too (the stack's proxy and its two APIs take consecutive ports). */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = await freePort();
    const rest = Array.from({ length: count - 1 }, (_, index) => first + 1 + index);
    if (rest.every((port) => port <= 65535) && (await Promise.all(rest.map(portFree))).every(Boolean)) return first;
  }
  throw new Error(`no ${count} consecutive free ports`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process a pid file (postmaster.pid: the pid on its first line) names, if any. */
export function pidFileHolder(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

/**
 * Resolves once a server is really gone: its port refuses connections and the process its pid file names (a
 * postmaster.pid) has ended; rejects naming what remains after `timeoutMs`. A child's 'exit' says its own process
 * ended, not that the port it served is free again for the next start.
 */
export async function untilGone(what: { port?: number; pidFile?: string }, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const port = what.port !== undefined && (await listening(what.port));
    const holder = what.pidFile === undefined ? undefined : pidFileHolder(what.pidFile);
    if (!port && holder === undefined) return;
    if (Date.now() > deadline) {
      throw new Error(
        [port ? `port ${what.port} still accepts connections` : '', holder ? `process ${holder} still runs` : '']
          .filter(Boolean)
          .join(' and '),
      );
    }
    await sleep(100);
  }
}

/** Keeps the last lines a child printed, for error messages. */
export class OutputTail {
  private readonly lines: string[] = [];

  constructor(private readonly max = 40) {}

  push(chunk: Buffer | string): void {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Whether the child has ended (its exit is known to this process). */
export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` (SIGTERM), then SIGKILL after `graceMs`, and resolves when the process has exited. A child that
 * already received a signal from the terminal (Ctrl-C goes to the whole process group) is waited for all the same.
 */
export async function stopProcess(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM') {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export interface ManagedProcess {
  child: ChildProcess;
  tail: OutputTail;
}

/**
 * Spawns a long-running child; its output is kept in a tail and optionally echoed with a prefix. The child never
 * outlives this process: whatever ends it (a crash, an uncaught error), the 'exit' hook kills what is still running.
 */
export function spawnManaged(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; echoPrefix?: string; cwd?: string },
): ManagedProcess {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = new OutputTail();
  const onData = (chunk: Buffer) => {
    tail.push(chunk);
    if (options.echoPrefix) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) process.stdout.write(`${options.echoPrefix} ${line}\n`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  // A binary that cannot be started (EACCES, ENOENT) ends up here, never as an uncaught exception.
  child.once('error', (error) => tail.push(`${command}: ${error.message}`));
  return { child, tail };
}
