import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../apps/api/src/app';
import { ApiKeysService } from '../apps/api/src/auth/api-keys.service';
import { startEmbeddedPostgres } from '../apps/stack/embedded-postgres';
import { freePort } from '../apps/stack/processes';
import { startTemporalDevServer } from '../apps/stack/temporal-dev-server';
import { toolPaths } from '../apps/stack/tools';
import { createCaseWorker } from '../apps/worker/src/worker';
import { defaultCatalog, mattersOfTemplate } from '../libs/catalog';
import { caseWorkflowId } from '../libs/contract';
import type { CaseView } from '../libs/domain';
import { createDataSource, migrate } from '../libs/persistence';
import { seed } from '../libs/persistence/seed';
import { createBaselineActivities } from './baseline.activities';
import { baselineCommandUpdate } from './baseline.workflow';

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
/** Messages per case after the start: acceptance, 5 + 3 opinions, land contract, licence. */
const COMMANDS_PER_CASE = 1 + OPINIONS.length + 1 + FORMAL.length + 1;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) results[index] = await task(index);
    }),
  );
  return results;
}

async function main(): Promise<void> {
  const cases = arg('cases', 40);
  const concurrency = arg('concurrency', 8);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = toolPaths().temporalCli;
  if (!cli) throw new Error('no Temporal CLI: run node scripts/bootstrap-tools.js');
  const postgres = await startEmbeddedPostgres({
    dataDir: join(tmpdir(), `onewindow-bench-pg-${randomBytes(4).toString('hex')}`),
    port: await freePort(),
    database: 'onewindow_bench',
    persistent: false,
  });
  const temporal = await startTemporalDevServer({ cli, port: await freePort() });
  await migrate(postgres.url);
  await seed(postgres.url);
  const dataSource = createDataSource(postgres.url);
  await dataSource.initialize();
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const settings = { address: temporal.address, namespace: 'default', taskQueue: 'bench-onewindow' };
  const ours = await createCaseWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: settings.taskQueue,
    dataSource,
  });
  const baseline = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'bench-baseline',
    workflowsPath: require.resolve('./baseline.workflow'),
    activities: createBaselineActivities(),
  });
  const running = [ours.run(), baseline.run()];
  const app = await createApiApp({ databaseUrl: postgres.url, temporal: settings }, { logger: false });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = app.get(ApiKeysService);
  const token: Record<string, string> = {};
  for (const role of [
    'window',
    'auditor',
    ...new Set([...OPINIONS, ...FORMAL].map(([dept]) => `department:${dept}`)),
  ]) {
    token[role] = (await keys.create(`bench ${role}`, role)).token;
  }
  const call = async (role: string, method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token[role]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const documents = [
    ...new Set(
      Object.values(mattersOfTemplate(defaultCatalog(), 'land-and-start')).flatMap((m) =>
        m.materials.map((x) => x.code),
      ),
    ),
  ]
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));
  const run = `${Date.now()}`;

  // --- OneWindow: HTTP → Nest → Temporal → decider → projection to Postgres.
  const startLatency: number[] = [];
  const visibleLatency: number[] = [];
  const oursCompletion: number[] = [];
  const oursStarted = Date.now();
  await pool(cases, concurrency, async (index) => {
    const caseId = `BENCH-${run}-${index}`;
    const began = Date.now();
    await call('window', 'POST', '/v1/cases', {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '基准测试公司', creditCode: '91310000MA1FLBENCH' },
      project: { name: `基准项目 ${index}` },
      documents,
    });
    startLatency.push(Date.now() - began);
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
    // One signal per case, timed until the query shows it.
    const [firstDept, firstStep] = OPINIONS[0];
    const sent = Date.now();
    await call(`department:${firstDept}`, 'POST', `/v1/cases/${caseId}/signals/department-opinion`, {
      stepId: firstStep,
      opinion: 'agree',
    });
    for (;;) {
      const view = (await call('auditor', 'GET', `/v1/cases/${caseId}`)) as CaseView;
      if (view.steps.find((step) => step.stepId === firstStep)?.status === 'agreed') break;
    }
    visibleLatency.push(Date.now() - sent);
    for (const [dept, stepId] of OPINIONS.slice(1))
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'land-contract-signed', { contractNumber: `BENCH-${index}` });
    for (const [dept, stepId] of FORMAL)
      await update(`department:${dept}`, 'department-opinion', { stepId, opinion: 'agree' });
    await update('window', 'licence-issued', {});
    await client.workflow.getHandle(caseWorkflowId(caseId)).result();
    oursCompletion.push(Date.now() - began);
  });
  const oursSeconds = (Date.now() - oursStarted) / 1000;
  const oursRss = process.memoryUsage().rss;

  // --- Baseline: the same number of updates, activities and timers on bare Temporal, driven by the client.
  const baselineCompletion: number[] = [];
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

  const historyLength = async (workflowId: string) =>
    (await client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
  const oursHistory = await historyLength(caseWorkflowId(`BENCH-${run}-0`));
  const baselineHistory = await historyLength(`baseline-${run}-0`);
  const oursRate = cases / oursSeconds;
  const baselineRate = cases / baselineSeconds;
  const report = [
    `## Run of ${new Date().toISOString()}: ${cases} land-and-start cases, concurrency ${concurrency}`,
    '',
    `Command: \`npm run bench -- --cases ${cases} --concurrency ${concurrency}\` (one process: worker, API, client; Temporal dev server in memory; embedded Postgres).`,
    '',
    '| measure | OneWindow | bare Temporal baseline | ratio (ours / baseline) |',
    '|---|---|---|---|',
    `| cases completed per second | ${oursRate.toFixed(2)} | ${baselineRate.toFixed(2)} | ${(oursRate / baselineRate).toFixed(2)} |`,
    `| completion time per case p50 / p99 (ms) | ${percentile(oursCompletion, 50)} / ${percentile(oursCompletion, 99)} | ${percentile(baselineCompletion, 50)} / ${percentile(baselineCompletion, 99)} | ${(percentile(oursCompletion, 50) / percentile(baselineCompletion, 50)).toFixed(2)} (p50) |`,
    `| history events per case | ${oursHistory} | ${baselineHistory} | ${(oursHistory / baselineHistory).toFixed(2)} |`,
    `| start latency p50 / p99 (ms, POST /v1/cases) | ${percentile(startLatency, 50)} / ${percentile(startLatency, 99)} | – | – |`,
    `| signal → visible in query p50 / p99 (ms) | ${percentile(visibleLatency, 50)} / ${percentile(visibleLatency, 99)} | – | – |`,
    `| process RSS after the OneWindow run (MiB) | ${(oursRss / 2 ** 20).toFixed(0)} | – | – |`,
    '',
    `Each case: start, ${COMMANDS_PER_CASE} commands (${COMMANDS_PER_CASE - 1} updates and 1 signal through the HTTP API, each decided, projected to Postgres with the hash chain). The baseline workflow takes ${COMMANDS_PER_CASE} updates, runs one no-op activity and waits on one timer per command.`,
    '',
  ].join('\n');
  console.log(report);
  writeFileSync(join(__dirname, '..', '..', 'bench', 'last-run.md'), report);

  await app.close();
  ours.shutdown();
  baseline.shutdown();
  await Promise.all(running);
  await nativeConnection.close();
  await client.connection.close();
  await dataSource.destroy();
  await temporal.stop();
  await postgres.stop();
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
