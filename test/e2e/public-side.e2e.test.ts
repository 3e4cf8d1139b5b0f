import request from 'supertest';
import { findTemplate, materialCodesOfTemplate, topologicalOrder } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * The service centre's public side over HTTP, without any API key: the guide a citizen reads, and the applicant's
 * own channel (进度查询 and 好差评) opened only by the query code on the receipt or the applicant's credit code.
 */
describe('the public side: the guide and the applicant’s channel', () => {
  let harness: AppHarness;
  const creditCode = '91310000MA1FL0077X';

  beforeAll(async () => {
    // A little above what the walk-through needs, so the per-address limit itself can be reached at the end.
    process.env.ONEWINDOW_LOOKUP_RATE_LIMIT_PER_MINUTE = '40';
    harness = await startAppHarness();
  });

  afterAll(async () => {
    delete process.env.ONEWINDOW_LOOKUP_RATE_LIMIT_PER_MINUTE;
    await harness?.stop();
  });

  const post = (path: string, role: string, body: object) =>
    request(harness.server).post(path).set('Authorization', harness.auth(role)).send(body);
  const progress = (caseId: string, code?: string) => {
    const call = request(harness.server).get(`/v1/public/cases/${encodeURIComponent(caseId)}/progress`);
    return code === undefined ? call : call.set('X-Query-Code', code);
  };

  async function started(name: string): Promise<{ caseId: string; queryCode: string }> {
    const caseId = `PUBLIC-${name}-${Date.now()}`;
    const answer = await post('/v1/cases', 'window', {
      caseId,
      templateId: 'construction-permit',
      applicant: { name: '临港某置业有限公司', creditCode },
      project: { name: '临港某产业园一期' },
      documents: materialCodesOfTemplate(defaultCatalog(), 'construction-permit').map((materialCode) => ({
        materialCode,
      })),
    }).expect(201);
    // (waited for with the staff's key: the applicant's lookups are counted per address)
    await eventually(async () => {
      const view = await request(harness.server)
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', harness.auth('auditor'));
      return view.status === 200 ? true : undefined;
    });
    return { caseId, queryCode: answer.body.queryCode as string };
  }

  it('the guide: every matter keyless, one matter with basis, materials, procedure, fees and window; cached', async () => {
    const list = await request(harness.server).get('/v1/public/guide').expect(200);
    expect(list.headers['cache-control']).toBe('public, max-age=300');
    const etag = list.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    await request(harness.server).get('/v1/public/guide').set('If-None-Match', etag).expect(304);
    const permit = (list.body.matters as Array<{ code: string; window: string | null; free: boolean }>).find(
      (matter) => matter.code === 'construction-permit',
    );
    expect(permit).toMatchObject({ free: false, window: expect.stringContaining('窗口') });

    const entry = await request(harness.server).get('/v1/public/guide/construction-permit').expect(200);
    expect(entry.body).toMatchObject({
      code: 'construction-permit',
      department: { code: 'housing', name: '住房和城乡建设局' },
      basis: expect.stringContaining('《建筑法》'),
      promisedLimit: { value: 3, unit: 'working-days' },
      legalLimit: { value: 7, unit: 'working-days' },
      fees: [
        expect.objectContaining({
          code: 'infrastructure-fee',
          standard: expect.any(String),
          basis: expect.any(String),
        }),
      ],
    });
    expect(entry.body.conditions.length).toBeGreaterThan(0);
    expect(entry.body.procedure.length).toBeGreaterThan(0);
    expect(JSON.stringify(entry.body)).not.toMatch(/creditCode|actor|reviewer/);
    const free = await request(harness.server).get('/v1/public/guide/enterprise-project-filing').expect(200);
    expect(free.body).toMatchObject({ free: true, fees: [], freeBasis: expect.stringContaining('不收费') });
    expect((await request(harness.server).get('/v1/public/guide/no-such-matter').expect(404)).body.error.code).toBe(
      'not-found',
    );
    await request(harness.server).get('/v1/public/guide/BAD%20CODE').expect(404);
  });

  it('the applicant follows the case with the receipt’s code; nothing without it, nothing with the credit code', async () => {
    const { caseId, queryCode } = await started('FOLLOW');
    expect(queryCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const followed = await progress(caseId, queryCode.toLowerCase().replace('-', '')).expect(200);
    expect(followed.headers['cache-control']).toBe('no-store');
    expect(followed.body).toMatchObject({
      caseId,
      packageName: expect.any(String),
      project: '临港某产业园一期',
      status: 'received',
      ratable: false,
      rated: false,
      steps: [expect.objectContaining({ matterCode: 'construction-permit', department: expect.any(Object) })],
    });
    expect(JSON.stringify(followed.body)).not.toMatch(/creditCode|reviewer|actor/);
    // a credit code is public: it opens nothing
    await progress(caseId, creditCode).expect(404);
    // the same receipt again (the same code), for a reprint
    const again = await progress(caseId, queryCode).expect(200);
    expect(again.body.caseId).toBe(caseId);
    // no code is a malformed request naming the header; a wrong code and an unknown case are the same 404
    const none = await progress(caseId).expect(400);
    expect(none.body.error.details[0]).toMatchObject({ field: 'X-Query-Code', rule: 'required' });
    const wrong = await progress(caseId, 'AAAA-AAAA').expect(404);
    const unknown = await progress(`${caseId}-NOPE`, queryCode).expect(404);
    expect([wrong.body.error.code, unknown.body.error.code]).toEqual(['case-not-found', 'case-not-found']);
    expect((unknown.body.error.message as string).replace(`${caseId}-NOPE`, caseId)).toBe(wrong.body.error.message);
  });

  it('a guessed code is refused after five tries, even the right one, for that case only', async () => {
    const { caseId, queryCode } = await started('GUESS');
    for (let attempt = 0; attempt < 5; attempt += 1) await progress(caseId, `GUESS-00${attempt}`).expect(404);
    const locked = await progress(caseId, queryCode).expect(429);
    expect(locked.body.error.code).toBe('too-many-attempts');
    const other = await started('OTHER');
    await progress(other.caseId, other.queryCode).expect(200);
  });

  it('the applicant rates the finished case on the channel, once; it shows as rated', async () => {
    const { caseId, queryCode } = await started('RATE');
    const rate = (body: object, code = queryCode) =>
      request(harness.server).post(`/v1/public/cases/${caseId}/rating`).set('X-Query-Code', code).send(body);
    expect((await rate({ level: 'satisfied' }).expect(409)).body.error.code).toBe('case-not-finished');
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    await post(`/v1/cases/${caseId}/updates/department-opinion`, 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'agree',
    }).expect(200);
    await post(`/v1/cases/${caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'construction-permit', number: `310115-${caseId}` }],
    }).expect(200);
    await eventually(async () => ((await progress(caseId, queryCode)).body.ratable ? true : undefined));
    const finished = await progress(caseId, queryCode).expect(200);
    expect(finished.body).toMatchObject({
      status: 'completed',
      licences: [{ number: `310115-${caseId}`, matterName: '建筑工程施工许可证核发' }],
    });
    const bad = await rate({ level: 'wonderful' }).expect(422);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'level' });
    await rate({ level: 'very-satisfied' }, 'WRONG-CODE').expect(404);
    expect((await rate({ level: 'very-satisfied', comment: '一次办成' }).expect(201)).body).toEqual({
      caseId,
      level: 'very-satisfied',
    });
    expect((await rate({ level: 'dissatisfied' }).expect(409)).body.error.code).toBe('already-rated');
    expect((await progress(caseId, queryCode).expect(200)).body).toMatchObject({ rated: true, ratable: false });
  });

  it('电子证照: an issued licence verifies keylessly and is given at intake by its number (免提交)', async () => {
    // given a business set up: the market regulator issues the business licence as an electronic licence
    const catalog = defaultCatalog();
    const template = findTemplate(catalog, 'business-setup')!;
    const tokens = new Map<string, string>();
    for (const department of new Set(
      template.steps.map((step) => catalog.matters.find((m) => m.code === step.matterCode)!.department),
    )) {
      const created = await post('/v1/admin/api-keys', 'admin', {
        name: `e-licence ${department}`,
        role: `department:${department}`,
      }).expect(201);
      tokens.set(department, (created.body as { token: string }).token);
    }
    const as = (token: string, path: string, body: object) =>
      request(harness.server).post(path).set('Authorization', `Bearer ${token}`).send(body);
    const setup = `PUBLIC-SETUP-${Date.now()}`;
    const number = `9131${Date.now()}`;
    await post('/v1/cases', 'window', {
      caseId: setup,
      templateId: 'business-setup',
      applicant: { name: '临港某置业有限公司', creditCode },
      project: { name: '企业开办' },
      documents: materialCodesOfTemplate(catalog, 'business-setup').map((materialCode) => ({ materialCode })),
    }).expect(201);
    await eventually(async () =>
      (await post(`/v1/cases/${setup}/updates/acceptance-decided`, 'window', { decision: 'accept' })).status === 200
        ? true
        : undefined,
    );
    for (const stepId of topologicalOrder(template)!) {
      const matter = catalog.matters.find(
        (m) => m.code === template.steps.find((step) => step.id === stepId)!.matterCode,
      )!;
      await as(tokens.get(matter.department)!, `/v1/cases/${setup}/updates/department-opinion`, {
        stepId,
        opinion: 'agree',
      }).expect(200);
    }
    await as(tokens.get(template.issuance.department)!, `/v1/cases/${setup}/updates/licence-issued`, {
      licences: [{ stepId: 'business-licence', number }],
    }).expect(200);
    // then anyone verifies it without a key: valid, the holder's credit code masked
    const verified = await eventually(async () => {
      const answer = await request(harness.server).get(`/v1/licences/${number}/verify`).expect(200);
      const body = answer.body as { status: string; licence?: Record<string, unknown> };
      return body.status === 'valid' ? body : undefined;
    });
    expect(verified.licence).toMatchObject({
      matterCode: 'business-registration',
      department: { code: 'market-regulation' },
      holderName: '临港某置业有限公司',
      holderCreditCode: '91**************7X',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // a number is one licence: another case may not issue it again
    const other = await started('TAKEN');
    await post(`/v1/cases/${other.caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    await post(`/v1/cases/${other.caseId}/updates/department-opinion`, 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'agree',
    }).expect(200);
    const taken = await post(`/v1/cases/${other.caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'construction-permit', number }],
    }).expect(409);
    expect(taken.body.error).toMatchObject({ code: 'licence-number-taken', details: { field: 'licences.0.number' } });
    expect((await request(harness.server).get('/v1/licences/NO-SUCH-LICENCE/verify').expect(200)).body).toEqual({
      number: 'NO-SUCH-LICENCE',
      status: 'unknown',
    });
    // and the same applicant gives its business licence by the number at the next intake, nothing to copy
    const documents = (given: object) =>
      materialCodesOfTemplate(catalog, 'construction-permit').map((materialCode) =>
        materialCode === 'business-licence' ? { materialCode, ...given } : { materialCode },
      );
    const start = (caseId: string, holder: string, given: object) =>
      post('/v1/cases', 'window', {
        caseId,
        templateId: 'construction-permit',
        applicant: { name: '临港某置业有限公司', creditCode: holder },
        project: { name: '临港某产业园一期' },
        documents: documents(given),
      });
    const index = documents({}).findIndex((document) => document.materialCode === 'business-licence');
    const refused = async (holder: string, given: object, rule: string) => {
      const answer = await start(`PUBLIC-NOPE-${Date.now()}`, holder, given).expect(422);
      expect(answer.body.error.details).toEqual([
        expect.objectContaining({ field: `documents.${index}.licenceNumber`, rule }),
      ]);
    };
    await refused(creditCode, { licenceNumber: 'NO-SUCH-LICENCE' }, 'licence-unknown');
    await refused('91310000MA1FL0099X', { licenceNumber: number }, 'licence-not-holders');
    const reused = `PUBLIC-ELICENCE-${Date.now()}`;
    await start(reused, creditCode, { licenceNumber: number }).expect(201);
    const received = await eventually(async () => {
      const events = await request(harness.server)
        .get(`/v1/cases/${reused}/timeline`)
        .set('Authorization', harness.auth('auditor'));
      return events.status === 200 ? (events.body as { events: Array<{ type: string; event: unknown }> }) : undefined;
    });
    expect(JSON.stringify(received)).toContain(number);
  });

  it('one address is limited in its lookups per minute, whatever the cases', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 60 && status !== 429; attempt += 1)
      status = (await progress(`PUBLIC-NONE-${attempt}`, 'AAAA-AAAA')).status;
    expect(status).toBe(429);
  });
});
