import request from 'supertest';
import { startAppHarness, eventually, type AppHarness } from '../support/app-harness';

describe('vertical slice: HTTP → workflow → activity → Postgres → query', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('GET /health reports Temporal and Postgres ready', async () => {
    const response = await request(harness.server).get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', temporal: { ready: true }, postgres: { ready: true } });
  });

  it('starting a case runs its workflow, whose activity writes the audit row and read model', async () => {
    const caseId = `SLICE-${Date.now()}`;
    const started = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'land-and-start',
        applicant: { name: '某某置业有限公司', creditCode: '91310000MA1FL0000X' },
        project: { name: '临港某产业园一期' },
        documents: [{ materialCode: 'project-filing-form' }],
        receivedAt: '2026-03-02T01:30:00Z',
      })
      .expect(201);
    expect(started.body).toMatchObject({ caseId, workflowId: `case-${caseId}` });

    const rows = await eventually(async () => {
      const found = await harness.dataSource.query<Array<Record<string, unknown>>>(
        'SELECT * FROM case_events WHERE case_id = $1',
        [caseId],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(rows[0]).toMatchObject({ case_id: caseId, sequence: 1, type: 'CaseSubmitted' });
    const [readModel] = await harness.dataSource.query<Array<Record<string, unknown>>>(
      'SELECT status, template_id FROM cases WHERE case_id = $1',
      [caseId],
    );
    expect(readModel).toEqual({ status: 'received', template_id: 'land-and-start' });

    const state = await request(harness.server)
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', harness.auth('auditor'))
      .expect(200);
    expect(state.body).toMatchObject({ caseId, status: 'received', eventCount: 1, templateId: 'land-and-start' });
    expect(state.body.steps).toHaveLength(11);
    // Art. 32: the one-time notice is due 5 working days after receipt (Monday 2026-03-09, 17:30 Asia/Shanghai).
    expect(state.body.noticeDueAt).toBe('2026-03-09T09:30:00.000Z');
  });

  it('a second start with the same id is a 409', async () => {
    const body = {
      caseId: `DUP-${Date.now()}`,
      templateId: 'land-and-start',
      applicant: { name: '甲公司', creditCode: '91310000MA1FL0001X' },
      project: { name: '项目' },
      documents: [],
    };
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('integrator'))
      .send(body)
      .expect(201);
    const again = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('integrator'))
      .send(body)
      .expect(409);
    expect(again.body.error.code).toBe('case-exists');
  });

  it('a bad body is a 422 naming the field and the rule', async () => {
    const response = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        templateId: 'land-and-start',
        applicant: { name: '' },
        project: { name: 'x' },
        documents: 'none',
        extra: 1,
      })
      .expect(422);
    expect(response.body.error.code).toBe('validation-failed');
    const fields = (response.body.error.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['applicant.name', 'applicant.creditCode', 'documents', 'extra']));
  });

  it('no key is a 401, an unknown key a 401, a read-only role starting a case a 403', async () => {
    const noKey = await request(harness.server).get('/v1/cases/ANY').expect(401);
    expect(noKey.body.error.code).toBe('unauthenticated');
    await request(harness.server).get('/v1/cases/ANY').set('Authorization', 'Bearer ow_nope_0000').expect(401);
    const forbidden = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('auditor'))
      .send({})
      .expect(403);
    expect(forbidden.body.error.code).toBe('forbidden-role');
  });

  it('an admin creates, lists and revokes keys; a revoked key stops working', async () => {
    const created = await request(harness.server)
      .post('/v1/admin/api-keys')
      .set('Authorization', harness.auth('admin'))
      .send({ name: 'provincial platform', role: 'integrator' })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'integrator', token: expect.stringMatching(/^ow_integrator_/) });
    const stored = await harness.dataSource.query<Array<{ key_hash: string }>>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [created.body.id],
    );
    expect(stored[0].key_hash).not.toContain(created.body.token);
    await request(harness.server)
      .get('/v1/cases/NOPE')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(404);
    await request(harness.server)
      .delete(`/v1/admin/api-keys/${created.body.id}`)
      .set('Authorization', harness.auth('admin'))
      .expect(204);
    await request(harness.server)
      .get('/v1/cases/NOPE')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(401);
    // Revoking it again, or an id that never existed, is a 404.
    await request(harness.server)
      .delete(`/v1/admin/api-keys/${created.body.id}`)
      .set('Authorization', harness.auth('admin'))
      .expect(404);
    const bad = await request(harness.server)
      .post('/v1/admin/api-keys')
      .set('Authorization', harness.auth('admin'))
      .send({ name: 'x', role: 'mayor' })
      .expect(422);
    expect(bad.body.error.code).toBe('invalid-role');
    await request(harness.server).get('/v1/admin/api-keys').set('Authorization', harness.auth('window')).expect(403);
  });

  it('a template or material not in the catalogue is a 422 naming it', async () => {
    const bad = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        templateId: 'no-such-template',
        applicant: { name: '甲', creditCode: '91310000MA1FL0009X' },
        project: { name: '项目' },
        documents: [],
      })
      .expect(422);
    expect(bad.body.error).toMatchObject({ code: 'unknown-template' });
    const material = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        templateId: 'land-and-start',
        applicant: { name: '甲', creditCode: '91310000MA1FL0009X' },
        project: { name: '项目' },
        documents: [{ materialCode: 'birth-certificate' }],
      })
      .expect(422);
    expect(material.body.error.code).toBe('unknown-material');
    expect(material.body.error.message).toContain('birth-certificate');
  });

  it('the same Idempotency-Key returns the existing case instead of a conflict', async () => {
    const body = {
      caseId: `IDEM-${Date.now()}`,
      templateId: 'land-and-start',
      applicant: { name: '乙公司', creditCode: '91310000MA1FL0002X' },
      project: { name: '项目' },
      documents: [],
    };
    const first = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('integrator'))
      .set('Idempotency-Key', 'start-42')
      .send(body)
      .expect(201);
    const again = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('integrator'))
      .set('Idempotency-Key', 'start-42')
      .send(body)
      .expect(200);
    expect(again.body).toMatchObject({ caseId: body.caseId, runId: first.body.runId, existing: true });
  });

  it('an unknown case is a 404', async () => {
    const response = await request(harness.server)
      .get('/v1/cases/NOPE-404')
      .set('Authorization', harness.auth('window'))
      .expect(404);
    expect(response.body.error.code).toBe('case-not-found');
    // An id that cannot exist (too long, odd characters) is also a 404, never a 500 from Temporal.
    await request(harness.server)
      .get(`/v1/cases/${'x'.repeat(300)}`)
      .set('Authorization', harness.auth('window'))
      .expect(404);
    await request(harness.server)
      .get('/v1/cases/%E4%B8%AD%20%2F..')
      .set('Authorization', harness.auth('window'))
      .expect(404);
  });
});
