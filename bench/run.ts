import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseWorkflowBundlerOptions } from '@onewindow/workflows/bundle';
import { randomUUID } from 'node:crypto';
import {
  CASE_WORKFLOW_TYPE,
  caseWorkflowId,
  messageUpdates,
  type CaseStartInput,
  type MessageName,
} from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { createBaselineActivities } from './baseline.activities';
import { baselineCommandUpdate } from './baseline.workflow';
import {
  cpuSince,
  landAndStartDocuments,
  type CpuSample,
  numberArg,
  percentile,
  pool,
  processUsage,
  startBenchStack,
} from './stack';

/**
 * `npm run bench -- --cases 40 --concurrency 8`: land-and-start cases through the HTTP API against bare Temporal
 * workflows of the same shape, on the same dev server, in this one process. Prints a markdown report (ratios are
 * what to compare: machines are noisy) and writes it to bench/last-run.md.
 */

const OPINIONS: Array<[string, string]> = [
  ['natural-resources', 'design-scheme-review'],
  ['ecology', 'eia-approval'],
  ['housing', 'drawing-review'],
  ['fire', 'fire-design-review'],
  ['civil-air-defence', 'air-defence-approval'],
];
const FORMAL: Array<[string, string]> = [
  ['natural-resources', 'land-use-planning-permit'],
  ['natural-resources', 'works-planning-permit'],
  ['housing', 'construction-permit'],
];
const CPU_LABEL = {
  node: 'bench process (API, workers, load generator)',
  temporal: 'Temporal dev server',
  postgres: 'Postgres',
};

/**
 * Polling for a signal's effect costs an HTTP request and a Temporal query per poll, load the baseline never
 * carries; so only one case in LATENCY_SAMPLE polls.
 */
const LATENCY_SAMPLE = 4;
/** Pause between two polls of GET /v1/cases/{id} while waiting for a signal's effect (the latency's resolution). */
const POLL_MS = 5;
/** Messages per case after the start: acceptance, 5 + 3 opinions, land contract, licence. */
const COMMANDS_PER_CASE = 1 + OPINIONS.length + 1 + FORMAL.length + 1;

/**
 * An update as the API sends it: until the case has loaded its context its validator refuses with `case-starting`
 * (nothing enters the history), so the first message after a start is retried after 50, 100, 200, 400 ms … as
 * `MessagesService` does, with the same update id.
 */
async function updateWhenStarted(
  handle: WorkflowHandle,
  name: MessageName,
  payload: Record<string, unknown> & { commandId: string },
) {
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    try {
      const update = await handle.startUpdate(messageUpdates[name], {
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

async function main(): Promise<void> {
  const cases = numberArg('cases', 40);
  const concurrency = numberArg('concurrency', 8);
  const stack = await startBenchStack();
  const { client, call } = stack;
  stack.addWorker(
    await Worker.create({
      connection: stack.nativeConnection,
      taskQueue: 'bench-baseline',
      workflowsPath: require.resolve('./baseline.workflow'),
      activities: createBaselineActivities(),
    }),
  );
  const documents = landAndStartDocuments();
  const run = `${Date.now()}`;

  // --- OneWindow: HTTP → Nest → Temporal → decider → projection to Postgres.
  const startLatency: number[] = [];
  const visibleLatency: number[] = [];
  const oursCompletion: number[] = [];
  /**
   * One case over HTTP: the start, the acceptance, one signal (timed until GET /v1/cases/{id} shows its effect when
   * `timeVisible`), the other commands as updates, until the workflow has completed.
   */
  const httpCase = async (caseId: string, index: number, timeVisible: boolean, into: HttpLatency) => {
    const began = Date.now();
    await call('window', 'POST', '/v1/cases', {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '基准测试公司', creditCode: '91310000MA1FLBENCH' },
      project: { name: `基准项目 ${index}` },
      documents,
    });
    into.start.push(Date.now() - began);
    const update = (role: string, name: string, body: unknown) =>
      call(role, 'POST', `/v1/cases/${caseId}/updates/${name}`, body);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await update('window', 'acceptance-decided', { decision: 'accept' });
        break;
      } catch (error) {
        if (attempt > 50 || !String(error).includes('case-starting')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const [firstDept, firstStep] = OPINIONS[0];
    const sent = Date.now();
    await call(`department:${firstDept}`, 'POST', `/v1/cases/${caseId}/signals/department-opinion`, {
      stepId: firstStep,
      opinion: 'agree',
    });
    if (timeVisible) {
      for (;;) {
        const view = (await call('auditor', 'GET', `/v1/cases/${caseId}`)) as CaseView;
        if (view.steps.find((step) => step.stepId === firstStep)?.status === 'agreed') break;
        // Paced, so the poll does not eat the CPU the measured system shares with it.
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      into.visible.push(Date.now() - sent);
    }
    for (const [dept, stepId] of OPINIONS.slice(1))
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'land-contract-signed', { contractNumber: `BENCH-${index}` });
    for (const [dept, stepId] of FORMAL)
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'licence-issued', {});
    await client.workflow.getHandle(caseWorkflowId(caseId)).result();
    into.completion.push(Date.now() - began);
  };
  const oursCpu = stack.cpu();
  const oursStarted = Date.now();
  // One case in LATENCY_SAMPLE times its signal until the read model shows it.
  await pool(cases, concurrency, (index) =>
    httpCase(`BENCH-${run}-${index}`, index, index % LATENCY_SAMPLE === 0, {
      start: startLatency,
      visible: visibleLatency,
      completion: oursCompletion,
    }),
  );
  const oursSeconds = (Date.now() - oursStarted) / 1000;
  const oursCpuUsed = cpuSince(oursCpu, stack.cpu());
  const oursRss = process.memoryUsage().rss;
  const serverRss = stack.temporalPid ? processUsage(stack.temporalPid).rss : NaN;

  // --- Latency at half the load the HTTP run sustained: cases arrive at half its rate (open loop, not a fixed
  // number in flight), each timing its start and its signal until GET /v1/cases/{id} shows it.
  const halfRate = cases / oursSeconds / 2;
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
  const directCpu = stack.cpu();
  const directStarted = Date.now();
  await pool(cases, concurrency, async (index) => {
    const caseId = `DIRECT-${run}-${index}`;
    const began = Date.now();
    const actor = (role: string) =>
      role.startsWith('department:') ? { id: 'bench', role, department: role.slice(11) } : { id: 'bench', role };
    const input: CaseStartInput = {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '基准测试公司', creditCode: '91310000MA1FLBENCH' },
      project: { name: `基准项目 ${index}` },
      documents,
      receivedAt: new Date().toISOString(),
      actor: actor('window'),
      commandId: randomUUID(),
    };
    const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    const update = async (role: string, name: MessageName, body: Record<string, unknown>) => {
      const outcome = await updateWhenStarted(handle, name, { ...body, commandId: randomUUID(), actor: actor(role) });
      if (!outcome.ok) throw new Error(`${name}: ${outcome.rejection.code}`);
    };
    await update('window', 'acceptance-decided', { decision: 'accept' });
    for (const [dept, stepId] of OPINIONS)
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'land-contract-signed', { contractNumber: `DIRECT-${index}` });
    for (const [dept, stepId] of FORMAL)
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'licence-issued', {});
    await handle.result();
    directCompletion.push(Date.now() - began);
  });
  const directSeconds = (Date.now() - directStarted) / 1000;
  const directCpuUsed = cpuSince(directCpu, stack.cpu());

  // --- Baseline: the same number of updates, activities and timers on bare Temporal, driven by the client.
  const baselineCompletion: number[] = [];
  const baselineCpu = stack.cpu();
  const baselineStarted = Date.now();
  await pool(cases, concurrency, async (index) => {
    const began = Date.now();
    const handle = await client.workflow.start('baselineCase', {
      taskQueue: 'bench-baseline',
      workflowId: `baseline-${run}-${index}`,
      args: [COMMANDS_PER_CASE],
    });
    for (let command = 0; command < COMMANDS_PER_CASE; command += 1) {
      await handle.executeUpdate(baselineCommandUpdate, { args: [`c${command}`] });
    }
    await handle.result();
    baselineCompletion.push(Date.now() - began);
  });
  const baselineSeconds = (Date.now() - baselineStarted) / 1000;
  const baselineCpuUsed = cpuSince(baselineCpu, stack.cpu());
  const bothRss = process.memoryUsage().rss;

  const historyLength = async (workflowId: string) =>
    (await client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
  const oursHistory = await historyLength(caseWorkflowId(`BENCH-${run}-0`));
  const baselineHistory = await historyLength(`baseline-${run}-0`);
  // --- Replay throughput: every history of the run, replayed against the workflow code that wrote it.
  const replay = async (ids: string[], options: Parameters<typeof Worker.runReplayHistories>[0]) => {
    const histories = await Promise.all(
      ids.map(async (workflowId) => ({
        workflowId,
        history: await client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    const events = histories.reduce((sum, { history }) => sum + (history.events?.length ?? 0), 0);
    const began = Date.now();
    let failed = 0;
    for await (const result of Worker.runReplayHistories(options, histories)) if (result.error) failed += 1;
    const seconds = (Date.now() - began) / 1000;
    return { perSecond: ids.length / seconds, eventsPerSecond: events / seconds, failed };
  };
  const oursReplay = await replay(
    Array.from({ length: cases }, (_, index) => caseWorkflowId(`BENCH-${run}-${index}`)),
    { ...caseWorkflowBundlerOptions(), replayName: 'bench-ours' },
  );
  const baselineReplay = await replay(
    Array.from({ length: cases }, (_, index) => `baseline-${run}-${index}`),
    { workflowsPath: require.resolve('./baseline.workflow'), replayName: 'bench-baseline' },
  );
  if (oursReplay.failed + baselineReplay.failed > 0) {
    throw new Error(`replay diverged: ${oursReplay.failed} OneWindow and ${baselineReplay.failed} baseline histories`);
  }

  const oursRate = cases / oursSeconds;
  const directRate = cases / directSeconds;
  const baselineRate = cases / baselineSeconds;
  const directHistory = await historyLength(caseWorkflowId(`DIRECT-${run}-0`));
  const ratio = (value: number, base: number) => (value / base).toFixed(2);
  /** A row: OneWindow over HTTP, the OneWindow workflow via the client, the baseline, and both ratios. */
  const row = (measure: string, http: number, direct: number, base: number, digits = 0) =>
    `| ${measure} | ${http.toFixed(digits)} | ${direct.toFixed(digits)} | ${base.toFixed(digits)} | ${ratio(http, base)} | ${ratio(direct, base)} |`;
  const cpuMs = (used: CpuSample, component: keyof CpuSample) => (used[component] * 1000) / cases;
  const report = [
    `## Run of ${new Date().toISOString()}: ${cases} land-and-start cases, concurrency ${concurrency}`,
    '',
    `Command: \`npm run bench -- --cases ${cases} --concurrency ${concurrency}\` (one process: workers, API, load generator; Temporal dev server in memory; embedded Postgres).`,
    '',
    '| measure | OneWindow over HTTP | OneWindow workflow via the client | bare Temporal baseline | HTTP / baseline | client / baseline |',
    '|---|---|---|---|---|---|',
    row('cases completed per second', oursRate, directRate, baselineRate, 2),
    row(
      'completion time per case, p50 (ms)',
      percentile(oursCompletion, 50),
      percentile(directCompletion, 50),
      percentile(baselineCompletion, 50),
    ),
    row(
      'completion time per case, p99 (ms)',
      percentile(oursCompletion, 99),
      percentile(directCompletion, 99),
      percentile(baselineCompletion, 99),
    ),
    row('history events per case', oursHistory, directHistory, baselineHistory),
    ...(['node', 'temporal', 'postgres'] as const).map((component) =>
      row(
        `CPU ms per case: ${CPU_LABEL[component]}`,
        cpuMs(oursCpuUsed, component),
        cpuMs(directCpuUsed, component),
        cpuMs(baselineCpuUsed, component),
      ),
    ),
    row(
      'CPU ms per case, all three',
      cpuMs(oursCpuUsed, 'node') + cpuMs(oursCpuUsed, 'temporal') + cpuMs(oursCpuUsed, 'postgres'),
      cpuMs(directCpuUsed, 'node') + cpuMs(directCpuUsed, 'temporal') + cpuMs(directCpuUsed, 'postgres'),
      cpuMs(baselineCpuUsed, 'node') + cpuMs(baselineCpuUsed, 'temporal') + cpuMs(baselineCpuUsed, 'postgres'),
    ),
    `| replay throughput, histories/s (events/s) | ${oursReplay.perSecond.toFixed(1)} (${oursReplay.eventsPerSecond.toFixed(0)}) | – | ${baselineReplay.perSecond.toFixed(1)} (${baselineReplay.eventsPerSecond.toFixed(0)}) | ${ratio(oursReplay.perSecond, baselineReplay.perSecond)} | – |`,
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
    `Memory: bench process RSS ${(oursRss / 2 ** 20).toFixed(0)} MiB after the HTTP run, ${(bothRss / 2 ** 20).toFixed(0)} MiB at the end; Temporal dev server RSS ${(serverRss / 2 ** 20).toFixed(0)} MiB after the HTTP run.`,
    '',
    `Each case: start, ${COMMANDS_PER_CASE} commands (over HTTP: ${COMMANDS_PER_CASE - 1} updates and 1 signal; via the client: ${COMMANDS_PER_CASE} updates), each decided and projected to Postgres with the hash chain. The baseline workflow takes ${COMMANDS_PER_CASE} updates, hands them to a no-op activity in batches and waits on a timer between messages.`,
    '',
  ].join('\n');
  console.log(report);
  writeFileSync(join(__dirname, '..', '..', 'bench', 'last-run.md'), report);

  await stack.stop();
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
