import request from 'supertest';
import { replayCases } from '@onewindow/worker/replay';
import { caseWorkflowId } from '@onewindow/contract/http';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/** The release check behind `npm run audit:replay -- --all`, against the real dev server. */
describe('audit:replay over closed cases', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('replays a closed case deterministically with the current workflow code', async () => {
    const caseId = `REPLAY-${Date.now()}`;
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'land-and-start',
        applicant: { name: '甲', creditCode: '91310000MA1FL0REPX' },
        project: { name: '乙' },
        documents: [],
      })
      .expect(201);
    await eventually(async () =>
      (await request(harness.server).get(`/v1/cases/${caseId}`).set('Authorization', harness.auth('window'))).status ===
      200
        ? true
        : undefined,
    );
    await request(harness.server)
      .post(`/v1/cases/${caseId}/updates/withdrawn`)
      .set('Authorization', harness.auth('window'))
      .send({ reason: '申请人撤回' })
      .expect(200);
    await harness.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    const report = await replayCases(
      harness.client,
      { workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! } },
      { workflowIds: [caseWorkflowId(caseId)] },
    );
    expect(report).toEqual({ replayed: 1, failures: [] });
  });
});
