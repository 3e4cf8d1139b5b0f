import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@onewindow/auth';
import { ROLES, RetryingClient, plannedCases, runLoad, type LoadOptions } from './fault-load';
import { FaultStack } from './fault-stack';
import { cpuOf, numberArg, postgresCpu } from './stack';

/**
 * `npm run bench:cluster -- --cases 24 --rounds 2`: the throughput of one OneWindow worker against two on the
 * self-hosted Temporal cluster, measured in one run on the same servers (the stack of `npm run faults -- --cluster`:
 * the cluster's four services, embedded Postgres, two API processes taking turns, the workers as processes).
 * Each phase drives --cases fresh land-and-start cases at once (arrivals --arrival-ms apart, no pause between a
 * case's commands) through the HTTP API to completion, with one worker (the second stopped with SIGTERM, as an
 * orchestrator scales down) or two. The rounds alternate the order (one then two, two then one) so that a drift of
 * the machine during the run weighs on both. Prints a markdown table (also dist-bench/last-cluster-throughput.md):
 * per phase the wall time, cases per minute, commands per second and the CPU seconds of each component, then the
 * ratio two/one per round. Exits 1 if a case failed.
 */

interface Phase {
  round: number;
  workers: number;
  cases: number;
  wallMs: number;
  commands: number;
  failures: string[];
  cpu: Record<Component, number>;
}

type Component = 'workers' | 'apis' | 'temporal' | 'postgres' | 'load';

function log(message: string): void {
  process.stdout.write(`[cluster-bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

function cpuNow(stack: FaultStack): Record<Component, number> {
  const workers = stack.workerInfos.flatMap((info) => (info ? [info.pid] : []));
  const temporal = (['history', 'matching', 'frontend', 'worker'] as const).flatMap((service) => {
    const pid = stack.clusterPid(service);
    return pid ? [pid] : [];
  });
  const dataDir = stack.postgresDataDir;
  return {
    workers: cpuOf(workers),
    apis: cpuOf(stack.apiPids),
    temporal: cpuOf(temporal),
    postgres: dataDir ? postgresCpu(dataDir) : NaN,
    load: cpuOf([process.pid]),
  };
}

async function setWorkers(stack: FaultStack, count: number): Promise<void> {
  for (let index = 0; index < stack.workerCount; index += 1) {
    const running = stack.workerInfos[index] !== undefined;
    if (index < count && !running) await stack.startWorker(index);
    if (index >= count && running) await stack.stopWorker(index);
  }
}

async function phase(
  stack: FaultStack,
  round: number,
  workers: number,
  cases: number,
  arrivalMs: number,
  prefix: string,
): Promise<Phase> {
  await setWorkers(stack, workers);
  const options: LoadOptions = {
    apiUrl: stack.apiUrl,
    apiUrls: stack.apiUrls,
    tokens: stack.tokens,
    commandBudgetMs: 300_000,
    loadDeadline: Date.now() + 15 * 60_000,
    requestTimeoutMs: 30_000,
    thinkMs: [0, 0],
  };
  const client = new RetryingClient(options);
  const planned = plannedCases(prefix, cases);
  log(`round ${round}, ${workers} worker(s): ${cases} cases`);
  const before = cpuNow(stack);
  const began = Date.now();
  const result = await runLoad(options, client, planned, arrivalMs, () => undefined);
  const wallMs = Date.now() - began;
  const after = cpuNow(stack);
  const cpu = Object.fromEntries(
    (Object.keys(before) as Component[]).map((key) => [key, after[key] - before[key]]),
  ) as Record<Component, number>;
  const failures = result.cases.flatMap((run) => (run.failure ? [`${run.caseId}: ${run.failure}`] : []));
  log(
    `round ${round}, ${workers} worker(s): ${(wallMs / 1000).toFixed(1)} s, ${result.accepted.length} commands, ${failures.length} failed`,
  );
  return { round, workers, cases, wallMs, commands: result.accepted.length, failures, cpu };
}

function report(phases: Phase[], config: { cases: number; rounds: number; arrivalMs: number }): string {
  const perMinute = (p: Phase) => (p.cases - p.failures.length) / (p.wallMs / 60_000);
  const perSecond = (p: Phase) => p.commands / (p.wallMs / 1000);
  const lines = [
    `## Cluster throughput of ${new Date().toISOString()}: one worker against two`,
    '',
    `Command: \`npm run bench:cluster${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; ${config.cases} land-and-start cases per phase, all at once (${config.arrivalMs} ms apart), 2 API processes taking turns.`,
    '',
    '| round | workers | wall (s) | cases/min | commands/s | CPU s: workers / APIs / Temporal (4 services) / Postgres / load | failed |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of phases) {
    const cpu = (['workers', 'apis', 'temporal', 'postgres', 'load'] as const).map((key) => p.cpu[key].toFixed(1));
    lines.push(
      `| ${p.round} | ${p.workers} | ${(p.wallMs / 1000).toFixed(1)} | ${perMinute(p).toFixed(1)} | ${perSecond(p).toFixed(2)} | ${cpu.join(' / ')} | ${p.failures.length} |`,
    );
  }
  lines.push('', '| round | commands/s, two workers ÷ one |', '|---|---|');
  const ratios: number[] = [];
  for (let round = 1; round <= config.rounds; round += 1) {
    const one = phases.find((p) => p.round === round && p.workers === 1);
    const two = phases.find((p) => p.round === round && p.workers === 2);
    if (!one || !two) continue;
    const ratio = perSecond(two) / perSecond(one);
    ratios.push(ratio);
    lines.push(`| ${round} | ${ratio.toFixed(2)} |`);
  }
  if (ratios.length > 1) {
    const geometric = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
    lines.push(`| all (geometric mean) | ${geometric.toFixed(2)} |`);
  }
  const failures = phases.flatMap((p) => p.failures);
  if (failures.length > 0) lines.push('', ...failures.slice(0, 20).map((failure) => `- ${failure}`));
  return lines.join('\n');
}

async function main(): Promise<number> {
  const config = {
    cases: numberArg('cases', 24),
    rounds: numberArg('rounds', 2),
    arrivalMs: numberArg('arrival-ms', 20),
  };
  const stack = new FaultStack(log, { cluster: true, workers: 2, apis: 2 });
  let stopping: Promise<void> | undefined;
  const stopStack = () => (stopping ??= stack.stop());
  process.on('exit', () => stack.killAllSync());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything`);
      void stopStack().finally(() => process.exit(130));
    });
  }
  try {
    log(`servers in ${stack.dir}`);
    await stack.start(ROLES as Role[]);
    const runId = Date.now().toString(36);
    // Not measured: the first cases pay for loading the task queues and the workers' caches.
    await phase(stack, 0, 2, 4, config.arrivalMs, `TP-${runId}-warm`);
    const phases: Phase[] = [];
    for (let round = 1; round <= config.rounds; round += 1) {
      const order = round % 2 === 1 ? [1, 2] : [2, 1];
      for (const workers of order)
        phases.push(
          await phase(stack, round, workers, config.cases, config.arrivalMs, `TP-${runId}-r${round}w${workers}`),
        );
    }
    const text = report(phases, config);
    console.log(`\n${text}`);
    writeFileSync(join(__dirname, '..', 'last-cluster-throughput.md'), text);
    return phases.some((p) => p.failures.length > 0) ? 1 : 0;
  } finally {
    await stopStack();
    log('stopped everything');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:cluster failed:', error);
    process.exit(1);
  },
);
