import request from 'supertest';
import { materialCodesOfTemplate, topologicalOrder, type TemplateSpec } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * Every template of the shipped catalogue beyond land-and-start (which has suites of its own), one case each, over
 * HTTP on the real stack from receipt to issuance: the window receives and accepts, each department agrees its own
 * steps with its own key in the order of the DAG, the issuing department issues.
 */
describe('each shipped template runs to its end', () => {
  let harness: AppHarness;
  const catalog = defaultCatalog();
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    harness = await startAppHarness();
    for (const department of catalog.departments) {
      const created = await request(harness.server)
        .post('/v1/admin/api-keys')
        .set('Authorization', harness.auth('admin'))
        .send({ name: `templates ${department.code}`, role: `department:${department.code}` })
        .expect(201);
      tokens.set(department.code, (created.body as { token: string }).token);
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const send = (caseId: string, name: string, token: string, body: object) =>
    request(harness.server)
      .post(`/v1/cases/${caseId}/updates/${name}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
  const windowToken = () => harness.keys.window;
  const view = async (caseId: string): Promise<CaseView> =>
    eventually(async () => {
      const answer = await request(harness.server)
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', harness.auth('auditor'));
      return answer.status === 200 ? (answer.body as CaseView) : undefined;
    });

  async function drive(template: TemplateSpec): Promise<CaseView> {
    const caseId = `TPL-${template.id}-${Date.now()}`;
    const contractLater = template.requiresLandContract;
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: template.id,
        applicant: { name: '某某有限公司', creditCode: '91310000MA1FL0003X' },
        project: { name: `${template.name}（测试）` },
        documents: materialCodesOfTemplate(catalog, template.id)
          .filter((code) => !(contractLater && code === 'land-contract'))
          .map((materialCode) => ({ materialCode })),
      })
      .expect(201);
    await eventually(async () => {
      const answer = await send(caseId, 'acceptance-decided', windowToken(), {
        decision: 'accept',
        ...(template.kind === 'immediate' ? { handling: 'immediate' } : {}),
      });
      return answer.status === 200 ? true : undefined;
    });
    if (contractLater)
      await send(caseId, 'land-contract-signed', windowToken(), { contractNumber: '沪规土出让〔2026〕88号' }).expect(
        200,
      );
    for (const stepId of topologicalOrder(template)!) {
      const step = (await view(caseId)).steps.find((candidate) => candidate.stepId === stepId)!;
      if (step.status !== 'in-review') continue;
      await send(caseId, 'department-opinion', tokens.get(step.department)!, { stepId, opinion: 'agree' }).expect(200);
    }
    if ((await view(caseId)).status === 'awaiting-issuance')
      await send(caseId, 'licence-issued', tokens.get(template.issuance.department)!, {
        licences: [{ stepId: template.steps[0].id, number: `${template.id}-0001` }],
      }).expect(200);
    return view(caseId);
  }

  const templates = catalog.templates.filter((template) => template.id !== 'land-and-start');

  it.each(templates.map((template) => [template.id, template] as const))('%s', async (_id, template) => {
    const finished = await drive(template);
    expect([finished.templateId, finished.status]).toEqual([template.id, 'completed']);
    expect(finished.steps.every((step) => step.status !== 'in-review')).toBe(true);
    if (template.issuance.seal) expect(finished.issuance?.seal).toBe(template.issuance.seal);
    if (template.kind === 'immediate') expect(finished.kind).toBe('immediate');
  });

  it('limits in working minutes show the office minutes left', async () => {
    const template = templates.find((candidate) => candidate.id === 'medical-reimbursement')!;
    const caseId = `TPL-minutes-${Date.now()}`;
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: template.id,
        applicant: { name: '张某', creditCode: '310101199001010000' },
        project: { name: '零星报销' },
        documents: materialCodesOfTemplate(catalog, template.id).map((materialCode) => ({ materialCode })),
      })
      .expect(201);
    await eventually(async () =>
      (await send(caseId, 'acceptance-decided', windowToken(), { decision: 'accept' })).status === 200
        ? true
        : undefined,
    );
    const step = (await view(caseId)).steps[0];
    expect(step.clock).toMatchObject({ unit: 'working-minutes' });
    expect(step.clock!.remainingWorkingMinutes).toBeLessThanOrEqual(60);
  });
});
