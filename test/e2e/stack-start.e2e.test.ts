import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../apps/stack/processes';
import { toolPaths } from '../../apps/stack/tools';

const ROOT = resolve(__dirname, '..', '..');

/** Whether something listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

interface Run {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** `npm start`'s own entry (dist/apps/stack/main.js) with its own ports and data folder. */
function startStack(env: NodeJS.ProcessEnv): Run {
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
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
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
