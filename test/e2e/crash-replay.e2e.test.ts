import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createActivities } from '@onewindow/activities';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import {
  caseStateQuery,
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  messageSignals,
  messageUpdates,
  type CaseStartInput,
} from '@onewindow/contract/http';
import { createDataSource } from '@onewindow/persistence';
import { workflowCode } from '../support/app-harness';
import { recordHistory } from '../support/workflow-cases';

const { EventType, TimeoutType } = temporal.api.enums.v1;

/** The workflow-only worker that is killed: its own process, so SIGKILL is a real crash. */
const WORKER_A = `
const { NativeConnection, Worker, Runtime, DefaultLogger } = require('@temporalio/worker');
Runtime.install({ logger: new DefaultLogger('ERROR') });
(async () => {
  const connection = await NativeConnection.connect({ address: process.env.ADDRESS });
  const worker = await Worker.create({
    connection, taskQueue: process.env.TASK_QUEUE, workflowBundle: { codePath: process.env.BUNDLE },
    stickyQueueScheduleToStartTimeout: '5s', identity: 'worker-A',
  });
  process.send('ready');
  await worker.run();
})().catch((error) => { console.error(error); process.exit(1); });
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The crash that used to leave histories that do not replay (worker-kill, about 1 run in 10): a worker dies with the
 * case's next workflow task on its sticky queue; a query sent then waits out the sticky timeout and reaches another
 * worker as a legacy query whose history already holds the context load. That worker runs the case forward inside
 * the query and keeps it cached, so the next real task (a message) is a second activation; replay runs both as one.
 * The case's commands must not depend on that grouping.
 */
describe('a worker crash between a sticky task and a query (split activation)', () => {
  let dataSource: DataSource;
  let client: Client;
  let connection: NativeConnection;
  const children: ChildProcess[] = [];
  const stops: Array<() => Promise<void>> = [];
  const bundle = () => workflowCode().workflowBundle.codePath;

  beforeAll(async () => {
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

  /**
   * Worker A (a child process) runs the first task and dies; worker B takes over; a query parks on A's sticky queue
   * while the real activities load the context; once B has answered it, `send` delivers a message.
   */
  async function crashAndSend(send: (handle: WorkflowHandle) => Promise<void>): Promise<WorkflowHandle> {
    const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
    const caseId = `CRASH-${Date.now()}-${randomBytes(2).toString('hex')}`;
    const workerA = spawn(process.execPath, ['-e', WORKER_A], {
      env: { ...process.env, ADDRESS: process.env.TEMPORAL_ADDRESS, TASK_QUEUE: taskQueue, BUNDLE: bundle() },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.push(workerA);
    await new Promise((resolve, reject) => {
      workerA.once('message', resolve);
      workerA.once('exit', (code) => reject(new Error(`worker A exited (${code})`)));
    });
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
    const handle = await client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    const eventTypes = async () => ((await handle.fetchHistory()).events ?? []).map((event) => event.eventType);
    // Worker A runs the first workflow task: the context load is scheduled, and no activity worker runs yet.
    while (!(await eventTypes()).includes(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)) await sleep(100);
    await run(
      await Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundle() }, identity: 'worker-B' }),
    );
    workerA.kill('SIGKILL');
    await sleep(200);
    // The query waits on A's dead sticky queue …
    const query = handle.query(caseStateQuery, {});
    await sleep(1_800);
    // … while the real activities load the context from Postgres.
    await run(
      await Worker.create({
        connection,
        taskQueue,
        activities: createActivities({ dataSource }),
        identity: 'activities',
      }),
    );
    const answered = await query;
    // Worker B answered from a history that already holds the context load: it applied it inside the query, the
    // first of the two activations, before the message existed.
    expect(answered.starting).toBeUndefined();
    expect(answered.status).toBe('received');
    await send(handle);
    await sleep(500);
    const history = await handle.fetchHistory();
    const types = (history.events ?? []).map((event) => event.eventType);
    const timedOut = (history.events ?? []).findIndex(
      (event) => event.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    // The task after the context load sat on A's sticky queue and timed out there, with nobody polling it.
    expect(timedOut).toBeGreaterThan(types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED));
    return handle;
  }

  const acceptance = (caseId: string) => ({
    commandId: `accept-${caseId}`,
    actor: { id: 'window-1', role: 'window' },
    decision: 'accept',
  });

  it('a signal after the split: the case goes on, and its history replays exactly', async () => {
    const handle = await crashAndSend(async (case_) => {
      await case_.signal(messageSignals['acceptance-decided'], acceptance(case_.workflowId));
      for (let i = 0; i < 50 && (await case_.query(caseStateQuery, {})).status !== 'in-review'; i += 1)
        await sleep(100);
    });
    expect((await handle.query(caseStateQuery, {})).status).toBe('in-review');
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: bundle() } },
        await handle.fetchHistory(),
        handle.workflowId,
      ),
    ).resolves.toBeUndefined();
    await recordHistory('split-activation-signal', handle);
    await handle.terminate('test done');
  });

  it('SDK limitation (1.24.0): an update after the split is accepted where replay cannot put it', async () => {
    // The SDK accepts an update (a command) as soon as its job is applied; replay delivers the update in the same
    // activation as the context load, sorted first, so the acceptance moves ahead of the submission's commands.
    // No workflow code can change where the SDK writes an acceptance; the API therefore sends no query of its own
    // (it reads cases from Postgres) and sends signals as signals. When this test fails, the SDK is fixed.
    const handle = await crashAndSend(async (case_) => {
      const outcome = await case_.executeUpdate(messageUpdates['acceptance-decided'], {
        args: [acceptance(case_.workflowId)],
      });
      expect(outcome.ok).toBe(true);
    });
    const replay = Worker.runReplayHistory(
      { workflowBundle: { codePath: bundle() } },
      await handle.fetchHistory(),
      handle.workflowId,
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toMatchObject({ message: expect.stringMatching(/Update machine does not handle/) });
    await handle.terminate('test done');
  });
});
