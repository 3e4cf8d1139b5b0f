import type { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { connectWorker, createCaseWorker } from '@onewindow/worker/worker';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { createDataSource } from '@onewindow/persistence';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type CaseStartInput } from '@onewindow/contract/http';
import { eventually, startAppHarness, workflowCode, type AppHarness } from '../support/app-harness';

/**
 * Updates reach the workflow without a pre-check query: its validator dry-runs the decider, so a command the
 * decider refuses is answered with the decider's code and HTTP status and never enters the Temporal history.
 */
describe('updates refused by the workflow validator', () => {
  let harness: AppHarness;
  const caseId = `UPD-VAL-${Date.now()}`;

  beforeAll(async () => {
    harness = await startAppHarness();
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'land-and-start',
        applicant: { name: '某置业有限公司', creditCode: '91310000MA1FL0000X' },
        project: { name: '某产业园' },
        documents: materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
          .filter((code) => code !== 'land-contract')
          .map((materialCode) => ({ materialCode })),
      })
      .expect(201);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const update = (name: string, role: string, body: object) =>
    request(harness.server)
      .post(`/v1/cases/${caseId}/updates/${name}`)
      .set('Authorization', harness.auth(role))
      .send(body);

  const acceptedUpdates = async () => {
    const history = await harness.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length;
  };

  it('answers an update on a case that never existed with 404, before and after the case starts', async () => {
    const response = await request(harness.server)
      .post('/v1/cases/NEVER-STARTED-1/updates/acceptance-decided')
      .set('Authorization', harness.auth('window'))
      .send({ decision: 'accept' })
      .expect(404);
    expect(response.body.error.code).toBe('case-not-found');
  });

  it('refuses out of order, wrong department and unknown step with the decider’s code, leaving no history', async () => {
    // Waiting for acceptance: an opinion now is out of order (409), before anything is accepted into history.
    const early = await eventually(async () => {
      const answer = await update('department-opinion', 'department:natural-resources', {
        stepId: 'design-scheme-review',
        opinion: 'agree',
      });
      return answer.status === 409 && answer.body.error.code !== 'case-starting' ? answer : undefined;
    });
    expect(early.body.error.code).toBe('step-not-in-review');
    await update('acceptance-decided', 'window', { decision: 'accept' }).expect(200);
    const before = await acceptedUpdates();

    const other = await update('department-opinion', 'department:housing', {
      stepId: 'design-scheme-review',
      opinion: 'agree',
    }).expect(403);
    expect(other.body.error).toMatchObject({ code: 'wrong-department', details: { field: 'stepId' } });

    const unknown = await update('department-opinion', 'department:natural-resources', {
      stepId: 'no-such-step',
      opinion: 'agree',
    }).expect(422);
    expect(unknown.body.error).toMatchObject({ code: 'unknown-step', details: { field: 'stepId' } });

    expect(await acceptedUpdates()).toBe(before);
    await update('department-opinion', 'department:natural-resources', {
      stepId: 'design-scheme-review',
      opinion: 'agree',
    }).expect(200);
    expect(await acceptedUpdates()).toBe(before + 1);
  });
});

/**
 * A case whose context cannot load yet (here: its worker reads a database that holds no catalogue, as when the
 * worker is pointed at a database not migrated yet, so each read fails and is retried) refuses updates with
 * case-starting instead of holding the HTTP request open, and nothing enters its history; once a worker that
 * reads the right database takes the case over, the context loads and the same update is accepted.
 */
describe('an update to a case that is still loading its context', () => {
  let harness: AppHarness;
  let connection: NativeConnection;
  const taskQueue = `starting-${randomBytes(4).toString('hex')}`;
  const caseId = `UPD-START-${Date.now()}`;

  const emptyDatabase = `onewindow_unmigrated_${randomBytes(4).toString('hex')}`;
  let unmigrated: DataSource | undefined;

  beforeAll(async () => {
    harness = await startAppHarness();
    connection = await connectWorker(harness.settings);
    await harness.dataSource.query(`CREATE DATABASE ${emptyDatabase}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${emptyDatabase}`;
    unmigrated = await createDataSource(url.toString()).initialize();
  });

  afterAll(async () => {
    await unmigrated?.destroy();
    await harness?.dataSource.query(`DROP DATABASE IF EXISTS ${emptyDatabase}`);
    await connection?.close();
    await harness?.stop();
  });

  it('answers 409 case-starting with Retry-After within seconds, then accepts the update once the context loads', async () => {
    // The case runs its first task; its loadCaseContext fails against the empty database, again and again.
    const misconfigured = await createCaseWorker({
      connection,
      namespace: harness.settings.namespace,
      taskQueue,
      dataSource: unmigrated!,
      ...workflowCode(),
    });
    const input: CaseStartInput = {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '某置业有限公司', creditCode: '91310000MA1FL0000X' },
      project: { name: '某产业园' },
      documents: materialCodesOfTemplate(defaultCatalog(), 'land-and-start').map((materialCode) => ({ materialCode })),
      receivedAt: new Date().toISOString(),
      actor: { id: 'test-window', role: 'window' },
      commandId: randomUUID(),
    };
    const handle = await harness.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    const send = () =>
      request(harness.server)
        .post(`/v1/cases/${caseId}/updates/acceptance-decided`)
        .set('Authorization', harness.auth('window'))
        .set('Idempotency-Key', `accept-${caseId}`)
        .send({ decision: 'accept' });

    await misconfigured.runUntil(async () => {
      await eventually(async () => {
        const history = await handle.fetchHistory();
        return history.events?.some((event) => event.workflowTaskStartedEventAttributes) ? true : undefined;
      });
      const started = Date.now();
      const refused = await send().expect(409);
      // The first attempts run inside the workflow task (≈ 1 s here), the API retries case-starting for 2 s: well
      // under the task's heartbeat (8 s), which a request held open by the task would wait for.
      expect(Date.now() - started).toBeLessThan(7_000);
      expect(refused.body.error.code).toBe('case-starting');
      expect(refused.headers['retry-after']).toBe('1');
    });
    const history = await handle.fetchHistory();
    expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

    // The full worker (workflows and activities) loads the context; the same update now goes through.
    const full = await createCaseWorker({
      connection,
      namespace: harness.settings.namespace,
      taskQueue,
      dataSource: harness.dataSource,
      ...workflowCode(),
    });
    await full.runUntil(async () => {
      // Worker B takes the case once its retry timer fires or the stopped worker's sticky queue times out.
      const accepted = await eventually(async () => {
        const answer = await send();
        return answer.status === 200 ? answer : undefined;
      }, 60_000);
      expect(accepted.body).toMatchObject({
        ok: true,
        duplicate: false,
        events: expect.arrayContaining(['CaseAccepted']),
      });
      await handle.terminate('test done');
    });
  });
});
