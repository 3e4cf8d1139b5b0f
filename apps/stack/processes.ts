import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether 127.0.0.1:port can be listened on now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on 127.0.0.1 in [min, max], tried at random. For ports the OS must not pick: Temporal keeps a
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

/** Sends SIGTERM, then SIGKILL after `graceMs`, and resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
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
