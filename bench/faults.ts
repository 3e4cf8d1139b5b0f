import { Client, Connection } from '@temporalio/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@onewindow/stack/processes';
import type { Role } from '@onewindow/auth';
import { caseWorkflowId } from '@onewindow/contract/http';
import { checkCase, type CaseCheck } from './fault-checks';
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
 * Options: --scenario worker-kill,temporal-restart,postgres-outage (default all), --runs 1 (each scenario this many
 * times in a row, fresh cases each time; every case's history is replayed against today's code), --worker-down-seconds 3,
 * --temporal-down-seconds 5, --fault-at 0.35 (share of the load's commands accepted before the fault),
 * --arrival-ms 250 (between case starts), --allow-500 (report 500 answers as warnings), --keep (keep the
 * temporary folder with the servers' data and the worker, API and Postgres logs).
 */

type ScenarioId = 'worker-kill' | 'temporal-restart' | 'postgres-outage';

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
}

interface Scenario {
  id: ScenarioId;
  fault: string;
  /** Injects the fault and clears it; resolves (with a note for the report) when the component is ready again. */
  inject(stack: FaultStack): Promise<string | undefined>;
  /** Extra checks of the scenario (e.g. that the worker survived a Temporal restart). */
  extraProblems?: (stack: FaultStack, before: { workerPid?: number }) => string[];
}

interface ScenarioResult {
  id: ScenarioId;
  fault: string;
  openAtFault: number;
  downtimeMs: number;
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

const SCENARIO_IDS: ScenarioId[] = ['worker-kill', 'temporal-restart', 'postgres-outage'];

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
  const at = process.argv.indexOf('--scenario');
  const chosen = at >= 0 ? process.argv[at + 1].split(',') : SCENARIO_IDS;
  for (const id of chosen)
    if (!(SCENARIO_IDS as string[]).includes(id))
      throw new Error(`--scenario: one or more of ${SCENARIO_IDS.join(',')}`);
  const cases = numberArg('cases', 24);
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive whole number');
  return {
    cases,
    pgOutageSeconds: numberArg('pg-outage-seconds', 60),
    workerDownSeconds: numberArg('worker-down-seconds', 3),
    temporalDownSeconds: numberArg('temporal-down-seconds', 5),
    faultAt: numberArg('fault-at', 0.35),
    arrivalMs: numberArg('arrival-ms', 250),
    scenarios: chosen as ScenarioId[],
    keep: process.argv.includes('--keep'),
    allow500: process.argv.includes('--allow-500'),
    runs: Math.max(1, Math.floor(numberArg('runs', 1))),
  };
}

function scenarios(config: Settings): Record<ScenarioId, Scenario> {
  return {
    'worker-kill': {
      id: 'worker-kill',
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
    tokens: stack.tokens,
    commandBudgetMs: Math.max(180_000, (config.pgOutageSeconds + 120) * 1000),
    loadDeadline: Date.now() + (180 + config.pgOutageSeconds) * 1000,
    requestTimeoutMs: 30_000,
    thinkMs: [100, 400],
  };
  const client = new RetryingClient(options);
  const short = { 'worker-kill': 'WK', 'temporal-restart': 'TR', 'postgres-outage': 'PG' }[scenario.id];
  const cases = plannedCases(`FLT-${runId}-${short}`, config.cases);
  const problems: string[] = [];
  const threshold = Math.ceil(config.faultAt * config.cases * COMMANDS_PER_CASE);
  let count = 0;
  let reachThreshold: () => void = () => undefined;
  const thresholdReached = new Promise<void>((resolve) => (reachThreshold = resolve));
  const unexpectedBefore = stack.unexpectedExits.length;
  const apiLogOffset = stack.logSize('api');

  log(`${scenario.id}: ${config.cases} cases, fault after ${threshold} accepted commands`);
  const began = Date.now();
  const load = runLoad(options, client, cases, config.arrivalMs, () => {
    count += 1;
    if (count >= threshold) reachThreshold();
  });
  const first = await Promise.race([thresholdReached.then(() => 'fault' as const), load.then(() => 'done' as const)]);
  const faultAt = Date.now();
  const openAtFault = cases.filter((run) => run.completedAt === undefined && run.failure === undefined).length;
  if (first === 'done' || openAtFault === 0) problems.push('the load finished before the fault: nothing was in flight');
  const before = { workerPid: stack.workerInfo?.pid };
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
  for (const run of cases) {
    try {
      checks.push(await checkCase(run.caseId, result.accepted, client, temporal, stack.databaseUrl, bundle));
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
  problems.push(...(scenario.extraProblems?.(stack, before) ?? []));
  const warnings: string[] = [];
  if (client.stats.status500 > 0)
    (config.allow500 ? warnings : problems).push(
      `${client.stats.status500} answers were 500 (the contract wants 503 or a definite answer)`,
    );
  const apiErrors = stack
    .apiErrors(apiLogOffset)
    .map(({ message, count }) => `API logged ×${count}: ${message.slice(0, 160)}`);

  const afterRestore = result.accepted.filter((command) => command.acceptedAt >= restoredAt);
  const firstAfter = afterRestore.length
    ? Math.min(...afterRestore.map((command) => command.acceptedAt)) - restoredAt
    : undefined;
  log(`${scenario.id}: ${problems.length === 0 ? 'passed' : `${problems.length} problem(s)`}`);
  return {
    id: scenario.id,
    fault: `${scenario.fault}${note ? `; ${note}` : ''}; ${reconnect}`,
    openAtFault,
    downtimeMs: restoredAt - faultAt,
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

function report(results: ScenarioResult[], config: Settings, wallMs: number): string {
  const lines = [
    `## Fault run of ${new Date().toISOString()}: ${config.cases} land-and-start cases per scenario`,
    '',
    `Command: \`npm run faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; wall time ${seconds(wallMs)} s.`,
    '',
    '| scenario | fault | open cases at fault | downtime (s) | first command accepted after restore (s) | all workflows closed after restore (s) | cases completed | commands accepted (signals / updates) | lost | doubled | histories replay | audit rows = workflow events | read model caught up | hash chain verified | retried: 503 / 500 / conn+timeout / case-starting | result |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
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
      `| ${result.id} | ${result.fault} | ${result.openAtFault} | ${seconds(result.downtimeMs)} | ${seconds(result.firstAfterRestoreMs)} | ${seconds(result.allClosedAfterRestoreMs)} | ${completed}/${config.cases} | ${result.accepted.length} (${signals} / ${updates}) | ${lost} | ${doubled} | ${replaying}/${config.cases} | ${yesNo(complete)} | ${yesNo(caughtUp)} | ${yesNo(verified)} | ${stats.status503} / ${stats.status500} / ${stats.connectionErrors + stats.timeouts} / ${stats.caseStarting} | ${result.problems.length === 0 ? 'PASS' : '**FAIL**'} |`,
    );
  }
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
  const stack = new FaultStack(log);
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
    const all = scenarios(config);
    const results: ScenarioResult[] = [];
    // Today's workflow code, to replay every case's history once it closed.
    const bundle = await bundleCaseWorkflows(new DefaultLogger('WARN'));
    for (const id of config.scenarios) {
      for (let run = 1; run <= config.runs; run += 1) {
        const runId = `${Date.now().toString(36)}${config.runs > 1 ? `r${run}` : ''}`;
        if (config.runs > 1) log(`${id}: run ${run} of ${config.runs}`);
        results.push(await runScenario(all[id], config, stack, temporal, runId, bundle));
      }
    }
    const text = report(results, config, Date.now() - began);
    console.log(`\n${text}`);
    writeFileSync(join(__dirname, '..', 'last-faults.md'), text);
    const failed = results.some((result) => result.problems.length > 0);
    if (failed) {
      log(`worker log tail:\n${stack.logTail('worker')}`);
      log(`api log tail:\n${stack.logTail('api')}`);
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
