import { Client, Connection } from '@temporalio/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@onewindow/stack/processes';
import type { Role } from '@onewindow/auth';
import { caseWorkflowId } from '@onewindow/contract/http';
import { checkCase, replayCases, type CaseCheck } from './fault-checks';
import {
  COMMANDS_PER_CASE,
  plannedCases,
  ROLES,
  RetryingClient,
  runLoad,
  type AcceptedCommand,
  type HttpStats,
  type LoadOptions,
} from './fault-load';
import { projectionWriters } from './fault-burst';
import { ReconnectProbe } from './fault-probe';
import { FaultStack } from './fault-stack';
import { DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';

/**
 * `npm run faults -- --cases 24 --pg-outage-seconds 60`: scripted fault tests with asserted outcomes. Starts its
 * own servers (embedded Postgres on a persistent data directory, the Temporal dev server on a SQLite file, the
 * worker and the API as child processes), then for each scenario drives a load of land-and-start cases through
 * the HTTP API and injects one fault mid-load:
 *   1. worker-kill       kill -9 the worker, wait, start a new worker process;
 *   2. temporal-restart  stop the Temporal dev server, start it again on the same port and SQLite file;
 *   3. postgres-outage   stop Postgres for --pg-outage-seconds, start it again on the same data directory.
 * Afterwards it asserts, per scenario: every case completed; every accepted commandId took effect exactly once;
 * the audit log holds exactly the workflow's events, the read model caught up and the hash chain verifies; no
 * process died on its own and the long-lived connections came back; no answer was a 500. Prints a markdown table
 * (also written to dist-bench/last-faults.md), exits 1 if anything failed, and stops everything it started, also
 * on failure or Ctrl-C.
 *
 * With --cluster the servers are the self-hosted Temporal cluster (its four services as processes, Postgres
 * persistence and visibility, in the same embedded Postgres), two workers and two API processes; requests take
 * turns between the APIs, and the scenarios are the cluster's:
 *   history-kill          kill -9 the history service, start it again after --temporal-down-seconds;
 *   matching-kill         kill -9 the matching service, likewise;
 *   worker-kill           kill -9 one of the two workers; the other carries on (commands must be accepted while
 *                         it is down), a new one starts after --worker-down-seconds (default 10 here);
 *   api-read-your-writes  no fault: every update answered by one API process is read back at once through the
 *                         other, which must already count its events;
 *   projection-burst      one case gets --burst-signals 300 signals (--burst-parallel 4 senders, each pausing
 *                         like the load) while the workers are killed in turn (kill -9, restart, both for 5 s, then
 *                         the other): its projection is written by
 *                         both workers in turn and nothing is left parked (batches overtaking each other across
 *                         workers, parked, were the case before the local activities; they are reported).
 * Each asserts everything above, and that no worker or API process died (the workers keep their pids through a
 * service kill).
 *
 * Options: --scenario worker-kill,temporal-restart,postgres-outage (default all), --runs 1 (each scenario this many
 * times in a row, fresh cases each time; every case's history is replayed against today's code), --worker-down-seconds 3,
 * --temporal-down-seconds 5, --fault-at 0.35 (share of the load's commands accepted before the fault),
 * --arrival-ms 250 (between case starts), --allow-500 (report 500 answers as warnings), --keep (keep the
 * temporary folder with the servers' data and the worker, API and Postgres logs).
 */

type DevScenarioId = 'worker-kill' | 'temporal-restart' | 'postgres-outage';
type ClusterScenarioId = 'history-kill' | 'matching-kill' | 'worker-kill' | 'api-read-your-writes' | 'projection-burst';
type ScenarioId = DevScenarioId | ClusterScenarioId;

interface Settings {
  cases: number;
  pgOutageSeconds: number;
  workerDownSeconds: number;
  temporalDownSeconds: number;
  faultAt: number;
  arrivalMs: number;
  scenarios: ScenarioId[];
  keep: boolean;
  /** Report 500 answers as warnings instead of failing on them. */
  allow500: boolean;
  /** How many times each scenario runs, one after the other on the same servers, each with fresh cases. */
  runs: number;
  /** The self-hosted Temporal cluster, two workers and two APIs, and the cluster's scenarios. */
  cluster: boolean;
  burstSignals: number;
  burstParallel: number;
}

interface Before {
  workerPid?: number;
  workerPids: Array<number | undefined>;
}

interface ScenarioLoad {
  /** Every update is read back through the other API process. */
  readBack?: boolean;
  /** One case gets a burst of signals; the fault comes once a sixth of it was accepted. */
  burst?: boolean;
}

interface Scenario extends ScenarioLoad {
  id: ScenarioId;
  /** Two letters in the case ids. */
  short: string;
  fault: string;
  /** Injects the fault and clears it; resolves (with a note for the report) when the component is ready again. */
  inject(stack: FaultStack): Promise<string | undefined>;
  /** Extra checks of the scenario (e.g. that the worker survived a Temporal restart). */
  extraProblems?: (
    stack: FaultStack,
    before: Before,
    result: { accepted: AcceptedCommand[]; faultAt: number; restoredAt: number },
  ) => string[];
}

interface ScenarioResult {
  id: ScenarioId;
  fault: string;
  openAtFault: number;
  downtimeMs: number;
  /** Commands accepted between the fault and its end (the system went on, or waited). */
  acceptedWhileDown: number;
  firstAfterRestoreMs?: number;
  allClosedAfterRestoreMs?: number;
  accepted: AcceptedCommand[];
  checks: CaseCheck[];
  stats: HttpStats;
  problems: string[];
  /** Findings that do not fail the run (500 answers with --allow-500). */
  warnings: string[];
  /** What the API logged as errors during the scenario (503s and 500s), for the report. */
  apiErrors: string[];
}

const SCENARIO_IDS: DevScenarioId[] = ['worker-kill', 'temporal-restart', 'postgres-outage'];
const CLUSTER_SCENARIO_IDS: ClusterScenarioId[] = [
  'history-kill',
  'matching-kill',
  'worker-kill',
  'api-read-your-writes',
  'projection-burst',
];

function log(message: string): void {
  process.stdout.write(`[faults ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}

function settings(): Settings {
  const cluster = process.argv.includes('--cluster');
  const known: ScenarioId[] = cluster ? CLUSTER_SCENARIO_IDS : SCENARIO_IDS;
  const at = process.argv.indexOf('--scenario');
  const chosen = at >= 0 ? process.argv[at + 1].split(',') : known;
  for (const id of chosen)
    if (!(known as string[]).includes(id))
      throw new Error(`--scenario: one or more of ${known.join(',')}${cluster ? ' (with --cluster)' : ''}`);
  const cases = numberArg('cases', 24);
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive whole number');
  return {
    cases,
    pgOutageSeconds: numberArg('pg-outage-seconds', 60),
    workerDownSeconds: numberArg('worker-down-seconds', cluster ? 10 : 3),
    temporalDownSeconds: numberArg('temporal-down-seconds', 5),
    faultAt: numberArg('fault-at', 0.35),
    arrivalMs: numberArg('arrival-ms', 250),
    scenarios: chosen as ScenarioId[],
    keep: process.argv.includes('--keep'),
    allow500: process.argv.includes('--allow-500'),
    runs: Math.max(1, Math.floor(numberArg('runs', 1))),
    cluster,
    burstSignals: Math.max(1, Math.floor(numberArg('burst-signals', 300))),
    burstParallel: Math.max(1, Math.floor(numberArg('burst-parallel', 4))),
  };
}

/** The scenarios of the Temporal dev server (one worker, one API). */
function devScenarios(config: Settings): Record<DevScenarioId, Scenario> {
  return {
    'worker-kill': {
      id: 'worker-kill',
      short: 'WK',
      fault: `kill -9 worker, new worker after ${config.workerDownSeconds} s`,
      inject: async (stack) => {
        const pid = stack.workerInfo?.pid;
        await stack.killWorker();
        log(`worker pid ${pid} killed with SIGKILL`);
        await sleep(config.workerDownSeconds * 1000);
        const worker = await stack.startWorker();
        return `new worker polling ${((Date.now() - worker.startedAt) / 1000).toFixed(1)} s after its start`;
      },
    },
    'temporal-restart': {
      id: 'temporal-restart',
      short: 'TR',
      fault: `Temporal dev server stopped, restarted after ${config.temporalDownSeconds} s (same port, same SQLite)`,
      inject: async (stack) => {
        const stopped = await stack.stopTemporal();
        log(`temporal dev server stopped (SIGTERM: ${stopped})`);
        await sleep(config.temporalDownSeconds * 1000);
        await stack.startTemporal();
        return `SIGTERM: ${stopped}`;
      },
      // The same worker process must have reconnected by itself (its polls resumed; no restart by the harness).
      extraProblems: (stack, before) => {
        const after = stack.workerInfo;
        if (!after || after.pid !== before.workerPid)
          return [`the worker did not survive the Temporal restart (pid ${before.workerPid} → ${after?.pid})`];
        return [];
      },
    },
    'postgres-outage': {
      id: 'postgres-outage',
      short: 'PG',
      fault: `Postgres stopped for ${config.pgOutageSeconds} s (same data dir and port)`,
      inject: async (stack) => {
        await stack.stopPostgres();
        log(`postgres stopped for ${config.pgOutageSeconds} s`);
        await sleep(config.pgOutageSeconds * 1000);
        await stack.startPostgres();
        return undefined;
      },
    },
  };
}

/** Every worker process is the one it was before the fault (a service kill must not take a worker with it). */
function workersSurvived(stack: FaultStack, before: Before): string[] {
  const after = stack.workerInfos.map((info) => info?.pid);
  return after.some((pid, index) => pid !== before.workerPids[index])
    ? [`the workers did not survive the fault (pids ${before.workerPids.join(',')} → ${after.join(',')})`]
    : [];
}

/** kill -9 of one of the cluster's services, a restart on the same ports after the downtime. */
function serviceKill(config: Settings, service: 'history' | 'matching', short: string): Scenario {
  return {
    id: `${service}-kill`,
    short,
    fault: `kill -9 temporal ${service}, restarted after ${config.temporalDownSeconds} s (same ports)`,
    inject: async (stack) => {
      const pid = stack.clusterPid(service);
      await stack.killService(service);
      log(`temporal ${service} pid ${pid} killed with SIGKILL`);
      await sleep(config.temporalDownSeconds * 1000);
      const began = Date.now();
      await stack.startService(service);
      return `${service} pid ${stack.clusterPid(service)} serving ${((Date.now() - began) / 1000).toFixed(1)} s after its start`;
    },
    extraProblems: workersSurvived,
  };
}

/** The scenarios of the self-hosted cluster (two workers, two APIs taking turns). */
function clusterScenarios(config: Settings): Record<ClusterScenarioId, Scenario> {
  const restartWorker = async (stack: FaultStack, index: number) => {
    const pid = stack.workerInfos[index]?.pid;
    await stack.killWorker(index);
    log(`worker ${index + 1} pid ${pid} killed with SIGKILL`);
    await sleep(config.workerDownSeconds * 1000);
    const worker = await stack.startWorker(index);
    return `worker ${index + 1} back, polling ${((Date.now() - worker.startedAt) / 1000).toFixed(1)} s after its start`;
  };
  return {
    'history-kill': serviceKill(config, 'history', 'HK'),
    'matching-kill': serviceKill(config, 'matching', 'MK'),
    'worker-kill': {
      id: 'worker-kill',
      short: 'WK',
      fault: `kill -9 worker 2 of 2, worker 1 carries on; a new worker 2 after ${config.workerDownSeconds} s`,
      inject: (stack) => restartWorker(stack, 1),
      // The other worker carried the cases while this one was down.
      extraProblems: (stack, before, { accepted, faultAt, restoredAt }) => {
        const whileDown = accepted.filter((c) => c.acceptedAt > faultAt && c.acceptedAt < restoredAt).length;
        const problems = whileDown === 0 ? ['no command was accepted while worker 2 was down'] : [];
        if (stack.workerInfos[0]?.pid !== before.workerPids[0])
          problems.push(`worker 1 did not carry on (pid ${before.workerPids[0]} → ${stack.workerInfos[0]?.pid})`);
        return problems;
      },
    },
    'api-read-your-writes': {
      id: 'api-read-your-writes',
      short: 'RW',
      fault: 'none: each update answered by one API process is read back at once through the other',
      readBack: true,
      inject: () => Promise.resolve(undefined),
      extraProblems: workersSurvived,
    },
    'projection-burst': {
      id: 'projection-burst',
      short: 'PB',
      fault: `${config.burstSignals} signals to one case (${config.burstParallel} senders); kill -9 worker 1, restart, 5 s, kill -9 worker 2, restart (${config.workerDownSeconds} s down each)`,
      burst: true,
      inject: async (stack) => {
        const first = await restartWorker(stack, 0);
        // Both workers write the case for a while before the other one goes.
        await sleep(5000);
        const second = await restartWorker(stack, 1);
        return `${first}; ${second}`;
      },
    },
  };
}

async function runScenario(
  scenario: Scenario,
  config: Settings,
  stack: FaultStack,
  temporal: Client,
  runId: string,
  bundle: WorkflowBundle,
): Promise<ScenarioResult> {
  const options: LoadOptions = {
    apiUrl: stack.apiUrl,
    apiUrls: stack.apiUrls,
    ...(scenario.readBack ? { readBack: true } : {}),
    ...(scenario.burst
      ? {
          burst: {
            caseIndex: 0,
            signals: config.burstSignals,
            parallel: config.burstParallel,
            stepId: 'design-scheme-review',
          },
        }
      : {}),
    tokens: stack.tokens,
    commandBudgetMs: Math.max(180_000, (config.pgOutageSeconds + 120) * 1000),
    loadDeadline: Date.now() + (180 + config.pgOutageSeconds) * 1000,
    requestTimeoutMs: 30_000,
    thinkMs: [100, 400],
  };
  const client = new RetryingClient(options);
  const cases = plannedCases(`FLT-${runId}-${scenario.short}`, config.cases);
  const problems: string[] = [];
  // A burst's fault comes a sixth of the way into the burst; any other when a share of the load's commands is in.
  const threshold = scenario.burst
    ? Math.ceil(config.burstSignals / 6)
    : Math.ceil(config.faultAt * config.cases * COMMANDS_PER_CASE);
  let count = 0;
  let reachThreshold: () => void = () => undefined;
  const thresholdReached = new Promise<void>((resolve) => (reachThreshold = resolve));
  const unexpectedBefore = stack.unexpectedExits.length;
  const apiNames = stack.apiUrls.map((_, index) => (index === 0 ? 'api' : (`api-${index + 1}` as const)));
  const apiLogOffsets = apiNames.map((name) => stack.logSize(name));

  log(`${scenario.id}: ${config.cases} cases, fault after ${threshold} accepted commands`);
  const began = Date.now();
  const load = runLoad(options, client, cases, config.arrivalMs, (command) => {
    if (scenario.burst && command.name !== 'step-urged') return;
    count += 1;
    if (count >= threshold) reachThreshold();
  });
  const first = await Promise.race([thresholdReached.then(() => 'fault' as const), load.then(() => 'done' as const)]);
  const faultAt = Date.now();
  const openAtFault = cases.filter((run) => run.completedAt === undefined && run.failure === undefined).length;
  if (first === 'done' || openAtFault === 0) problems.push('the load finished before the fault: nothing was in flight');
  const before: Before = { workerPid: stack.workerInfo?.pid, workerPids: stack.workerInfos.map((info) => info?.pid) };
  log(`${scenario.id}: injecting at ${((faultAt - began) / 1000).toFixed(1)} s, ${openAtFault} cases open`);
  const probe = new ReconnectProbe(stack.apiUrl, temporal);
  probe.start();
  let note: string | undefined;
  try {
    note = await scenario.inject(stack);
  } catch (error) {
    const message = `fault injection failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    log(message);
    problems.push(message);
  }
  const restoredAt = Date.now();
  log(`${scenario.id}: restored after ${((restoredAt - faultAt) / 1000).toFixed(1)} s; waiting for the load`);
  const result = await load;
  await probe.stop();
  const reconnect = probe.describe(restoredAt);
  if (!probe.recovered) problems.push(`a connection did not come back: ${reconnect}`);
  for (const run of result.cases) if (run.failure) problems.push(`${run.caseId}: ${run.failure}`);

  // Every case's workflow must close (its projection drained) after the fault.
  let allClosedAt: number | undefined;
  const closeDeadline = Date.now() + 180_000;
  for (;;) {
    const open: string[] = [];
    for (const run of cases) {
      try {
        const description = await temporal.workflow.getHandle(caseWorkflowId(run.caseId)).describe();
        if (description.status.name === 'RUNNING') open.push(run.caseId);
      } catch {
        open.push(run.caseId);
      }
    }
    if (open.length === 0) {
      allClosedAt = Date.now();
      break;
    }
    if (Date.now() > closeDeadline) {
      problems.push(`workflows still open 180 s after the load: ${open.join(', ')}`);
      break;
    }
    await sleep(500);
  }

  const checks: CaseCheck[] = [];
  options.loadDeadline = Date.now() + 120_000;
  // One replay worker for the run's cases; if it fails as a whole, no case counts as replayed.
  const replays = await replayCases(
    temporal,
    bundle,
    cases.map((run) => run.caseId),
  ).catch((error: unknown) => {
    const reason = `replay failed: ${error instanceof Error ? error.message : String(error)}`;
    return new Map<string, string | undefined>(cases.map((run) => [run.caseId, reason]));
  });
  for (const run of cases) {
    try {
      checks.push(
        await checkCase(run.caseId, result.accepted, client, temporal, stack.databaseUrl, replays.get(run.caseId)),
      );
    } catch (error) {
      problems.push(`${run.caseId}: check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const check of checks) {
    for (const lost of check.lost) problems.push(`${check.caseId}: lost ${lost}`);
    for (const doubled of check.doubled) problems.push(`${check.caseId}: doubled ${doubled}`);
    for (const problem of check.problems) problems.push(`${check.caseId}: ${problem}`);
  }
  problems.push(...stack.unexpectedExits.slice(unexpectedBefore));
  problems.push(...(scenario.extraProblems?.(stack, before, { accepted: result.accepted, faultAt, restoredAt }) ?? []));
  if (scenario.readBack) {
    if (result.readBacks.checked === 0) problems.push('no update was read back through the other API process');
    for (const stale of result.readBacks.stale) problems.push(`read-your-writes: ${stale}`);
  }
  let burstNote: string | undefined;
  if (scenario.burst && cases[0]) {
    // Both workers wrote the burst case's projection, batches that overtook each other were parked and flushed.
    try {
      const writers = await projectionWriters(temporal, cases[0].caseId, stack.databaseUrl);
      const counts = Object.values(writers.byWorker);
      burstNote = `projection of ${cases[0].caseId} written by ${counts.length} worker processes (${counts.join(' + ')} attempts, ${writers.overlapping} while another worker was writing the case), ${writers.parkedBatches} batches parked and flushed`;
      // What the scenario is for: it must have happened, or the run proved nothing about it.
      if (counts.length < 2)
        problems.push(`the burst case's projection was written by ${counts.length} worker(s), not two`);
      // Since the local activities (patched 'local-activities') the worker that runs the case writes it: batches
      // no longer overtake each other across workers, so overlaps and parked batches are reported, not required.
      if (writers.overlapping > 0 && writers.parkedBatches === 0)
        problems.push('the burst: writes overlapped across workers but no batch was parked');
      if (writers.leftParked > 0) problems.push(`${writers.leftParked} batches of ${cases[0].caseId} are still parked`);
    } catch (error) {
      problems.push(`projection writers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const warnings: string[] = [];
  if (client.stats.status500 > 0)
    (config.allow500 ? warnings : problems).push(
      `${client.stats.status500} answers were 500 (the contract wants 503 or a definite answer)`,
    );
  const apiErrors = apiNames.flatMap((name, index) =>
    stack
      .apiErrors(apiLogOffsets[index], name)
      .map(({ message, count }) => `${name} logged ×${count}: ${message.slice(0, 160)}`),
  );

  const afterRestore = result.accepted.filter((command) => command.acceptedAt >= restoredAt);
  const firstAfter = afterRestore.length
    ? Math.min(...afterRestore.map((command) => command.acceptedAt)) - restoredAt
    : undefined;
  log(`${scenario.id}: ${problems.length === 0 ? 'passed' : `${problems.length} problem(s)`}`);
  return {
    id: scenario.id,
    fault: [
      scenario.fault,
      note,
      burstNote,
      scenario.readBack
        ? `${result.readBacks.checked} updates read back through the other API, ${result.readBacks.stale.length} stale`
        : undefined,
      reconnect,
    ]
      .filter((part) => part)
      .join('; '),
    openAtFault,
    downtimeMs: restoredAt - faultAt,
    acceptedWhileDown: result.accepted.filter((c) => c.acceptedAt > faultAt && c.acceptedAt < restoredAt).length,
    ...(firstAfter === undefined ? {} : { firstAfterRestoreMs: firstAfter }),
    ...(allClosedAt === undefined ? {} : { allClosedAfterRestoreMs: allClosedAt - restoredAt }),
    accepted: result.accepted,
    checks,
    stats: client.stats,
    problems,
    warnings,
    apiErrors,
  };
}

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const yesNo = (ok: boolean) => (ok ? 'yes' : '**NO**');

/** "median (min–max)" of some seconds. */
function spread(values: number[]): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${seconds(median)} (${seconds(sorted[0])}–${seconds(sorted[sorted.length - 1])})`;
}

/** With --runs > 1: one line per scenario over all its runs. */
function summary(results: ScenarioResult[], config: Settings): string[] {
  const lines = [
    `Summary of ${config.runs} runs per scenario:`,
    '',
    '| scenario | runs passed | cases completed | commands accepted | lost | doubled | histories replay | audit = workflow events, read model, hash chain | downtime (s), median (min–max) | commands accepted during it, median (min–max) | all workflows closed after restore (s), median (min–max) | 500 answers |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const id of [...new Set(results.map((result) => result.id))]) {
    const runs = results.filter((result) => result.id === id);
    const checks = runs.flatMap((result) => result.checks);
    const sum = (f: (result: ScenarioResult) => number) => runs.reduce((total, result) => total + f(result), 0);
    const during = [...runs.map((result) => result.acceptedWhileDown)].sort((a, b) => a - b);
    const whole = runs.every(
      (result) =>
        result.checks.length === config.cases &&
        result.checks.every(
          (c) => c.auditRows === c.workflowEvents && c.lastSequence === c.workflowEvents && c.chainVerified,
        ),
    );
    lines.push(
      `| ${id} | ${runs.filter((result) => result.problems.length === 0).length}/${runs.length} | ${checks.filter((c) => c.completed).length}/${runs.length * config.cases} | ${sum((result) => result.accepted.length)} | ${checks.reduce((total, c) => total + c.lost.length, 0)} | ${checks.reduce((total, c) => total + c.doubled.length, 0)} | ${checks.filter((c) => c.replays).length}/${runs.length * config.cases} | ${yesNo(whole)} | ${spread(runs.map((result) => result.downtimeMs))} | ${during[Math.floor(during.length / 2)]} (${during[0]}–${during[during.length - 1]}) | ${spread(runs.flatMap((result) => (result.allClosedAfterRestoreMs === undefined ? [] : [result.allClosedAfterRestoreMs])))} | ${sum((result) => result.stats.status500)} |`,
    );
  }
  return lines;
}

function report(results: ScenarioResult[], config: Settings, wallMs: number): string {
  const lines = [
    `## Fault run of ${new Date().toISOString()}: ${config.cases} land-and-start cases per scenario${config.cluster ? ' on the self-hosted Temporal cluster (2 workers, 2 APIs)' : ''}`,
    '',
    `Command: \`npm run faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; wall time ${seconds(wallMs)} s.`,
    '',
    '| scenario | fault | open cases at fault | downtime (s) | commands accepted during it | first command accepted after restore (s) | all workflows closed after restore (s) | cases completed | commands accepted (signals / updates) | lost | doubled | histories replay | audit rows = workflow events | read model caught up | hash chain verified | retried: 503 / 500 / conn+timeout / case-starting | result |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const { checks, stats } = result;
    const completed = checks.filter((check) => check.completed).length;
    const signals = result.accepted.filter((command) => command.kind === 'signal').length;
    const updates = result.accepted.filter((command) => command.kind === 'update').length;
    const lost = checks.reduce((sum, check) => sum + check.lost.length, 0);
    const doubled = checks.reduce((sum, check) => sum + check.doubled.length, 0);
    const complete = checks.length === config.cases && checks.every((c) => c.auditRows === c.workflowEvents);
    const caughtUp = checks.length === config.cases && checks.every((c) => c.lastSequence === c.workflowEvents);
    const verified = checks.length === config.cases && checks.every((c) => c.chainVerified);
    const replaying = checks.filter((check) => check.replays).length;
    lines.push(
      `| ${result.id} | ${result.fault} | ${result.openAtFault} | ${seconds(result.downtimeMs)} | ${result.acceptedWhileDown} | ${seconds(result.firstAfterRestoreMs)} | ${seconds(result.allClosedAfterRestoreMs)} | ${completed}/${config.cases} | ${result.accepted.length} (${signals} / ${updates}) | ${lost} | ${doubled} | ${replaying}/${config.cases} | ${yesNo(complete)} | ${yesNo(caughtUp)} | ${yesNo(verified)} | ${stats.status503} / ${stats.status500} / ${stats.connectionErrors + stats.timeouts} / ${stats.caseStarting} | ${result.problems.length === 0 ? 'PASS' : '**FAIL**'} |`,
    );
  }
  if (config.runs > 1) lines.push('', ...summary(results, config));
  const failed = results.filter((result) => result.problems.length > 0).map((result) => result.id);
  lines.push('', failed.length === 0 ? '**Overall: PASS**' : `**Overall: FAIL** (${failed.join(', ')})`, '');
  for (const result of results) {
    const details = [
      ...result.warnings.map((warning) => `warning: ${warning}`),
      ...result.problems.slice(0, 40),
      ...(result.problems.length > 40 ? [`… and ${result.problems.length - 40} more problems`] : []),
      ...result.stats.samples500.map((sample) => `500 answer: ${sample}`),
      ...result.stats.samplesNetwork.map((sample) => `connection error or timeout: ${sample}`),
      ...result.apiErrors.slice(0, 6),
    ];
    if (details.length === 0) continue;
    lines.push(`### ${result.id}: ${result.problems.length} problem(s), ${result.warnings.length} warning(s)`, '');
    for (const detail of details) lines.push(`- ${detail}`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const config = settings();
  // The replays of the checks run workers of their own: their state changes are not news.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const began = Date.now();
  const stack = new FaultStack(log, { cluster: config.cluster });
  let stopping: Promise<void> | undefined;
  const stopStack = () => (stopping ??= stack.stop(config.keep));
  process.on('exit', () => stack.killAllSync());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything`);
      void stopStack().finally(() => process.exit(130));
    });
  }
  let temporal: Client | undefined;
  try {
    log(`servers in ${stack.dir}`);
    await stack.start(ROLES as Role[]);
    temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
    const all: Partial<Record<ScenarioId, Scenario>> = config.cluster ? clusterScenarios(config) : devScenarios(config);
    const results: ScenarioResult[] = [];
    // Today's workflow code, to replay every case's history once it closed.
    const bundle = await bundleCaseWorkflows(new DefaultLogger('WARN'));
    for (const id of config.scenarios) {
      for (let run = 1; run <= config.runs; run += 1) {
        const runId = `${Date.now().toString(36)}${config.runs > 1 ? `r${run}` : ''}`;
        if (config.runs > 1) log(`${id}: run ${run} of ${config.runs}`);
        results.push(await runScenario(all[id]!, config, stack, temporal, runId, bundle));
      }
    }
    const text = report(results, config, Date.now() - began);
    console.log(`\n${text}`);
    writeFileSync(join(__dirname, '..', 'last-faults.md'), text);
    const failed = results.some((result) => result.problems.length > 0);
    if (failed) {
      log(`worker log tail:\n${stack.logTail('worker')}`);
      log(`api log tail:\n${stack.logTail('api')}`);
      if (config.cluster) log(`the cluster's logs: ${join(stack.dir, 'temporal', 'logs')} (kept with --keep)`);
    }
    return failed ? 1 : 0;
  } finally {
    await temporal?.connection.close().catch(() => undefined);
    await stopStack();
    log(`stopped everything${config.keep ? ` (kept ${stack.dir})` : ''}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('faults failed:', error);
    process.exit(1);
  },
);
