import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeConsecutivePorts, freePort, listening, processAlive } from '@onewindow/stack/processes';
import { buildCompiledCode, ROOT } from '../support/compiled';

/**
 * `npm run stack:cluster` (dist/apps/stack/main.js --cluster) on a fresh data folder: Postgres, the Temporal cluster's
 * four services, two workers, two APIs behind the proxy, and the demo case started through API 1 and carried on
 * through API 2; Ctrl-C then stops every process it started and waits for each. It needs the server build
 * (`node scripts/bootstrap-tools.js --cluster`), so it runs with ONEWINDOW_TEMPORAL=cluster (CI's cluster step).
 */
const describeCluster = process.env.ONEWINDOW_TEMPORAL === 'cluster' ? describe : describe.skip;

describeCluster('npm run stack:cluster (the local stack on the Temporal cluster)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-stack-cluster-'));
  let child: ChildProcess | undefined;

  beforeAll(() => {
    // The stack runs the compiled code, as npm start does.
    buildCompiledCode();
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the demo through API 2 after starting it through API 1; Ctrl-C stops every process', async () => {
    const ports = {
      TEMPORAL_PORT: await freePort(),
      POSTGRES_PORT: await freePort(),
      PORT: await freeConsecutivePorts(3),
    };
    const output: string[] = [];
    child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'stack', 'main.js'), '--cluster'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ONEWINDOW_DATA_DIR: dataDir,
        ONEWINDOW_DEMO: 'true',
        TEMPORAL_ADDRESS: '',
        DATABASE_URL: '',
        ...Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolvePromise) => child!.once('exit', resolvePromise));
    const deadline = Date.now() + 240_000;
    while (!output.join('').includes('running; press Ctrl-C to stop')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the stack did not come up:\n${output.join('')}`);
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
    }
    const text = output.join('');
    expect(text).toMatch(/Temporal cluster ready: frontend 127\.0\.0\.1:\d+, 8 history shards/);
    expect(text).toMatch(/started through api-1 \(http:\/\/localhost:\d+\), continued through api-2/);
    expect(text).toMatch(/demo: completed; \d+ events/);

    // The proxy takes turns between the two API processes.
    const upstreams = new Set<string | null>();
    for (let request = 0; request < 4; request += 1)
      upstreams.add((await fetch(`http://127.0.0.1:${ports.PORT}/health`)).headers.get('x-onewindow-upstream'));
    expect([...upstreams].sort()).toEqual(['api-1', 'api-2']);

    // Four Temporal service processes, each its own.
    const pidDir = join(dataDir, 'cluster', 'temporal', 'pids');
    const pids = readdirSync(pidDir).map((file) => Number(readFileSync(join(pidDir, file), 'utf8')));
    expect(readdirSync(pidDir).sort()).toEqual(['frontend.pid', 'history.pid', 'matching.pid', 'worker.pid']);
    for (const pid of pids) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('temporal-server');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
    for (const port of [ports.TEMPORAL_PORT, ports.POSTGRES_PORT, ports.PORT, ports.PORT + 1, ports.PORT + 2])
      expect(await listening(port)).toBe(false);
    expect(output.join('')).toContain('Temporal cluster (worker, frontend, matching, history) stopped');
  }, 420_000);
});
