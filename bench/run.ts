import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, messageUpdates, type CaseStartInput } from '@onewindow/contract/http';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { BASELINE_TASK_QUEUE, baselineCommandUpdate, type PayloadSizes } from './baseline.workflow';
import type { TimeWindow } from './cpu-profile';
import { commandBody, departmentOf, LAND_AND_START_COMMANDS, type BenchCommand } from './land-and-start';
import { buildFlowablePeer, startFlowablePeer, type FlowablePeer } from './peers/flowable/peer';
import {
  databaseUrl,
  dbSnapshot,
  resetStatements,
  STATS_SETTLE_MS,
  statementsOf,
  waitForNoSessions,
  withClient,
  writesBetween,
  type DbSnapshot,
  type DbWrites,
  type StatementStats,
} from './postgres-stats';
import { statementsReport, writeProfileSummary, type ProfileParts } from './profile-report';
import {
  cpuSince,
  flagArg,
  landAndStartDocuments,
  numberArg,
  percentile,
  pool,
  processUsage,
  startBenchStack,
  startProcessStack,
  Teardown,
  type BenchSystem,
  type CpuSample,
} from './stack';

/**
 * `npm run bench -- --cases 40 --concurrency 8 [--warmup N] [--processes separate] [--profile] [--payload-baseline]
 * [--local-baseline]`: land-and-start
 * cases through OneWindow's HTTP API and through the Temporal client, against the same shape on Flowable (embedded
 * in a JVM, on the same Postgres) and on a bare Temporal workflow, in one run. Prints a markdown report (ratios are
 * what to compare: machines are noisy) and writes it to bench/last-run.md; `--profile` also writes CPU profiles of
 * the API, the worker and the load generator and the Postgres statement statistics into bench/profiles/;
 * `--payload-baseline` adds bare Temporal carrying OneWindow's payload sizes, `--local-baseline` bare Temporal
 * recording through a local activity.
 */

const REPO_ROOT = join(__dirname, '..', '..');
const PROFILE_DIR = join(REPO_ROOT, 'bench', 'profiles');
/** --cpu-prof's default sampling interval; the load generator's own profiler is set to the same. */
const PROFILE_INTERVAL_US = 1000;
const FLOWABLE_DATABASE = 'flowable_bench';
const ONEWINDOW_DATABASE = 'onewindow_bench';

/**
 * Polling for a signal's effect costs an HTTP request and a Temporal query per poll, load the baseline never
 * carries; so only one case in LATENCY_SAMPLE polls.
 */
const LATENCY_SAMPLE = 4;
/** Pause between two polls of GET /v1/cases/{id} while waiting for a signal's effect (the latency's resolution). */
const POLL_MS = 5;
const COMMANDS_PER_CASE = LAND_AND_START_COMMANDS.length;
/** Over HTTP the first department opinion is sent as a signal (and timed until visible); the rest are updates. */
const SIGNALLED = LAND_AND_START_COMMANDS.findIndex((command) => command.message === 'department-opinion');

const HISTORY = temporal.api.history.v1.History;
const EVENT = temporal.api.history.v1.HistoryEvent;
const EVENT_TYPE = temporal.api.enums.v1.EventType;

const APPLICANT = { name: '基准测试公司', creditCode: '91310000MA1FLBENCH' };

/** The Temporal actor of a role, as the API makes it from an API key. */
const actorOf = (role: string) => {
  const department = departmentOf(role);
  return department ? { id: 'bench', role, department } : { id: 'bench', role };
};

/**
 * An update as the API sends it: until the case has loaded its context its validator refuses with `case-starting`
 * (nothing enters the history), so the first message after a start is retried after 50, 100, 200, 400 ms … as
 * `MessagesService` does, with the same update id.
 */
async function updateWhenStarted(handle: WorkflowHandle, command: BenchCommand, contractNumber: string) {
  const payload = { ...commandBody(command, contractNumber), commandId: randomUUID(), actor: actorOf(command.role) };
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    try {
      const update = await handle.startUpdate(messageUpdates[command.message], {
        args: [payload],
        updateId: payload.commandId,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      return await update.result();
    } catch (error) {
      const refusal = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (!(refusal instanceof ApplicationFailure && refusal.type === 'case-starting')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

interface HttpLatency {
  start: number[];
  visible: number[];
  completion: number[];
}

/** One measured run: its wall time, CPU per component, and its span for the profiles. */
interface Measured {
  seconds: number;
  cpu: CpuSample;
  window: TimeWindow;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function measure(system: BenchSystem, name: string, cases: number, work: () => Promise<void>): Promise<Measured> {
  const before = system.cpu();
  const startUs = nowUs();
  const began = Date.now();
  await work();
  const seconds = (Date.now() - began) / 1000;
  const window = { name, startUs, endUs: nowUs(), cases };
  return { seconds, cpu: cpuSince(before, system.cpu()), window };
}

/** A column of the report: one system's run. */
interface Column {
  rate: number;
  completion: number[];
  /** CPU ms per case by row key (see CPU_ROWS); absent where the system has no such process. */
  cpuMs: Partial<Record<CpuRow, number>>;
  historyEvents?: number;
  /** Workflow tasks that timed out or failed and local activities retried, in all the run's histories (stalls). */
  troubledTasks?: number;
  /** Encoded size of a case's Temporal history. */
  historyKiB?: number;
  db?: DbWrites;
  replay?: { perSecond: number; eventsPerSecond: number };
}

type CpuRow = 'bench' | 'api' | 'worker' | 'jvm' | 'temporal' | 'postgres';

function cpuColumns(used: CpuSample, cases: number, separate: boolean): Partial<Record<CpuRow, number>> {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : (seconds * 1000) / cases);
  const columns: Partial<Record<CpuRow, number>> = {
    bench: ms(used.node),
    temporal: ms(used.temporal),
    postgres: ms(used.postgres),
  };
  if (separate) {
    columns.api = ms(used.api);
    // Each run uses one of the two workers; the other idles, as it does inside the one process.
    columns.worker = ms((used.worker ?? 0) + (used.baselineWorker ?? 0));
  }
  return columns;
}

/** The activity type of a local activity's marker (the core records it as JSON in the marker's `data`). */
function localActivityOf(event: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
  if (!data) return undefined;
  try {
    return (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const cases = numberArg('cases', 40);
  const concurrency = numberArg('concurrency', 8);
  const warmup = numberArg('warmup', cases);
  const profile = flagArg('profile');
  const processesAt = process.argv.indexOf('--processes');
  const processes = processesAt >= 0 ? process.argv[processesAt + 1] : 'one';
  if (processes !== 'one' && processes !== 'separate') throw new Error('--processes is one or separate');
  // Per-process profiles need the API and the worker in processes of their own.
  const separate = profile || processes === 'separate';
  const rawProfiles = join(PROFILE_DIR, 'raw');
  if (profile) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(join(rawProfiles, 'bench'), { recursive: true });
  }
  const log = (line: string) => console.log(`[bench] ${line}`);
  const classpath = buildFlowablePeer(log);

  const teardown = new Teardown();
  process.once('SIGINT', () => void teardown.run().then(() => process.exit(130)));
  const system: BenchSystem = separate
    ? await startProcessStack({
        teardown,
        statements: profile,
        logDir: join(REPO_ROOT, 'dist-bench', 'logs'),
        ...(profile ? { profileDir: rawProfiles } : {}),
      })
    : await startBenchStack({ teardown, statements: profile });
  let parts: ProfileParts | undefined;
  try {
    parts = await benchmark(system, { cases, concurrency, warmup, profile, separate, classpath, teardown, log });
  } finally {
    await teardown.run();
  }
  if (parts) {
    // The children wrote their profiles as they exited (the teardown): now they can be read.
    writeFileSync(join(PROFILE_DIR, 'run.json'), JSON.stringify(parts));
    await writeProfileSummary(PROFILE_DIR, parts);
    log(`profiles in ${rawProfiles}; summary in ${join(PROFILE_DIR, 'summary.md')}, the top 15 in top15.md`);
  }
}

interface BenchOptions {
  cases: number;
  concurrency: number;
  warmup: number;
  profile: boolean;
  separate: boolean;
  classpath: string;
  teardown: Teardown;
  log: (line: string) => void;
}

async function benchmark(system: BenchSystem, options: BenchOptions): Promise<ProfileParts | undefined> {
  const { cases, concurrency, warmup, profile, separate, log } = options;
  const { client, call } = system;
  const documents = landAndStartDocuments();
  const run = `${Date.now()}`;
  const onewindowDb = system.databaseUrl;
  const adminDb = databaseUrl(onewindowDb, 'postgres');
  const settle = () => new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));

  // The load generator profiles itself with V8's profiler (the inspector), as --cpu-prof profiles the children.
  const profiler = profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    await profiler.post('Profiler.start');
  }

  await system.startBaselineWorker();

  // --- Flowable: its own database on the same server; the JVM builds the engine and runs its warm-up cases now,
  // then idles (no job executor) until its measured run, after the others.
  await withClient(adminDb, (db) => db.query(`CREATE DATABASE ${FLOWABLE_DATABASE}`));
  const jdbc = new URL(onewindowDb);
  const peer: FlowablePeer = await startFlowablePeer({
    classpath: options.classpath,
    dir: join(REPO_ROOT, 'dist-bench', 'flowable'),
    catalog: defaultCatalog(),
    templateId: 'land-and-start',
    commands: LAND_AND_START_COMMANDS,
    start: {
      applicantName: APPLICANT.name,
      creditCode: APPLICANT.creditCode,
      projectName: '基准项目 {index}',
      documents: JSON.stringify(documents),
    },
    jdbc: {
      url: `jdbc:postgresql://${jdbc.hostname}:${jdbc.port}/${FLOWABLE_DATABASE}`,
      user: decodeURIComponent(jdbc.username),
      password: decodeURIComponent(jdbc.password),
    },
    cases,
    concurrency,
    warmup,
  });
  options.teardown.add('Flowable peer', () => peer.stop());
  log(
    `Flowable ready: engine ${peer.ready.engineSeconds.toFixed(1)} s, ${peer.ready.warmupCases} warm-up cases in ${peer.ready.warmupSeconds.toFixed(1)} s; its first case opened the steps in OneWindow's order`,
  );

  // --- OneWindow: HTTP → Nest → Temporal → decider → projection to Postgres.
  /**
   * One case over HTTP: the start, the acceptance, one signal (timed until GET /v1/cases/{id} shows its effect when
   * `timeVisible`), the other commands as updates, until the workflow has completed.
   */
  const httpCase = async (caseId: string, index: number, timeVisible: boolean, into: HttpLatency) => {
    const began = Date.now();
    await call('window', 'POST', '/v1/cases', {
      caseId,
      templateId: 'land-and-start',
      applicant: APPLICANT,
      project: { name: `基准项目 ${index}` },
      documents,
    });
    into.start.push(Date.now() - began);
    for (const [position, command] of LAND_AND_START_COMMANDS.entries()) {
      const body = commandBody(command, `BENCH-${index}`);
      if (position === SIGNALLED) {
        const sent = Date.now();
        await call(command.role, 'POST', `/v1/cases/${caseId}/signals/${command.message}`, body);
        if (!timeVisible) continue;
        for (;;) {
          const view = (await call('auditor', 'GET', `/v1/cases/${caseId}`)) as CaseView;
          if (view.steps.find((step) => step.stepId === command.stepId)?.status === 'agreed') break;
          // Paced, so the poll does not eat the CPU the measured system shares with it.
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        into.visible.push(Date.now() - sent);
        continue;
      }
      for (let attempt = 0; ; attempt += 1) {
        try {
          await call(command.role, 'POST', `/v1/cases/${caseId}/updates/${command.message}`, body);
          break;
        } catch (error) {
          // Only the first message can meet a case still loading its context.
          if (position > 0 || attempt > 50 || !String(error).includes('case-starting')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }
    await client.workflow.getHandle(caseWorkflowId(caseId)).result();
    into.completion.push(Date.now() - began);
  };
  const baselineCase = async (workflowId: string, sizes?: PayloadSizes | 'local') => {
    const began = Date.now();
    const handle = await client.workflow.start(sizes && sizes !== 'local' ? 'baselinePayloadCase' : 'baselineCase', {
      taskQueue: BASELINE_TASK_QUEUE,
      workflowId,
      args:
        sizes === 'local'
          ? [COMMANDS_PER_CASE, { local: true }]
          : sizes
            ? [COMMANDS_PER_CASE, sizes]
            : [COMMANDS_PER_CASE],
    });
    for (let command = 0; command < COMMANDS_PER_CASE; command += 1) {
      await handle.executeUpdate(baselineCommandUpdate, { args: [`c${command}`] });
    }
    await handle.result();
    return Date.now() - began;
  };

  // --- Warm-up, not measured: the API, the case worker and the workflow code (for the client run too), and the
  // baseline, as the Flowable driver warmed its JVM. The API keys are made first (one row each, not the cases').
  for (const role of new Set(['auditor', ...LAND_AND_START_COMMANDS.map((command) => command.role)])) {
    await system.token(role);
  }
  const discard: HttpLatency = { start: [], visible: [], completion: [] };
  await pool(warmup, concurrency, (index) => httpCase(`WARMUP-${run}-${index}`, index, false, discard));
  await pool(warmup, concurrency, (index) => baselineCase(`baseline-warmup-${run}-${index}`));
  log(`warm-up done: ${warmup} cases each`);

  const loadAtStart = loadavg()[0] ?? NaN;
  /** Row counts are read after the counters have settled (see STATS_SETTLE_MS); statements reset just before. */
  const writesOf = async (url: string, work: () => Promise<Measured>) => {
    await settle();
    const before: DbSnapshot = await dbSnapshot(url);
    if (profile) await resetStatements(adminDb);
    const measured = await work();
    const statements: StatementStats[] = profile
      ? await statementsOf(adminDb, url === onewindowDb ? ONEWINDOW_DATABASE : FLOWABLE_DATABASE)
      : [];
    return { measured, statements, before };
  };

  let requestsBefore = 0;
  const startLatency: number[] = [];
  const visibleLatency: number[] = [];
  const oursCompletion: number[] = [];
  // One case in LATENCY_SAMPLE times its signal until the read model shows it.
  const http = await writesOf(onewindowDb, () =>
    measure(system, 'OneWindow over HTTP', cases, () => {
      requestsBefore = system.requests();
      return pool(cases, concurrency, (index) =>
        httpCase(`BENCH-${run}-${index}`, index, index % LATENCY_SAMPLE === 0, {
          start: startLatency,
          visible: visibleLatency,
          completion: oursCompletion,
        }),
      ).then(() => undefined);
    }),
  );
  const httpRequests = system.requests() - requestsBefore;
  const rssAfterHttp = Object.entries(system.nodePids()).map(
    ([role, pid]) => `${role} ${(processUsage(pid).rss / 2 ** 20).toFixed(0)} MiB`,
  );
  const serverRss = system.temporalPid ? processUsage(system.temporalPid).rss : NaN;
  await settle();
  const httpWrites = writesBetween(http.before, await dbSnapshot(onewindowDb));

  // --- Latency at half the load the HTTP run sustained: cases arrive at half its rate (open loop, not a fixed
  // number in flight), each timing its start and its signal until GET /v1/cases/{id} shows it.
  const halfRate = cases / http.measured.seconds / 2;
  const half: HttpLatency = { start: [], visible: [], completion: [] };
  const halfBegan = Date.now();
  await Promise.all(
    Array.from({ length: cases }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, halfBegan + (index * 1000) / halfRate - Date.now()));
      await httpCase(`HALF-${run}-${index}`, index, true, half);
    }),
  );

  // --- The same workflow driven by the Temporal client, as the API would (no HTTP, Nest, auth or pre-check).
  const directCompletion: number[] = [];
  const direct = await writesOf(onewindowDb, () =>
    measure(system, 'OneWindow workflow via the client', cases, () =>
      pool(cases, concurrency, async (index) => {
        const caseId = `DIRECT-${run}-${index}`;
        const began = Date.now();
        const input: CaseStartInput = {
          caseId,
          templateId: 'land-and-start',
          applicant: APPLICANT,
          project: { name: `基准项目 ${index}` },
          documents,
          receivedAt: new Date().toISOString(),
          actor: actorOf('window'),
          commandId: randomUUID(),
        };
        const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
          taskQueue: system.taskQueue,
          workflowId: caseWorkflowId(caseId),
          args: [input],
        });
        for (const command of LAND_AND_START_COMMANDS) {
          const outcome = await updateWhenStarted(handle, command, `DIRECT-${index}`);
          if (!outcome.ok) throw new Error(`${command.message}: ${outcome.rejection.code}`);
        }
        await handle.result();
        directCompletion.push(Date.now() - began);
      }).then(() => undefined),
    ),
  );
  await settle();
  const directWrites = writesBetween(direct.before, await dbSnapshot(onewindowDb));

  // --- Baseline: the same number of updates, activities and timers on bare Temporal, driven by the client.
  const baselineCompletion: number[] = [];
  const baseline = await measure(system, 'bare Temporal baseline', cases, () =>
    pool(cases, concurrency, async (index) => {
      baselineCompletion.push(await baselineCase(`baseline-${run}-${index}`));
    }).then(() => undefined),
  );

  // --- Flowable: the same cases, commands and history kept, the job executor polling for due timers meanwhile.
  const flowableDb = databaseUrl(onewindowDb, FLOWABLE_DATABASE);
  let flowableCompletion: number[] = [];
  let jvmCpuSeconds = 0;
  const flowable = await writesOf(flowableDb, async () => {
    const jvmBefore = processUsage(peer.pid).cpuSeconds;
    const measured = await measure(system, 'Flowable (embedded)', cases, async () => {
      flowableCompletion = (await peer.run()).completionMs;
    });
    jvmCpuSeconds = processUsage(peer.pid).cpuSeconds - jvmBefore;
    return measured;
  });
  const jvmRss = processUsage(peer.pid).rss;
  // The JVM's connections close as it exits; their backends report their counters as they end.
  await peer.stop();
  await waitForNoSessions(adminDb, FLOWABLE_DATABASE);
  const flowableWrites = writesBetween(flowable.before, await dbSnapshot(flowableDb));

  const historyOf = (workflowId: string) => client.workflow.getHandle(workflowId).fetchHistory();
  /** Events and encoded bytes of every history, per case, and the bytes of the first one by event type. */
  const histories = async (ids: string[]) => {
    const fetched = await Promise.all(
      ids.map(async (workflowId) => ({ workflowId, history: await historyOf(workflowId) })),
    );
    const bytes = fetched.reduce((sum, { history }) => sum + HISTORY.encode(history).finish().byteLength, 0);
    const events = fetched.reduce((sum, { history }) => sum + (history.events?.length ?? 0), 0);
    // Workflow tasks that timed out or failed: each one a stall of seconds for its case (10 s task timeout).
    // Local activities that needed more than one attempt: each retry waits a second or more.
    const retriedLocally = (event: temporal.api.history.v1.IHistoryEvent) => {
      const data = localActivityOf(event)
        ? event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data
        : undefined;
      return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { attempt?: number }).attempt !== 1 : false;
    };
    const troubled = fetched.reduce(
      (sum, { history }) =>
        sum +
        (history.events ?? []).filter(
          (event) =>
            event.workflowTaskTimedOutEventAttributes ??
            event.workflowTaskFailedEventAttributes ??
            retriedLocally(event),
        ).length,
      0,
    );
    const firstTroubled = fetched.find(({ history }) =>
      (history.events ?? []).some(
        (event) =>
          event.workflowTaskTimedOutEventAttributes ?? event.workflowTaskFailedEventAttributes ?? retriedLocally(event),
      ),
    );
    if (firstTroubled) {
      // What happened around the stall, for whoever reads the log (the servers are gone after the run).
      const lines = (firstTroubled.history.events ?? []).map((event) => {
        const failed = event.workflowTaskFailedEventAttributes;
        const timedOut = event.workflowTaskTimedOutEventAttributes;
        const local = localActivityOf(event);
        const detail = failed
          ? ` cause=${failed.cause ?? ''} ${failed.failure?.message ?? ''}`
          : timedOut
            ? ` timeout=${timedOut.timeoutType ?? ''}`
            : local
              ? ` ${local}${retriedLocally(event) ? ' (retried)' : ''}`
              : '';
        const identity =
          event.workflowTaskStartedEventAttributes?.identity ?? event.workflowTaskCompletedEventAttributes?.identity;
        return `${String(event.eventId)} ${EVENT_TYPE[event.eventType ?? 0] ?? ''} ${new Date(Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6)).toISOString()}${identity ? ` ${identity}` : ''}${detail}`;
      });
      console.log(
        `[bench] ${troubled} stalls (workflow tasks timed out or failed, local activities retried); the first history with one, ${firstTroubled.workflowId}:\n${lines.join('\n')}`,
      );
    }
    const byType = new Map<string, number>();
    // An activity's events are named with its type: which activity's inputs and results the history carries.
    const activityOf = new Map<string, string>();
    for (const event of fetched[0]?.history.events ?? []) {
      let type = EVENT_TYPE[event.eventType ?? 0] ?? String(event.eventType);
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled) activityOf.set(String(event.eventId), scheduled);
      const activity =
        scheduled ??
        localActivityOf(event) ??
        activityOf.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId ?? '')) ??
        activityOf.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId ?? ''));
      if (activity) type = `${type} (${activity})`;
      byType.set(type, (byType.get(type) ?? 0) + EVENT.encode(event).finish().byteLength);
    }
    // What the first case's workflow recorded as payloads: its activities' inputs and results, and its own result.
    const payloadBytes = (payloads?: { payloads?: Array<{ data?: Uint8Array | null }> | null } | null) =>
      (payloads?.payloads ?? []).reduce((sum, payload) => sum + (payload.data?.byteLength ?? 0), 0);
    const payloads = { scheduled: new Map<string, number>(), completed: new Map<string, number>(), result: 0 };
    for (const event of fetched[0]?.history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      const completed = event.activityTaskCompletedEventAttributes;
      const add = (map: Map<string, number>, key: string | undefined, bytes: number) =>
        key && map.set(key, (map.get(key) ?? 0) + bytes);
      add(payloads.scheduled, scheduled?.activityType?.name ?? undefined, payloadBytes(scheduled?.input));
      // A local activity's marker holds its result, not its input.
      add(
        payloads.completed,
        localActivityOf(event),
        payloadBytes(event.markerRecordedEventAttributes?.details?.result),
      );
      add(
        payloads.completed,
        activityOf.get(String(completed?.scheduledEventId ?? '')),
        payloadBytes(completed?.result),
      );
      payloads.result += payloadBytes(event.workflowExecutionCompletedEventAttributes?.result);
    }
    return {
      fetched,
      eventsPerCase: events / ids.length,
      kibPerCase: bytes / 1024 / ids.length,
      troubledTasks: troubled,
      byType,
      payloads,
    };
  };
  // --- Replay throughput: every history of the run, replayed against the workflow code that wrote it. Each code is
  // bundled before the clock starts (a replayer builds its bundle once: the API's audit replay, `npm run
  // audit:replay`); until 2026-12-03 the bundling was timed too, and webpack of OneWindow's larger code weighed on
  // its ratio more than the replay did.
  const replay = async (
    fetched: Awaited<ReturnType<typeof histories>>['fetched'],
    replayOptions: Parameters<typeof Worker.runReplayHistories>[0],
  ) => {
    const events = fetched.reduce((sum, { history }) => sum + (history.events?.length ?? 0), 0);
    const began = Date.now();
    let failed = 0;
    for await (const result of Worker.runReplayHistories(replayOptions, fetched)) if (result.error) failed += 1;
    const seconds = (Date.now() - began) / 1000;
    return { perSecond: fetched.length / seconds, eventsPerSecond: events / seconds, failed };
  };
  const ids = (prefix: string) => Array.from({ length: cases }, (_, index) => `${prefix}-${run}-${index}`);
  const httpHistories = await histories(ids('BENCH').map(caseWorkflowId));
  const directHistories = await histories(ids('DIRECT').map(caseWorkflowId));
  const baselineHistories = await histories(ids('baseline'));
  // --- Optionally, bare Temporal carrying the payload sizes OneWindow's workflow recorded: what the bytes alone cost.
  let payloadBaseline: { sizes: PayloadSizes; measured: Measured; rate: number; kib: number } | undefined;
  if (flagArg('payload-baseline')) {
    const { payloads } = directHistories;
    const sizes: PayloadSizes = {
      context: payloads.completed.get('loadCaseContext') ?? 0,
      perCommand: Math.round(
        ((payloads.scheduled.get('recordCaseEvents') ?? 0) + (payloads.completed.get('recordCaseEvents') ?? 0)) /
          COMMANDS_PER_CASE,
      ),
      result: payloads.result,
    };
    await pool(warmup, concurrency, (index) => baselineCase(`payload-warmup-${run}-${index}`, sizes));
    const measured = await measure(system, 'bare Temporal with OneWindow payload sizes', cases, () =>
      pool(cases, concurrency, (index) => baselineCase(`payload-${run}-${index}`, sizes)).then(() => undefined),
    );
    const kib = (await histories(ids('payload'))).kibPerCase;
    payloadBaseline = { sizes, measured, rate: cases / measured.seconds, kib };
  }
  // --- Optionally, bare Temporal recording through a local activity, as OneWindow's workflow does since 2026-12-03.
  let localBaseline: { measured: Measured; rate: number; kib: number; events: number } | undefined;
  if (flagArg('local-baseline')) {
    await pool(warmup, concurrency, (index) => baselineCase(`local-warmup-${run}-${index}`, 'local'));
    const measured = await measure(system, 'bare Temporal with a local activity', cases, () =>
      pool(cases, concurrency, (index) => baselineCase(`local-${run}-${index}`, 'local')).then(() => undefined),
    );
    const local = await histories(ids('local'));
    localBaseline = { measured, rate: cases / measured.seconds, kib: local.kibPerCase, events: local.eventsPerCase };
  }
  const oursBundle = await bundleCaseWorkflows();
  const baselineBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline.workflow') });
  const oursReplay = await replay(httpHistories.fetched, { workflowBundle: oursBundle, replayName: 'bench-ours' });
  const baselineReplay = await replay(baselineHistories.fetched, {
    workflowBundle: baselineBundle,
    replayName: 'bench-baseline',
  });
  if (oursReplay.failed + baselineReplay.failed > 0) {
    throw new Error(`replay diverged: ${oursReplay.failed} OneWindow and ${baselineReplay.failed} baseline histories`);
  }

  const columns: Record<'http' | 'direct' | 'flowable' | 'baseline', Column> = {
    http: {
      rate: cases / http.measured.seconds,
      completion: oursCompletion,
      cpuMs: cpuColumns(http.measured.cpu, cases, separate),
      historyEvents: httpHistories.eventsPerCase,
      historyKiB: httpHistories.kibPerCase,
      troubledTasks: httpHistories.troubledTasks,
      db: httpWrites,
      replay: oursReplay,
    },
    direct: {
      rate: cases / direct.measured.seconds,
      completion: directCompletion,
      cpuMs: cpuColumns(direct.measured.cpu, cases, separate),
      historyEvents: directHistories.eventsPerCase,
      historyKiB: directHistories.kibPerCase,
      troubledTasks: directHistories.troubledTasks,
      db: directWrites,
    },
    flowable: {
      rate: cases / flowable.measured.seconds,
      completion: flowableCompletion,
      cpuMs: {
        jvm: (jvmCpuSeconds * 1000) / cases,
        postgres: (flowable.measured.cpu.postgres * 1000) / cases,
      },
      db: flowableWrites,
    },
    baseline: {
      rate: cases / baseline.seconds,
      completion: baselineCompletion,
      cpuMs: cpuColumns(baseline.cpu, cases, separate),
      historyEvents: baselineHistories.eventsPerCase,
      historyKiB: baselineHistories.kibPerCase,
      troubledTasks: baselineHistories.troubledTasks,
      replay: baselineReplay,
    },
  };

  const report = [
    `## Run of ${new Date().toISOString()}: ${cases} land-and-start cases, concurrency ${concurrency}`,
    '',
    `Command: \`npm run bench -- --cases ${cases} --concurrency ${concurrency}${warmup === cases ? '' : ` --warmup ${warmup}`}${profile ? ' --profile' : separate ? ' --processes separate' : ''}\` (${separate ? 'the API, the case worker and the baseline worker each in its own Node process, this one the load generator' : 'one Node process: workers, API, load generator'}; Temporal dev server in memory; embedded Postgres; Flowable ${'7.1.0'} in its own JVM on the same Postgres, database \`${FLOWABLE_DATABASE}\`). Each system first ran ${warmup} warm-up cases, not measured.`,
    '',
    ...mainTable(columns, cases, separate),
    '',
    `History of one case by event type, KiB (the largest; OneWindow via the client / bare Temporal): ${historyBreakdown(directHistories.byType, baselineHistories.byType)}.`,
    '',
    ...(payloadBaseline ? payloadTable(payloadBaseline, columns.baseline, cases, separate) : []),
    ...(localBaseline ? localTable(localBaseline, columns.baseline, columns.direct, cases, separate) : []),
    `OneWindow over HTTP: ${(httpRequests / cases).toFixed(1)} HTTP requests per case (the start, ${COMMANDS_PER_CASE} messages, and the polls of GET /v1/cases/{id}).`,
    '',
    '| OneWindow over HTTP only | p50 | p99 |',
    '|---|---|---|',
    `| start latency, POST /v1/cases (ms) | ${percentile(startLatency, 50)} | ${percentile(startLatency, 99)} |`,
    `| signal → visible in GET /v1/cases/{id} (ms, polled every ${POLL_MS} ms, one case in ${LATENCY_SAMPLE}) | ${percentile(visibleLatency, 50)} | ${percentile(visibleLatency, 99)} |`,
    '',
    `At half the load the HTTP run sustained (${halfRate.toFixed(2)} cases arriving per second, ${cases} cases, each signal timed):`,
    '',
    '| OneWindow over HTTP at half load | p50 | p99 |',
    '|---|---|---|',
    `| start latency, POST /v1/cases (ms) | ${percentile(half.start, 50)} | ${percentile(half.start, 99)} |`,
    `| signal → visible in GET /v1/cases/{id} (ms, polled every ${POLL_MS} ms) | ${percentile(half.visible, 50)} | ${percentile(half.visible, 99)} |`,
    `| completion time per case (ms) | ${percentile(half.completion, 50)} | ${percentile(half.completion, 99)} |`,
    '',
    `Machine: ${cpus().length} cores, load average (1 min) ${loadAtStart.toFixed(1)} when the measured runs began, ${loadavg()[0].toFixed(1)} at the end (other work on the machine shows here; compare ratios).`,
    '',
    `Memory after the HTTP run (RSS): ${rssAfterHttp.join(', ')}; Temporal dev server ${(serverRss / 2 ** 20).toFixed(0)} MiB. Flowable's JVM after its run: ${(jvmRss / 2 ** 20).toFixed(0)} MiB.`,
    '',
    `Each case: start, ${COMMANDS_PER_CASE} commands (over HTTP: ${COMMANDS_PER_CASE - 1} updates and 1 signal; via the client: ${COMMANDS_PER_CASE} updates), each decided and projected to Postgres with the hash chain. Flowable: the process started with the same application data, ${COMMANDS_PER_CASE} user tasks (each found by its case, key and candidate group) completed with the same payloads, the end checked in the history; history level full, a timer job per open task. The baseline workflow takes ${COMMANDS_PER_CASE} updates, hands them to a no-op activity in batches and waits on a timer between messages.`,
    '',
    ...tablesWritten(columns, cases),
    '',
  ].join('\n');
  console.log(report);
  writeFileSync(join(REPO_ROOT, 'bench', 'last-run.md'), report);

  if (!profiler) return undefined;
  const { profile: own } = await profiler.post('Profiler.stop');
  writeFileSync(join(PROFILE_DIR, 'raw', 'bench', `CPU.bench.${process.pid}.0.001.cpuprofile`), JSON.stringify(own));
  profiler.disconnect();
  const measuredRuns = [
    http.measured,
    direct.measured,
    baseline,
    ...(payloadBaseline ? [payloadBaseline.measured] : []),
    ...(localBaseline ? [localBaseline.measured] : []),
  ];
  const perCase = (seconds: number | undefined) => (seconds === undefined ? undefined : (seconds * 1000) / cases);
  return {
    intervalUs: PROFILE_INTERVAL_US,
    windows: measuredRuns.map((measured) => measured.window),
    processCpuMs: Object.fromEntries(
      measuredRuns.map((measured) => [
        measured.window.name,
        {
          bench: perCase(measured.cpu.node),
          api: perCase(measured.cpu.api),
          worker: perCase(measured.cpu.worker),
          baselineWorker: perCase(measured.cpu.baselineWorker),
        },
      ]),
    ),
    header: [
      `# Profiles of the run of ${new Date().toISOString()}`,
      '',
      report,
      '## Postgres statements (pg_stat_statements), per measured run',
      '',
      ...statementsReport('OneWindow over HTTP', http.statements, cases, 25),
      ...statementsReport('OneWindow workflow via the client', direct.statements, cases, 25),
      ...statementsReport('Flowable (embedded)', flowable.statements, cases, 25),
      '# CPU profiles: self time per function, per process and thread',
      '',
      `Samples every ${PROFILE_INTERVAL_US} µs (--cpu-prof in the API and the workers, the inspector's profiler in the load generator), counted inside each run's span; self = the function at the top of the stack, total = anywhere on it (once per sample). Raw profiles: bench/profiles/raw/<process>/ (Chrome DevTools or speedscope open them).`,
      '',
    ],
  };
}

const num = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
/** value / base; none when either is missing or the base shows as 0 (bare Temporal's Postgres CPU). */
const ratio = (value: number | undefined, base: number | undefined, digits = 0) =>
  value === undefined ||
  base === undefined ||
  Number.isNaN(value) ||
  Number.isNaN(base) ||
  num(base, digits) === num(0, digits)
    ? '–'
    : (value / base).toFixed(2);

/** Bare Temporal as measured beside bare Temporal carrying OneWindow's payload sizes (`--payload-baseline`). */
function payloadTable(
  padded: { sizes: PayloadSizes; measured: Measured; rate: number; kib: number },
  bare: Column,
  cases: number,
  separate: boolean,
): string[] {
  const cpu = cpuColumns(padded.measured.cpu, cases, separate);
  const total = (columns: Partial<Record<CpuRow, number>>) =>
    Object.values(columns).reduce((sum, value) => sum + (value ?? 0), 0);
  const line = (measure: string, value: number | undefined, base: number | undefined, digits = 0) =>
    `| ${measure} | ${num(base, digits)} | ${num(value, digits)} | ${ratio(value, base, digits)} |`;
  const worker: CpuRow = separate ? 'worker' : 'bench';
  return [
    `Bare Temporal carrying the payloads OneWindow's workflow recorded (\`--payload-baseline\`: a ${(padded.sizes.context / 1024).toFixed(1)} KiB context loaded by an activity, ${(padded.sizes.perCommand / 1024).toFixed(1)} KiB recorded per command, a ${(padded.sizes.result / 1024).toFixed(1)} KiB result; no logic):`,
    '',
    '| measure | bare Temporal | bare Temporal with OneWindow payload sizes | ratio |',
    '|---|---|---|---|',
    line('cases completed per second', padded.rate, bare.rate, 2),
    line('Temporal history per case (KiB, encoded)', padded.kib, bare.historyKiB, 1),
    line(`CPU ms per case: ${separate ? 'worker processes' : 'bench process'}`, cpu[worker], bare.cpuMs[worker]),
    line('CPU ms per case: Temporal dev server', cpu.temporal, bare.cpuMs.temporal),
    line('CPU ms per case, all processes', total(cpu), total(bare.cpuMs)),
    '',
  ];
}

/**
 * Bare Temporal beside bare Temporal recording through a local activity (`--local-baseline`), and OneWindow via the
 * client against each: how much of OneWindow's gain is the Temporal feature itself.
 */
function localTable(
  local: { measured: Measured; rate: number; kib: number; events: number },
  bare: Column,
  direct: Column,
  cases: number,
  separate: boolean,
): string[] {
  const cpu = cpuColumns(local.measured.cpu, cases, separate);
  const total = (columns: Partial<Record<CpuRow, number>>) =>
    Object.values(columns).reduce((sum, value) => sum + (value ?? 0), 0);
  const line = (measure: string, values: Array<number | undefined>, digits = 0) => {
    const [base, withLocal, ours] = values;
    return `| ${measure} | ${values.map((value) => num(value, digits)).join(' | ')} | ${ratio(withLocal, base, digits)} | ${ratio(ours, base, digits)} | ${ratio(ours, withLocal, digits)} |`;
  };
  const worker: CpuRow = separate ? 'worker' : 'bench';
  return [
    'Bare Temporal recording through a local activity (`--local-baseline`: the same workflow, its records handed to a local activity instead of an activity, as OneWindow writes its projection):',
    '',
    '| measure | bare Temporal | bare Temporal, local activity | OneWindow via the client | local / bare | client / bare | client / local |',
    '|---|---|---|---|---|---|---|',
    line('cases completed per second', [bare.rate, local.rate, direct.rate], 2),
    line('Temporal history events per case', [bare.historyEvents, local.events, direct.historyEvents]),
    line('Temporal history per case (KiB, encoded)', [bare.historyKiB, local.kib, direct.historyKiB], 1),
    line(`CPU ms per case: ${separate ? 'worker processes' : 'bench process'}`, [
      bare.cpuMs[worker],
      cpu[worker],
      direct.cpuMs[worker],
    ]),
    line('CPU ms per case: Temporal dev server', [bare.cpuMs.temporal, cpu.temporal, direct.cpuMs.temporal]),
    line('CPU ms per case, all processes', [total(bare.cpuMs), total(cpu), total(direct.cpuMs)]),
    '',
  ];
}

/**
 * `EventType (activity) 12.3 / 4.5, …` for OneWindow's history beside the baseline's (the baseline summed over its
 * own activity), the largest first.
 */
function historyBreakdown(ours: Map<string, number>, base: Map<string, number>): string {
  const parse = (type: string) => {
    const [, event = type, activity] = /^EVENT_TYPE_(\w+?)(?: \((\w+)\))?$/.exec(type) ?? [];
    const name = event.toLowerCase().replace(/(^|_)(\w)/g, (_match, _start, letter: string) => letter.toUpperCase());
    return { event: name, label: activity ? `${name} (${activity})` : name };
  };
  const baseByEvent = new Map<string, number>();
  for (const [type, bytes] of base) {
    const { event } = parse(type);
    baseByEvent.set(event, (baseByEvent.get(event) ?? 0) + bytes);
  }
  return [...ours]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([type, bytes]) => {
      const { event, label } = parse(type);
      return `${label} ${(bytes / 1024).toFixed(1)} / ${((baseByEvent.get(event) ?? 0) / 1024).toFixed(1)}`;
    })
    .join(', ');
}

/** One table: the four systems, then HTTP / bare, client / bare, Flowable / bare, client / Flowable. */
function mainTable(
  columns: Record<'http' | 'direct' | 'flowable' | 'baseline', Column>,
  cases: number,
  separate: boolean,
): string[] {
  const { http, direct, flowable, baseline } = columns;
  const row = (measure: string, pick: (column: Column) => number | undefined, digits = 0) => {
    const [h, d, f, b] = [http, direct, flowable, baseline].map(pick);
    const r = (value: number | undefined, base: number | undefined) => ratio(value, base, digits);
    return `| ${measure} | ${num(h, digits)} | ${num(d, digits)} | ${num(f, digits)} | ${num(b, digits)} | ${r(h, b)} | ${r(d, b)} | ${r(f, b)} | ${r(d, f)} |`;
  };
  const cpuRows: Array<[CpuRow, string]> = separate
    ? [
        ['api', 'API process (Node)'],
        ['worker', 'worker processes (Node: the case worker and the baseline worker, one of them idle)'],
        ['bench', 'load generator (Node, the bench process)'],
      ]
    : [['bench', 'bench process (Node: API, workers, load generator)']];
  cpuRows.push(
    ['jvm', 'JVM (Flowable engine and its driver)'],
    ['temporal', 'Temporal dev server'],
    ['postgres', 'Postgres'],
  );
  const total = (column: Column) => Object.values(column.cpuMs).reduce((sum, value) => sum + (value ?? 0), 0);
  const perCase = (pick: (writes: DbWrites) => number) => (column: Column) =>
    column.db ? pick(column.db) / cases : undefined;
  return [
    '| measure | OneWindow over HTTP | OneWindow workflow via the client | Flowable 7.1 embedded | bare Temporal baseline | HTTP / bare | client / bare | Flowable / bare | client / Flowable |',
    '|---|---|---|---|---|---|---|---|---|',
    row('cases completed per second', (column) => column.rate, 2),
    row('completion time per case, p50 (ms)', (column) => percentile(column.completion, 50)),
    row('completion time per case, p99 (ms)', (column) => percentile(column.completion, 99)),
    row('Temporal history events per case', (column) => column.historyEvents),
    row('Temporal history per case (KiB, encoded)', (column) => column.historyKiB, 1),
    row(
      'stalls: workflow tasks timed out or failed, local activities retried (all cases)',
      (column) => column.troubledTasks,
    ),
    ...cpuRows.map(([key, label]) => row(`CPU ms per case: ${label}`, (column) => column.cpuMs[key])),
    row('CPU ms per case, all processes', total),
    row(
      'database rows inserted per case',
      perCase((writes) => writes.inserted),
      1,
    ),
    row(
      'database rows updated per case',
      perCase((writes) => writes.updated),
      1,
    ),
    row(
      'database rows deleted per case',
      perCase((writes) => writes.deleted),
      1,
    ),
    row(
      'table + index growth per case (KiB)',
      perCase((writes) => writes.bytes / 1024),
      1,
    ),
    row(
      'WAL written per case (KiB)',
      perCase((writes) => writes.walBytes / 1024),
      1,
    ),
    row('replay throughput, histories/s', (column) => column.replay?.perSecond, 1),
    row('replay throughput, events/s', (column) => column.replay?.eventsPerSecond),
  ];
}

/** Which tables each database run wrote, per case. */
function tablesWritten(columns: Record<'http' | 'direct' | 'flowable' | 'baseline', Column>, cases: number): string[] {
  const lines = ['Rows written per case, by table (pg_stat_user_tables; inserted / updated / deleted):', ''];
  for (const [name, column] of [
    ['OneWindow over HTTP', columns.http],
    ['OneWindow workflow via the client', columns.direct],
    ['Flowable', columns.flowable],
  ] as const) {
    const tables = (column.db?.tables ?? [])
      .slice(0, 12)
      .map(
        (table) =>
          `${table.table.replace(/^public\./, '')} ${num(table.inserted / cases, 1)}/${num(table.updated / cases, 1)}/${num(table.deleted / cases, 1)}`,
      );
    lines.push(`- ${name}: ${tables.join(', ')}`);
  }
  return lines;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
