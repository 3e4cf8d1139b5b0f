import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createActivities } from '@onewindow/activities';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import {
  caseEventsQuery,
  caseStateQuery,
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  messageSignals,
  messageUpdates,
  type CaseStartInput,
} from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { verifyChain } from '@onewindow/audit';
import { createDataSource, readCaseEvents } from '@onewindow/persistence';
import { workflowCode } from '../support/app-harness';
import { buildCompiledCode, ROOT } from '../support/compiled';
import { dept, recordHistory } from '../support/workflow-cases';

const { EventType, TimeoutType } = temporal.api.enums.v1;

/**
 * The worker that is killed: a whole case worker (workflows and activities, as `npm run start:worker` builds it) from
 * the compiled code, in its own process, so SIGKILL is a real crash.
 */
const WORKER_A = `
const { NativeConnection, Worker, Runtime, DefaultLogger } = require('@temporalio/worker');
const { createActivities } = require(process.env.DIST + '/activities/index.js');
const { createDataSource } = require(process.env.DIST + '/libs/persistence/index.js');
Runtime.install({ logger: new DefaultLogger('ERROR') });
(async () => {
  const dataSource = await createDataSource(process.env.DATABASE_URL).initialize();
  const connection = await NativeConnection.connect({ address: process.env.ADDRESS });
  const worker = await Worker.create({
    connection, taskQueue: process.env.TASK_QUEUE, workflowBundle: { codePath: process.env.BUNDLE },
    activities: createActivities({ dataSource }), stickyQueueScheduleToStartTimeout: '5s', identity: 'worker-A',
  });
  process.send('ready');
  await worker.run();
})().catch((error) => { console.error(error); process.exit(1); });
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The local activities a history recorded, in order (the core's markers name their type in their `data`). */
function localActivities(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

/**
 * A worker dies with the case on its sticky queue, and a query sent then waits out the sticky timeout and reaches
 * another worker as a legacy query: when the history holds events no task has applied yet (a signal, a timer, or
 * before the local activities the context load), that worker applies them inside the query and keeps the case
 * cached, so the next task is a second activation where replay runs one (the crash that left histories that did
 * not replay in 2026-11, about 1 worker-kill run in 10). The case's commands must not depend on that grouping. Since
 * the local activities (patched 'local-activities') the context is loaded and the submission projected inside the
 * first task, and a worker killed in the middle of that task leaves it to be run again, whole, by another.
 */
describe('worker crashes around a case’s workflow tasks, queries and messages', () => {
  let dataSource: DataSource;
  let client: Client;
  let connection: NativeConnection;
  const children: ChildProcess[] = [];
  const stops: Array<() => Promise<void>> = [];
  const bundle = () => workflowCode().workflowBundle.codePath;

  beforeAll(async () => {
    // Worker A runs the compiled activities (its own process cannot load the TypeScript sources).
    buildCompiledCode();
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
    client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }) });
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const stop of stops.reverse()) await stop();
    await connection?.close();
    await client?.connection.close();
    await dataSource?.destroy();
  });

  async function run(worker: Worker): Promise<void> {
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
    });
    await sleep(300);
  }

  /** Worker A: a whole case worker in a child process, polling `taskQueue` with a 5 s sticky timeout. */
  async function spawnWorkerA(taskQueue: string): Promise<ChildProcess> {
    const workerA = spawn(process.execPath, ['-e', WORKER_A], {
      cwd: ROOT,
      env: {
        ...process.env,
        ADDRESS: process.env.TEMPORAL_ADDRESS,
        TASK_QUEUE: taskQueue,
        BUNDLE: bundle(),
        DIST: join(ROOT, 'dist'),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.push(workerA);
    await new Promise((resolve, reject) => {
      workerA.once('message', resolve);
      workerA.once('exit', (code) => reject(new Error(`worker A exited (${code})`)));
    });
    return workerA;
  }

  /** Worker B: the same worker in this process. */
  async function runWorkerB(taskQueue: string): Promise<void> {
    await run(
      await Worker.create({
        connection,
        taskQueue,
        workflowBundle: { codePath: bundle() },
        activities: createActivities({ dataSource }),
        identity: 'worker-B',
      }),
    );
  }

  async function startCase(taskQueue: string, caseId: string): Promise<WorkflowHandle> {
    const input: CaseStartInput = {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X' },
      project: { name: '临港某产业园一期' },
      documents: materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
        .filter((code) => code !== 'land-contract')
        .map((materialCode) => ({ materialCode })),
      receivedAt: new Date().toISOString(),
      actor: { id: 'window-1', role: 'window' },
      commandId: `start-${caseId}`,
    };
    return client.workflow.start(CASE_WORKFLOW_TYPE, { taskQueue, workflowId: caseWorkflowId(caseId), args: [input] });
  }

  /**
   * Worker A (a child process) runs the first task and dies; worker B takes over; a query parks on A's sticky queue,
   * then `send` delivers a message, whose task waits out A's sticky queue too before B runs it.
   */
  async function crashAndSend(
    send: (handle: WorkflowHandle, query: Promise<CaseView>) => Promise<void>,
  ): Promise<WorkflowHandle> {
    const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
    const caseId = `CRASH-${Date.now()}-${randomBytes(2).toString('hex')}`;
    const workerA = await spawnWorkerA(taskQueue);
    const handle = await startCase(taskQueue, caseId);
    const eventTypes = async () => ((await handle.fetchHistory()).events ?? []).map((event) => event.eventType);
    // Worker A runs the first workflow task: the context load and the submission's projection are markers in it.
    while (!(await eventTypes()).includes(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) await sleep(100);
    const first = await handle.fetchHistory();
    expect(localActivities(first)).toEqual(['loadCaseContext', 'recordCaseEvents']);
    expect((first.events ?? []).some((event) => event.activityTaskScheduledEventAttributes)).toBe(false);
    await runWorkerB(taskQueue);
    workerA.kill('SIGKILL');
    await sleep(200);
    // The query waits on A's dead sticky queue, then reaches B, which replays the history to answer it.
    const query = handle.query(caseStateQuery, {});
    await sleep(1_800);
    await send(handle, query);
    // A ran the first task; B runs the message's task once A's dead sticky queue has timed out.
    const completedBy = async () =>
      ((await handle.fetchHistory()).events ?? []).flatMap((event) =>
        event.workflowTaskCompletedEventAttributes ? [event.workflowTaskCompletedEventAttributes.identity] : [],
      );
    for (const deadline = Date.now() + 20_000; (await completedBy()).length < 2 && Date.now() < deadline;)
      await sleep(200);
    const identities = await completedBy();
    expect(identities[0]).toBe('worker-A');
    expect(identities.length).toBeGreaterThan(1);
    expect(identities.slice(1)).toEqual(identities.slice(1).map(() => 'worker-B'));
    return handle;
  }

  const replays = async (handle: WorkflowHandle) =>
    Worker.runReplayHistory({ workflowBundle: { codePath: bundle() } }, await handle.fetchHistory(), handle.workflowId);

  const acceptance = (caseId: string) => ({
    commandId: `accept-${caseId}`,
    actor: { id: 'window-1', role: 'window' },
    decision: 'accept',
  });

  it('a signal after the crash, applied inside the parked query: the case goes on, and its history replays', async () => {
    const handle = await crashAndSend(async (case_, query) => {
      await case_.signal(messageSignals['acceptance-decided'], acceptance(case_.workflowId));
      // The signal's task sits on A's dead sticky queue too; B gets the query with a history holding the signal and
      // applies it inside the query: the split of two activations where replay runs one.
      expect((await query).status).toBe('in-review');
    });
    expect((await handle.query(caseStateQuery, {})).status).toBe('in-review');
    await expect(replays(handle)).resolves.toBeUndefined();
    await recordHistory('worker-crash-signal', handle);
    await handle.terminate('test done');
  });

  it('an update right after the query: accepted, and the history replays', async () => {
    const handle = await crashAndSend(async (case_, query) => {
      expect((await query).status).toBe('received');
      const outcome = await case_.executeUpdate(messageUpdates['acceptance-decided'], {
        args: [acceptance(case_.workflowId)],
      });
      expect(outcome.ok).toBe(true);
    });
    await expect(replays(handle)).resolves.toBeUndefined();
    await recordHistory('worker-crash-update', handle);
    await handle.terminate('test done');
  });

  it('SDK limitation (1.24.0): an update after a split made by a signal is accepted where replay cannot put it', async () => {
    // The SDK accepts an update (a command) as soon as its job is applied; after a query applied a signal on its
    // own (the split above), replay delivers the update in the same activation as the signal, sorted first, so the
    // acceptance moves ahead of the signal's commands. No workflow code can change where the SDK writes an
    // acceptance; the API therefore sends no query of its own (it reads cases from Postgres). When this test fails,
    // the SDK is fixed (or the local activities removed the split): rename it and record the history.
    const handle = await crashAndSend(async (case_, query) => {
      await case_.signal(messageSignals['acceptance-decided'], acceptance(case_.workflowId));
      expect((await query).status).toBe('in-review');
      const outcome = await case_.executeUpdate(messageUpdates['department-opinion'], {
        args: [
          {
            commandId: `opinion-${case_.workflowId}`,
            actor: dept('natural-resources'),
            stepId: 'design-scheme-review',
            opinion: 'agree',
          },
        ],
      });
      expect(outcome.ok).toBe(true);
    });
    const replay = replays(handle);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await handle.terminate('test done');
  });

  it('a worker killed while its local activity writes: the task runs again elsewhere, nothing doubled, it replays', async () => {
    const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
    const caseId = `CRASH-LA-${Date.now()}-${randomBytes(2).toString('hex')}`;
    // The case's projection lock, held here, keeps A's first write waiting inside its workflow task.
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [caseId]);
      const workerA = await spawnWorkerA(taskQueue);
      const handle = await startCase(taskQueue, caseId);
      const events = async () => (await handle.fetchHistory()).events ?? [];
      while (!(await events()).some((event) => event.workflowTaskStartedEventAttributes)) await sleep(100);
      await sleep(1_500);
      await runWorkerB(taskQueue);
      workerA.kill('SIGKILL');
      await sleep(300);
      await holder.commitTransaction();
      // The task A was running times out (10 s); B runs it from the history, its local activities again.
      const deadline = Date.now() + 40_000;
      while (!(await events()).some((event) => event.workflowTaskCompletedEventAttributes) && Date.now() < deadline)
        await sleep(200);
      const history = await handle.fetchHistory();
      const timedOut = (history.events ?? []).filter(
        (event) => event.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
      );
      expect(timedOut).toHaveLength(1);
      expect(
        (history.events ?? []).flatMap((event) =>
          event.workflowTaskCompletedEventAttributes ? [event.workflowTaskCompletedEventAttributes.identity] : [],
        ),
      ).toEqual(['worker-B']);
      expect(localActivities(history)).toEqual(['loadCaseContext', 'recordCaseEvents']);
      // The audit log holds each of the submission's events once, chained.
      const recorded = await handle.query(caseEventsQuery);
      const rows = await readCaseEvents(dataSource, caseId);
      expect(rows.map((row) => row.sequence)).toEqual(recorded.map((event) => event.sequence));
      expect(verifyChain(rows, recorded.length)).toEqual([]);
      await expect(replays(handle)).resolves.toBeUndefined();
      await recordHistory('worker-crash-during-write', handle);
      await handle.terminate('test done');
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
