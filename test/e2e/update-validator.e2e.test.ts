import request from 'supertest';
import { defaultCatalog, materialCodesOfTemplate } from '../../libs/catalog';
import { caseWorkflowId } from '../../libs/contract';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

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
