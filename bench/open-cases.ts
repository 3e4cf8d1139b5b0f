import { Worker } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseDeadlinesQuery, caseWorkflowId } from '@onewindow/contract/http';
import { baselineDeadlineQuery } from './baseline.workflow';
import { cpuSince, landAndStartDocuments, numberArg, percentile, pool, processUsage, startBenchStack } from './stack';

/**
 * `npm run bench:open-cases -- --cases 10000 --concurrency 16 --idle-seconds 60`: many open cases, each holding a
 * live legal-deadline timer (the Art. 32 five-working-day notice clock), against as many bare workflows holding
 * one timer each. Each side runs on a stack of its own (Temporal dev server with its SQLite file, as `npm start`
 * runs it; embedded Postgres; worker and API in this process), one after the other. Prints a markdown report and
 * writes it to bench/last-open-cases.md.
 */

interface SideResult {
  startsPerSecond: number;
  startP50: number;
  startP99: number;
  catchUpSeconds: number;
  running: number;
  withLiveTimer: string;
  idleCpu: { node: number; temporal: number; postgres: number };
  rss: { node: number; temporal: number };
  queryP50: number;
  queryP99: number;
  maxCachedWorkflows: number;
  /** Workflows in the worker's sticky cache once all are running (before the idle period). */
  cachedWorkflows: number;
  /** Bench process RSS once the stack was up, before the first start (bytes). */
  rssBefore: number;
}

const MiB = 2 ** 20;

async function openCases(cases: number, concurrency: number, idleSeconds: number): Promise<SideResult> {
  const stack = await startBenchStack({ temporalDbFile: true });
  try {
    const rssBefore = process.memoryUsage().rss;
    const documents = landAndStartDocuments();
    const run = `${Date.now()}`;
    const started = await startAll(
      cases,
      concurrency,
      async (index) => {
        await stack.call('window', 'POST', '/v1/cases', {
          caseId: `OPEN-${run}-${index}`,
          templateId: 'land-and-start',
          applicant: { name: '基准测试公司', creditCode: '91310000MA1FLBENCH' },
          project: { name: `在办项目 ${index}` },
          documents,
        });
        if (index % 1000 === 999) console.log(`[open-cases] ${index + 1} cases started`);
      },
      // Every case has projected its first events once the read model holds it.
      async () => {
        const [row] = await stack.dataSource.query<Array<{ count: string }>>(
          'SELECT count(*) AS count FROM cases WHERE case_id LIKE $1',
          [`OPEN-${run}-%`],
        );
        return Number(row?.count) >= cases;
      },
    );
    const cachedWorkflows = stack.caseWorker.getStatus().numCachedWorkflows;
    return {
      ...started,
      rssBefore,
      cachedWorkflows,
      // A case counts when its deadlines query shows a clock running into the future.
      ...(await idleAndProbe(stack, idleSeconds, cases, async (index) => {
        const clocks = await stack.client.workflow
          .getHandle(caseWorkflowId(`OPEN-${run}-${index}`))
          .query(caseDeadlinesQuery);
        return clocks.some((clock) => !clock.stoppedAt && Date.parse(clock.deadline) > Date.now());
      })),
      maxCachedWorkflows: stack.caseWorker.options.maxCachedWorkflows,
    };
  } finally {
    await stack.stop();
  }
}

async function openBaseline(cases: number, concurrency: number, idleSeconds: number): Promise<SideResult> {
  const stack = await startBenchStack({ temporalDbFile: true });
  try {
    const worker = await Worker.create({
      connection: stack.nativeConnection,
      taskQueue: 'bench-baseline',
      workflowsPath: require.resolve('./baseline.workflow'),
    });
    stack.addWorker(worker);
    const rssBefore = process.memoryUsage().rss;
    const run = `${Date.now()}`;
    const started = await startAll(
      cases,
      concurrency,
      async (index) => {
        await stack.client.workflow.start('baselineOpenCase', {
          taskQueue: 'bench-baseline',
          workflowId: `open-baseline-${run}-${index}`,
          args: [30],
        });
      },
      // Started is not yet running its timer: wait until the last one's first workflow task has completed.
      async () => {
        const history = await stack.client.workflow.getHandle(`open-baseline-${run}-${cases - 1}`).fetchHistory();
        return history.events?.some((event) => event.timerStartedEventAttributes) ?? false;
      },
    );
    const cachedWorkflows = worker.getStatus().numCachedWorkflows;
    return {
      ...started,
      rssBefore,
      cachedWorkflows,
      ...(await idleAndProbe(stack, idleSeconds, cases, async (index) => {
        const deadline = await stack.client.workflow
          .getHandle(`open-baseline-${run}-${index}`)
          .query(baselineDeadlineQuery);
        return Date.parse(deadline) > Date.now();
      })),
      maxCachedWorkflows: worker.options.maxCachedWorkflows,
    };
  } finally {
    await stack.stop();
  }
}

/**
 * Starts `cases` workflows, `concurrency` at a time, timing each `start(index)`; then polls `caughtUp()` every
 * 500 ms. The catch-up time counts from the first start until `caughtUp()` holds.
 */
async function startAll(
  cases: number,
  concurrency: number,
  start: (index: number) => Promise<void>,
  caughtUp: () => Promise<boolean>,
): Promise<Pick<SideResult, 'startsPerSecond' | 'startP50' | 'startP99' | 'catchUpSeconds'>> {
  const latency: number[] = [];
  const began = Date.now();
  await pool(cases, concurrency, async (index) => {
    const sent = Date.now();
    await start(index);
    latency.push(Date.now() - sent);
  });
  const startSeconds = (Date.now() - began) / 1000;
  for (;;) {
    // The poll shares Postgres with the load: a pool timeout while the worker's writes queue is a busy moment of
    // the system under test, not a result, so it is retried.
    const done = await caughtUp().catch((error: unknown) => {
      console.error(`[open-cases] catch-up poll failed, retrying: ${String(error)}`);
      return false;
    });
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    startsPerSecond: cases / startSeconds,
    startP50: percentile(latency, 50),
    startP99: percentile(latency, 99),
    catchUpSeconds: (Date.now() - began) / 1000,
  };
}

const PROBES = 50;

/**
 * Idles, measuring CPU and memory, then queries a sample of the open workflows, timing each query;
 * `hasLiveTimer(index)` runs the query of workflow `index` and tells whether its timer is still ahead.
 */
async function idleAndProbe(
  stack: Awaited<ReturnType<typeof startBenchStack>>,
  idleSeconds: number,
  cases: number,
  hasLiveTimer: (index: number) => Promise<boolean>,
): Promise<Pick<SideResult, 'running' | 'withLiveTimer' | 'idleCpu' | 'rss' | 'queryP50' | 'queryP99'>> {
  const before = stack.cpu();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const used = cpuSince(before, stack.cpu());
  const rss = {
    node: process.memoryUsage().rss,
    temporal: stack.temporalPid ? processUsage(stack.temporalPid).rss : NaN,
  };
  const { count: running } = await stack.client.workflow.count('ExecutionStatus="Running"');
  // Evenly spread over the whole range: most have left the worker's cache and are replayed to answer.
  let live = 0;
  const queried: number[] = [];
  for (let probe = 0; probe < Math.min(PROBES, cases); probe += 1) {
    const sent = Date.now();
    if (await hasLiveTimer(Math.floor((probe * cases) / PROBES))) live += 1;
    queried.push(Date.now() - sent);
  }
  return {
    running,
    withLiveTimer: `${live} of ${queried.length}`,
    idleCpu: {
      node: (used.node / idleSeconds) * 100,
      temporal: (used.temporal / idleSeconds) * 100,
      postgres: (used.postgres / idleSeconds) * 100,
    },
    rss,
    queryP50: percentile(queried, 50),
    queryP99: percentile(queried, 99),
  };
}

const RESULT_MARKER = '[open-cases result] ';

/** Each side runs in a child process of its own, so its RSS is its own. */
function runSide(side: 'ours' | 'baseline'): SideResult {
  const child = spawnSync(process.execPath, [__filename, '--side', side, ...process.argv.slice(2)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  // The SDK's core logs to stdout too: the result is the line with the marker.
  const lines = child.stdout.trim().split('\n');
  const result = lines.find((line) => line.startsWith(RESULT_MARKER));
  for (const line of lines) if (line !== result) console.log(line);
  if (child.status !== 0 || !result) throw new Error(`the ${side} side failed (exit ${child.status})`);
  return JSON.parse(result.slice(RESULT_MARKER.length)) as SideResult;
}

async function main(): Promise<void> {
  const cases = numberArg('cases', 10_000);
  const concurrency = numberArg('concurrency', 16);
  const idleSeconds = numberArg('idle-seconds', 60);
  const sideAt = process.argv.indexOf('--side');
  if (sideAt >= 0) {
    const side = process.argv[sideAt + 1];
    const result =
      side === 'ours'
        ? await openCases(cases, concurrency, idleSeconds)
        : await openBaseline(cases, concurrency, idleSeconds);
    console.log(`${RESULT_MARKER}${JSON.stringify(result)}`);
    return;
  }
  console.log(`[open-cases] OneWindow: ${cases} cases through POST /v1/cases`);
  const ours = runSide('ours');
  console.log(`[open-cases] baseline: ${cases} bare workflows with one timer each`);
  const base = runSide('baseline');
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const row = (measure: string, a: number, b: number, digits = 0) =>
    `| ${measure} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${ratio(a, b)} |`;
  const report = [
    `## Open cases, run of ${new Date().toISOString()}: ${cases} open cases with live timers`,
    '',
    `Command: \`npm run bench:open-cases -- --cases ${cases} --concurrency ${concurrency} --idle-seconds ${idleSeconds}\``,
    '',
    'Each side runs in its own process, on its own stack, one after the other.',
    '',
    '| measure | OneWindow (land-and-start cases) | bare Temporal (one timer each) | ratio |',
    '|---|---|---|---|',
    row('starts per second', ours.startsPerSecond, base.startsPerSecond, 1),
    row('start latency p50 (ms)', ours.startP50, base.startP50),
    row('start latency p99 (ms)', ours.startP99, base.startP99),
    row('seconds until all are running (read model caught up)', ours.catchUpSeconds, base.catchUpSeconds),
    `| running workflows (visibility count) | ${ours.running} | ${base.running} | – |`,
    `| sampled workflows with a live timer | ${ours.withLiveTimer} | ${base.withLiveTimer} | – |`,
    row(`idle CPU over ${idleSeconds} s, bench process (% of one core)`, ours.idleCpu.node, base.idleCpu.node, 1),
    row(
      `idle CPU over ${idleSeconds} s, Temporal dev server (% of one core)`,
      ours.idleCpu.temporal,
      base.idleCpu.temporal,
      1,
    ),
    row(`idle CPU over ${idleSeconds} s, Postgres (% of one core)`, ours.idleCpu.postgres, base.idleCpu.postgres, 1),
    row('bench process RSS (MiB)', ours.rss.node / MiB, base.rss.node / MiB),
    row('bench process RSS before the first start (MiB)', ours.rssBefore / MiB, base.rssBefore / MiB),
    `| workflows in the sticky cache | ${ours.cachedWorkflows} | ${base.cachedWorkflows} | – |`,
    row(
      'RSS per cached workflow (MiB: growth over the load / cached workflows)',
      (ours.rss.node - ours.rssBefore) / MiB / Math.max(1, ours.cachedWorkflows),
      (base.rss.node - base.rssBefore) / MiB / Math.max(1, base.cachedWorkflows),
      2,
    ),
    row('Temporal dev server RSS (MiB)', ours.rss.temporal / MiB, base.rss.temporal / MiB),
    row(`query of a sampled open case p50 (ms, ${PROBES} probes)`, ours.queryP50, base.queryP50),
    row(`query of a sampled open case p99 (ms)`, ours.queryP99, base.queryP99),
    '',
    `Worker sticky cache: ${ours.maxCachedWorkflows} workflows (the SDK's default for this machine's memory); the probe is a query on each side (OneWindow's \`case-deadlines\`, the baseline's \`deadline\`).`,
    '',
  ].join('\n');
  console.log(report);
  writeFileSync(join(__dirname, '..', '..', 'bench', 'last-open-cases.md'), report);
}

main().catch((error: unknown) => {
  console.error('bench:open-cases failed:', error);
  process.exit(1);
});
