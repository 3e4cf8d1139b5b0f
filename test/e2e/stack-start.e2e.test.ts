import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, listening, processAlive } from '@onewindow/stack/processes';
import { toolPaths } from '@onewindow/stack/tools';
import { buildCompiledCode, ROOT } from '../support/compiled';

/** Every process descending from `root` now (children, their children …), from the process table. */
function descendants(root: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  for (let frontier = [root]; frontier.length > 0;) {
    frontier = table.filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
}

interface Run {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/**
 * `npm start`'s own entry (dist/apps/stack/main.js) with its own ports and data folder; `group` makes it the leader
 * of a process group of its own, as a terminal's foreground job is.
 */
function startStack(env: NodeJS.ProcessEnv, group = false): Run {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'stack', 'main.js')], {
    cwd: ROOT,
    // The dev-server stack, also when the suite runs against the cluster (stack-cluster.e2e.test.ts is that one).
    env: {
      ...process.env,
      ONEWINDOW_DEMO: 'false',
      ONEWINDOW_TEMPORAL: '',
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output, exited: new Promise((resolvePromise) => child.once('exit', resolvePromise)) };
}

async function until(run: Run, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output.join('').includes(text)) {
    if (Date.now() > deadline || run.child.exitCode !== null)
      throw new Error(`no "${text}" from the stack:\n${run.output.join('')}`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
  }
}

/**
 * The one-command stack honours ONEWINDOW_DATA_DIR for everything it keeps, and never leaves a process behind:
 * not after Ctrl-C, not after a start-up failure.
 */
describe('npm start (the local stack)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-stack-'));
  const env = async () => ({
    ONEWINDOW_DATA_DIR: dataDir,
    TEMPORAL_CLI: toolPaths().temporalCli ?? '',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    PORT: String(await freePort()),
  });

  beforeAll(() => {
    // The stack runs the compiled code, as npm start does.
    buildCompiledCode();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its data and dev keys in ONEWINDOW_DATA_DIR, serves, and stops everything on Ctrl-C', async () => {
    const ports = await env();
    const run = startStack(ports);
    await until(run, 'running; press Ctrl-C to stop');
    const keys = JSON.parse(readFileSync(join(dataDir, 'dev-api-keys.json'), 'utf8')) as Array<{
      role: string;
      token: string;
    }>;
    expect(keys.map((key) => key.role)).toContain('window');
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(true);
    expect(run.output.join('')).toContain(join(dataDir, 'dev-api-keys.json'));
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/health`);
    expect(health.status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    for (const port of [ports.TEMPORAL_PORT, ports.POSTGRES_PORT, ports.PORT])
      expect(await listening(Number(port))).toBe(false);
  });

  /**
   * Ctrl-C in a terminal reaches the whole foreground process group: the launcher and every server at once. Ten
   * times in a row, at three moments (Temporal just up, Postgres starting, the whole stack running): when the
   * launcher exits, no process it started is left (the postmaster and its backends included) and every port is
   * free for the next start.
   */
  it.each([
    ...Array.from({ length: 3 }, () => 'Temporal ready'),
    ...Array.from({ length: 3 }, () => 'starting embedded PostgreSQL'),
    ...Array.from({ length: 4 }, () => 'running; press Ctrl-C to stop'),
  ])('Ctrl-C to the process group once "%s" leaves no process and no port behind', async (moment) => {
    const ports = await env();
    const run = startStack(ports, true);
    const pid = run.child.pid!;
    try {
      await until(run, moment);
      const started = descendants(pid);
      expect(started.length).toBeGreaterThan(0);
      process.kill(-pid, 'SIGINT');
      const code = await run.exited;
      const left = started.filter(processAlive);
      expect({ left, output: left.length > 0 ? run.output.join('') : '' }).toEqual({ left: [], output: '' });
      expect({ code, output: code === 0 ? '' : run.output.join('') }).toEqual({ code: 0, output: '' });
      for (const port of [ports.TEMPORAL_PORT, ports.TEMPORAL_UI_PORT, ports.POSTGRES_PORT, ports.PORT])
        expect(await listening(Number(port))).toBe(false);
    } finally {
      if (run.child.exitCode === null) process.kill(-pid, 'SIGKILL');
    }
  });

  it('a start-up failure after Temporal started stops the dev server too', async () => {
    const ports = await env();
    // A database nobody listens on: the migrations fail once Temporal is up.
    const run = startStack({ ...ports, DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${await freePort()}/none` });
    expect(await run.exited).toBe(1);
    expect(run.output.join('')).toContain('Temporal ready');
    expect(run.output.join('')).toContain('failed:');
    expect(await listening(Number(ports.TEMPORAL_PORT))).toBe(false);
  });
});
