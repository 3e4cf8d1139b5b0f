import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import request from 'supertest';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { caseWorkflowId, messageSignals, type HistoryEntry } from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { CONTINUE_AS_NEW_AFTER_INPUTS } from '@onewindow/workflows/approval-case.workflow';
import { eventually, startAppHarness, workflowCode, type AppHarness } from '../support/app-harness';

/**
 * A long case (issue 16): 5,000 messages force continue-as-new several times (every CONTINUE_AS_NEW_AFTER_INPUTS
 * inputs), while messages keep arriving during each hand-over. Afterwards every query answers as before, the audit
 * log holds each message's event exactly once in an unbroken hash chain, and every run's history replays.
 * 督办 (step-urged) is the message: one event each, no clock change, so the other queries must not move at all.
 */
describe('a case of 5,000 messages continues as new and stays whole', () => {
  let harness: AppHarness;
  const caseId = `LONG-${Date.now().toString(36)}`;
  const messages = 5000;
  /** Signals in flight at once (as many integrators would send them), and an update over HTTP every so often. */
  const parallel = 50;
  const updateEvery = 500;
  const supervisor = { id: 'supervisor-1', role: 'supervisor' };
  const sent: string[] = [];
  let stepId = '';
  let before: { deadlines: unknown; missing: unknown; view: CaseView };

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const get = (path: string) =>
    request(harness.server).get(path).set('Authorization', harness.auth('auditor')).expect(200);
  const view = async () => (await get(`/v1/cases/${caseId}`)).body as CaseView;
  const handle = (runId?: string) => harness.client.workflow.getHandle(caseWorkflowId(caseId), runId);

  it('starts and accepts a land-and-start case, with a step in review', async () => {
    const documents = materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
      .filter((code) => code !== 'land-contract')
      .map((materialCode) => ({ materialCode }));
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'land-and-start',
        applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X' },
        project: { name: '临港某产业园一期', landParcel: 'PDS2026-0012' },
        documents,
      })
      .expect(201);
    await eventually(async () => ((await view()).status === 'received' ? true : undefined));
    await request(harness.server)
      .post(`/v1/cases/${caseId}/updates/acceptance-decided`)
      .set('Authorization', harness.auth('window'))
      .send({ decision: 'accept' })
      .expect(200);
    const accepted = await view();
    stepId = accepted.steps.find((step) => step.status === 'in-review')!.stepId;
    expect(stepId).toBeTruthy();
    before = {
      view: accepted,
      deadlines: (await get(`/v1/cases/${caseId}/queries/case-deadlines`)).body,
      missing: (await get(`/v1/cases/${caseId}/queries/missing-documents`)).body,
    };
  });

  const urge = (commandId: string, index: number) =>
    request(harness.server)
      .post(`/v1/cases/${caseId}/updates/step-urged`)
      .set('Authorization', harness.auth('supervisor'))
      .set('Idempotency-Key', commandId)
      .send({ stepId, note: `督办 ${index}` });

  it(`takes ${messages} messages, signals in parallel batches and updates over HTTP, across the hand-overs`, async () => {
    const workflow = handle();
    for (let start = 0; start < messages; start += parallel) {
      const batch = Array.from({ length: Math.min(parallel, messages - start) }, (_, offset) => start + offset);
      await Promise.all(
        batch.map(async (index) => {
          const commandId = `urge-${index}`;
          sent.push(commandId);
          if (index % updateEvery === updateEvery - 1) {
            // The API retries an update told case-continuing (or refused while a workflow task of the case is being
            // retried: 503 case-busy) for a moment, then answers with Retry-After; a caller that honours it retries
            // with the same key, and the message still counts once.
            const later = (answer: { status: number; body: { error?: { code?: string } } }) =>
              (answer.status === 409 && answer.body.error?.code === 'case-continuing') ||
              (answer.status === 503 && answer.body.error?.code === 'case-busy');
            let answer = await urge(commandId, index);
            for (let retry = 0; later(answer); retry += 1) {
              expect(answer.headers['retry-after']).toBe('1');
              if (retry > 30) break;
              await new Promise((resolve) => setTimeout(resolve, 1000));
              answer = await urge(commandId, index);
            }
            if (answer.status !== 200) throw new Error(`${commandId}: ${answer.status} ${JSON.stringify(answer.body)}`);
            // Applied here, or carried to the next run by the hand-over that refused it (then the retry is a duplicate).
            expect(answer.body).toMatchObject({ ok: true });
            return;
          }
          await workflow.signal(messageSignals['step-urged'], {
            commandId,
            actor: supervisor,
            stepId,
            note: `督办 ${index}`,
          });
        }),
      );
    }
    // then every message is applied, however it was grouped: the case counts each one's event
    const done = await eventually(async () => {
      const current = await view();
      return current.eventCount >= before.view.eventCount + messages ? current : undefined;
    }, 120_000);
    expect(done.eventCount).toBe(before.view.eventCount + messages);
    // About 110 s on the dev server and 150-180 s on the Temporal cluster (ONEWINDOW_TEMPORAL=cluster) on 2 shared
    // cores: the suite's 180 s was the cluster's median, so this one test has twice that.
  }, 360_000);

  it('ran as several runs, each ended by continue-as-new and each well within the history limits', async () => {
    const runs = await historiesOfEveryRun(harness.client, caseWorkflowId(caseId));
    expect(runs.length).toBeGreaterThanOrEqual(Math.floor(messages / CONTINUE_AS_NEW_AFTER_INPUTS) + 1);
    for (const history of runs.slice(0, -1)) {
      expect(history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    }
    // Temporal warns at 10,240 events of one run: a run hands over long before.
    for (const history of runs) expect(history.events!.length).toBeLessThan(10_240);
  });

  it('keeps every query: state, deadlines, missing documents and this run’s events', async () => {
    const after = await view();
    expect(after.status).toBe(before.view.status);
    expect(after.steps.map(({ stepId: id, status, clock }) => ({ id, status, deadline: clock?.deadline }))).toEqual(
      before.view.steps.map(({ stepId: id, status, clock }) => ({ id, status, deadline: clock?.deadline })),
    );
    expect((await get(`/v1/cases/${caseId}/queries/case-deadlines`)).body).toEqual(before.deadlines);
    expect((await get(`/v1/cases/${caseId}/queries/missing-documents`)).body).toEqual(before.missing);
    const log = (await get(`/v1/cases/${caseId}/history`)).body as HistoryEntry[];
    const runEvents = (await get(`/v1/cases/${caseId}/queries/case-events`)).body as Array<{ sequence: number }>;
    // The current run holds its own events; they are the tail of the audit log, numbered on from the runs before.
    expect(runEvents.length).toBeGreaterThan(0);
    expect(runEvents.map((event) => event.sequence)).toEqual(log.slice(-runEvents.length).map((e) => e.sequence));
    const asOf = (await get(`/v1/cases/${caseId}/state?asOf=${encodeURIComponent(new Date().toISOString())}`))
      .body as CaseView;
    expect(asOf.eventCount).toBe(after.eventCount);
    expect(asOf.steps.map((step) => step.status)).toEqual(after.steps.map((step) => step.status));
  });

  it('logs each message’s event exactly once, in an unbroken hash chain', async () => {
    const log = (await get(`/v1/cases/${caseId}/history`)).body as HistoryEntry[];
    expect(log.map((entry) => entry.sequence)).toEqual(log.map((_, index) => index + 1));
    const urged = log.filter((entry) => entry.type === 'StepUrged').map((entry) => entry.commandId);
    expect(urged.length).toBe(messages);
    expect(new Set(urged)).toEqual(new Set(sent));
    const verification = (await get(`/v1/audit/verify?caseId=${caseId}`)).body as { verified: boolean; events: number };
    expect(verification).toMatchObject({ verified: true, events: log.length, problems: [] });
    expect(log.length).toBe((await view()).eventCount);
  });

  it('replays the history of every run against today’s code', async () => {
    const runs = await historiesOfEveryRun(harness.client, caseWorkflowId(caseId));
    const results: string[] = [];
    for await (const result of Worker.runReplayHistories(
      workflowCode(),
      runs.map((history) => ({ workflowId: caseWorkflowId(caseId), history })),
    )) {
      results.push(result.error ? `${result.error.name}: ${result.error.message}` : 'ok');
    }
    expect(results).toEqual(runs.map(() => 'ok'));
  });

  it('still decides after the hand-overs: the department’s opinion closes its step', async () => {
    const department = before.view.steps.find((step) => step.stepId === stepId)!.department;
    const opinion = await request(harness.server)
      .post(`/v1/cases/${caseId}/updates/department-opinion`)
      .set('Authorization', harness.auth(`department:${department}`))
      .send({ stepId, opinion: 'agree' });
    expect({ status: opinion.status, body: opinion.body as unknown }).toEqual({ status: 200, body: expect.anything() });
    expect((await view()).steps.find((step) => step.stepId === stepId)!.status).toBe('agreed');
  });
});

/** The histories of every run of a workflow, first to last, following each run back to the one it continued. */
async function historiesOfEveryRun(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const runs: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return runs;
    runId = previous;
  }
}
