import request from 'supertest';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/** An integrator drives a land-and-start case over HTTP from start to issued permits, against the real stack. */
describe('land-and-start over the HTTP API', () => {
  let harness: AppHarness;
  const caseId = `HTTP-LAS-${Date.now()}`;
  const documents = materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const post = (path: string, role: string, body: unknown, key?: string) => {
    const call = request(harness.server).post(path).set('Authorization', harness.auth(role));
    return (key ? call.set('Idempotency-Key', key) : call).send(body as object);
  };

  async function view(): Promise<CaseView> {
    const response = await request(harness.server)
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', harness.auth('auditor'))
      .expect(200);
    return response.body as CaseView;
  }

  async function until(predicate: (view: CaseView) => boolean): Promise<CaseView> {
    return eventually(async () => {
      const current = await view();
      return predicate(current) ? current : undefined;
    });
  }

  const step = (current: CaseView, stepId: string) => current.steps.find((candidate) => candidate.stepId === stepId)!;

  it('starts the case', async () => {
    await post('/v1/cases', 'window', {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X' },
      project: { name: '临港某产业园一期', landParcel: 'PDS2026-0012' },
      documents,
    }).expect(201);
    await until((current) => current.status === 'received');
  });

  it('accepts by update; the workflow’s rejection comes back as 409/422 with its code', async () => {
    const rejected = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', {
      decision: 'reject',
      reason: '理由',
    }).expect(422);
    expect(rejected.body.error).toMatchObject({ code: 'reason-required' });
    const accepted = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', {
      decision: 'accept',
    }).expect(200);
    expect(accepted.body).toMatchObject({
      ok: true,
      duplicate: false,
      events: expect.arrayContaining(['CaseAccepted']),
    });
    const again = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(
      409,
    );
    expect(again.body.error.code).toBe('not-awaiting-acceptance');
  });

  it('checks signals before sending: unknown name 404, bad payload 422 naming the field, other department 403', async () => {
    const unknown = await post(`/v1/cases/${caseId}/signals/approve-everything`, 'window', {}).expect(404);
    expect(unknown.body.error.code).toBe('unknown-message');
    const bad = await post(`/v1/cases/${caseId}/signals/department-opinion`, 'department:natural-resources', {
      stepId: 'design-scheme-review',
      opinion: 'maybe',
      extra: true,
    }).expect(422);
    const fields = (bad.body.error.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['opinion', 'extra']));
    const other = await post(`/v1/cases/${caseId}/signals/department-opinion`, 'department:housing', {
      stepId: 'design-scheme-review',
      opinion: 'agree',
    }).expect(403);
    expect(other.body.error.code).toBe('wrong-department');
    await post(`/v1/cases/${caseId}/signals/department-opinion`, 'auditor', {
      stepId: 'design-scheme-review',
      opinion: 'agree',
    }).expect(403);
  });

  it('a retried signal with the same Idempotency-Key counts once', async () => {
    const body = { stepId: 'design-scheme-review', opinion: 'agree' };
    const first = await post(
      `/v1/cases/${caseId}/signals/department-opinion`,
      'department:natural-resources',
      body,
      'opinion-dsr-1',
    ).expect(202);
    expect(first.body.commandId).toBe('opinion-dsr-1');
    await post(
      `/v1/cases/${caseId}/signals/department-opinion`,
      'department:natural-resources',
      body,
      'opinion-dsr-1',
    ).expect(202);
    const current = await until((v) => step(v, 'design-scheme-review').status === 'agreed');
    const events = await request(harness.server)
      .get(`/v1/cases/${caseId}/queries/case-events`)
      .set('Authorization', harness.auth('auditor'))
      .expect(200);
    const opinions = (events.body as Array<{ type: string; commandId: string }>).filter(
      (event) => event.commandId === 'opinion-dsr-1',
    );
    expect(opinions.map((event) => event.type)).toEqual([
      'OpinionRecorded',
      'StepStarted',
      'StepStarted',
      'StepStarted',
    ]);
    expect(step(current, 'drawing-review').status).toBe('in-review');
  });

  it('runs the departments in parallel, signs the land contract and issues the permits', async () => {
    const opinion = (role: string, stepId: string) =>
      post(`/v1/cases/${caseId}/signals/department-opinion`, `department:${role}`, { stepId, opinion: 'agree' }).expect(
        202,
      );
    await opinion('ecology', 'eia-approval');
    await opinion('housing', 'drawing-review');
    await opinion('fire', 'fire-design-review');
    await opinion('civil-air-defence', 'air-defence-approval');
    await post(`/v1/cases/${caseId}/signals/land-contract-signed`, 'window', {
      contractNumber: '沪规划资源让(2026)12号',
    }).expect(202);
    await until((v) => step(v, 'land-use-planning-permit').status === 'in-review');
    await opinion('natural-resources', 'land-use-planning-permit');
    await until((v) => step(v, 'works-planning-permit').status === 'in-review');
    await opinion('natural-resources', 'works-planning-permit');
    await until((v) => step(v, 'construction-permit').status === 'in-review');
    await post(`/v1/cases/${caseId}/updates/department-opinion`, 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'agree',
    }).expect(200);
    const deciding = await until((v) => v.status === 'awaiting-issuance');
    expect(deciding.issuance).toMatchObject({ overdue: false });
    await post(`/v1/cases/${caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'construction-permit', number: `310115-${caseId}` }],
    }).expect(200);
    const done = await until((v) => v.status === 'completed');
    expect(done.issuance!.licences).toEqual([{ stepId: 'construction-permit', number: `310115-${caseId}` }]);
  });

  it('a closed case answers 409; the read model lists it', async () => {
    const closed = await post(`/v1/cases/${caseId}/signals/withdrawn`, 'window', { reason: '撤回' }).expect(409);
    expect(closed.body.error.code).toBe('case-closed');
    const closedUpdate = await post(`/v1/cases/${caseId}/updates/withdrawn`, 'window', { reason: '撤回' }).expect(409);
    expect(closedUpdate.body.error.code).toBe('case-closed');
    const listed = await eventually(async () => {
      const response = await request(harness.server)
        .get('/v1/cases')
        .query({ status: 'completed', department: 'housing', templateId: 'land-and-start' })
        .set('Authorization', harness.auth('supervisor'))
        .expect(200);
      const items = response.body.items as Array<{ caseId: string }>;
      return items.some((item) => item.caseId === caseId) ? (response.body as Record<string, unknown>) : undefined;
    });
    expect(listed).toMatchObject({ page: 1, pageSize: 20 });
    await request(harness.server)
      .get('/v1/cases')
      .query({ status: 'nonsense' })
      .set('Authorization', harness.auth('supervisor'))
      .expect(422);
    await request(harness.server)
      .get(`/v1/cases/${caseId}/queries/nope`)
      .set('Authorization', harness.auth('auditor'))
      .expect(404);
  });
});
