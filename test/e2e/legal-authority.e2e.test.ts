import request from 'supertest';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * Who may decide, and the one-time notice, over HTTP as an integrator sees them (rules of 2026-12): the window never
 * answers for a department, 即办件 is the catalogue's, and a notice lists every missing key material.
 */
describe('authority and the one-time notice over HTTP', () => {
  let harness: AppHarness;
  const everything = materialCodesOfTemplate(defaultCatalog(), 'land-and-start').filter(
    (code) => code !== 'land-contract',
  );

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const post = (path: string, role: string, body: object) =>
    request(harness.server).post(path).set('Authorization', harness.auth(role)).send(body);

  async function started(name: string, except: string[] = []): Promise<string> {
    const caseId = `AUTH-${name}-${Date.now()}`;
    await post('/v1/cases', 'window', {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X' },
      project: { name: '临港某产业园一期' },
      documents: everything.filter((code) => !except.includes(code)).map((materialCode) => ({ materialCode })),
    }).expect(201);
    return caseId;
  }

  const view = (caseId: string) =>
    eventually(async () => {
      const response = await request(harness.server)
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', harness.auth('auditor'));
      return response.status === 200 ? (response.body as CaseView) : undefined;
    });

  it('a window key answering for a department is 403 wrong-department naming the step and its department', async () => {
    const caseId = await started('WINDOW');
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    for (const route of ['updates', 'signals']) {
      for (const role of ['window', 'integrator', 'department:housing']) {
        const refused = await post(`/v1/cases/${caseId}/${route}/department-opinion`, role, {
          stepId: 'eia-approval',
          opinion: 'agree',
        }).expect(403);
        expect(refused.body.error).toMatchObject({
          code: 'wrong-department',
          details: expect.objectContaining({
            field: 'stepId',
            details: { stepId: 'eia-approval', department: 'ecology' },
          }),
        });
        expect(refused.body.error.message).toContain('ecology');
      }
    }
    expect((await view(caseId)).steps.find((step) => step.stepId === 'eia-approval')!.status).toBe('in-review');
    // The department's own key, or an integrator scoped to it, decides.
    await post(`/v1/cases/${caseId}/updates/department-opinion`, 'integrator:ecology', {
      stepId: 'eia-approval',
      opinion: 'agree',
    }).expect(200);
    expect((await view(caseId)).steps.find((step) => step.stepId === 'eia-approval')!.status).toBe('agreed');
  });

  it('handling immediate (即办件) on a joint case is 422 naming handling, and nothing is decided', async () => {
    const caseId = await started('IMMEDIATE');
    const refused = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', {
      decision: 'accept',
      handling: 'immediate',
    }).expect(422);
    expect(refused.body.error).toMatchObject({
      code: 'immediate-not-allowed',
      details: expect.objectContaining({ field: 'handling' }),
    });
    const current = await view(caseId);
    expect(current.status).toBe('received');
    expect(current.steps.every((step) => step.opinion === undefined)).toBe(true);
  });

  it('Art. 32: a one-time notice that leaves out a missing key material is 422 naming it; the full one is taken', async () => {
    const caseId = await started('NOTICE', ['design-scheme', 'eia-report-form']);
    const refused = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', {
      decision: 'notify-missing',
      missing: [{ materialCode: 'design-scheme' }],
    }).expect(422);
    expect(refused.body.error).toMatchObject({
      code: 'notice-incomplete',
      details: expect.objectContaining({ field: 'missing', details: ['eia-report-form'] }),
    });
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', {
      decision: 'notify-missing',
      missing: [{ materialCode: 'design-scheme' }, { materialCode: 'eia-report-form' }],
    }).expect(200);
    await post(`/v1/cases/${caseId}/updates/documents-supplemented`, 'window', {
      documents: [{ materialCode: 'design-scheme' }],
    }).expect(200);
    expect((await view(caseId)).status).toBe('awaiting-supplement');
    await post(`/v1/cases/${caseId}/updates/documents-supplemented`, 'window', {
      documents: [{ materialCode: 'eia-report-form' }],
    }).expect(200);
    expect((await view(caseId)).status).toBe('in-review');
  });

  it('a department key lists and reads only the cases its department takes part in: 403 case-outside-department', async () => {
    // given a land-and-start case: ecology has a step in it, the government-service office none
    const caseId = await started('SCOPE');
    const get = (path: string, role: string) =>
      request(harness.server).get(path).set('Authorization', harness.auth(role));
    const ids = (body: { items: Array<{ caseId: string; departments: string[] }> }) =>
      body.items.map((item) => item.caseId);
    await eventually(async () => {
      const listed = await get('/v1/cases?pageSize=200', 'department:ecology');
      return ids(listed.body).includes(caseId) || undefined;
    });
    // then ecology reads the case, its state and its timeline; government-service is refused each, by rule
    for (const path of [
      `/v1/cases/${caseId}`,
      `/v1/cases/${caseId}/queries/case-state`,
      `/v1/cases/${caseId}/timeline`,
    ]) {
      await get(path, 'department:ecology').expect(200);
      const refused = await get(path, 'department:government-service').expect(403);
      expect(refused.body.error.code).toBe('case-outside-department');
      expect(refused.body.error.message).toContain(`case ${caseId} has no government-service step`);
    }
    // and its list holds only its own cases, another department's list is refused
    const own = await get('/v1/cases?pageSize=200', 'department:ecology').expect(200);
    const mine = (own.body as { items: Array<{ departments: string[] }> }).items;
    expect(mine.every((item) => item.departments.includes('ecology'))).toBe(true);
    const outsider = await get('/v1/cases?pageSize=200', 'department:government-service').expect(200);
    expect(ids(outsider.body)).not.toContain(caseId);
    const asked = await get('/v1/cases?department=ecology', 'department:government-service').expect(403);
    expect(asked.body.error.code).toBe('case-outside-department');
    // an integrator acting for ecology is held to ecology's cases too
    await get(`/v1/cases/${caseId}`, 'integrator:ecology').expect(200);
    // while the window, supervisors and auditors see the centre's cases
    for (const role of ['window', 'supervisor', 'auditor']) await get(`/v1/cases/${caseId}`, role).expect(200);
  });

  it('a withdrawn case leaves every department’s 待办 at once: its open steps are cancelled with the case', async () => {
    // given an accepted case whose ecology step is in review, in ecology's 待办
    const caseId = await started('WITHDRAWN');
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    const todo = async (department: string) => {
      const listed = await request(harness.server)
        .get(`/v1/cases?department=${department}&stepStatus=in-review,awaiting-correction,referred&pageSize=200`)
        .set('Authorization', harness.auth(`department:${department}`))
        .expect(200);
      return (listed.body as { items: Array<{ caseId: string }> }).items.some((item) => item.caseId === caseId);
    };
    await eventually(async () => (await todo('ecology')) || undefined);
    const before = await view(caseId);
    const open = before.steps.filter((step) => step.status === 'in-review').map((step) => step.department);
    expect(open.length).toBeGreaterThan(0);
    // when the applicant withdraws it through the window
    await post(`/v1/cases/${caseId}/updates/withdrawn`, 'window', { reason: '申请人撤回' }).expect(200);
    // then, read at once after the answer, no department that had a step in review still owes it
    for (const department of new Set(open)) expect(await todo(department)).toBe(false);
    // and the case view shows every step it had not finished (in review, or waiting for one) cancelled with it
    const unfinished = before.steps
      .filter((step) => step.status === 'in-review' || step.status === 'waiting')
      .map((step) => step.stepId);
    const after = await view(caseId);
    expect(after.status).toBe('withdrawn');
    expect(after.steps.filter((step) => step.status === 'in-review')).toEqual([]);
    expect(
      after.steps
        .filter((step) => step.status === 'cancelled')
        .map((step) => step.stepId)
        .sort(),
    ).toEqual(unfinished.sort());
  });

  it('首问负责制: the receiving window answers for the case; it, or a supervisor, hands it over with the reason', async () => {
    // given a case received through the window key
    const caseId = await started('HANDOVER');
    expect((await view(caseId)).responsibility).toMatchObject({
      firstResponder: { role: 'window' },
      handOvers: [],
    });
    const handOver = (role: string, to: { id: string; name: string }, reason = '本人轮岗') =>
      post(`/v1/cases/${caseId}/updates/case-handed-over`, role, { to, reason });
    // when the window hands it to a colleague
    await handOver('window', { id: 'W-0207', name: '李敏' }).expect(200);
    // then the colleague answers for it; the window may not hand it on again, a department never may
    expect((await view(caseId)).responsibility).toMatchObject({
      current: { id: 'W-0207', name: '李敏' },
      handOvers: [{ to: { id: 'W-0207', name: '李敏' }, reason: '本人轮岗', by: { role: 'window' } }],
    });
    expect((await handOver('window', { id: 'W-0300', name: '王强' }).expect(403)).body.error.code).toBe(
      'not-responsible',
    );
    await handOver('department:ecology', { id: 'W-0300', name: '王强' }).expect(403);
    // a blank reason is a 422 naming it; the supervisor reassigns, not to the one who has it
    const blank = await handOver('supervisor', { id: 'W-0300', name: '王强' }, '').expect(422);
    expect(JSON.stringify(blank.body.error)).toContain('reason');
    expect((await handOver('supervisor', { id: 'W-0207', name: '李敏' }).expect(422)).body.error.code).toBe(
      'hand-over-to-self',
    );
    await handOver('supervisor', { id: 'W-0300', name: '王强' }, '李敏休假').expect(200);
    expect((await view(caseId)).responsibility?.current).toMatchObject({ id: 'W-0300', name: '王强' });
  });

  it('电子监察 counts a completed, a refused and a terminated case once each, in the right column', async () => {
    const overview = async () =>
      (
        await request(harness.server)
          .get('/v1/supervision/overview')
          .set('Authorization', harness.auth('supervisor'))
          .expect(200)
      ).body as {
        total: { cases: Record<string, number> };
        byMatter: Record<
          string,
          { received: number; finished: number; cancelled: number; onTime: number; open: number }
        >;
      };
    const permitDocuments = materialCodesOfTemplate(defaultCatalog(), 'construction-permit');
    const permit = async (name: string, except: string[] = []) => {
      const caseId = `AUTH-${name}-${Date.now()}`;
      await post('/v1/cases', 'window', {
        caseId,
        templateId: 'construction-permit',
        applicant: { name: '某建设单位', creditCode: '91310000MA1FL0000X' },
        project: { name: '某项目' },
        documents: permitDocuments.filter((code) => !except.includes(code)).map((materialCode) => ({ materialCode })),
      }).expect(201);
      return caseId;
    };
    const update = (caseId: string, name: string, role: string, body: object) =>
      post(`/v1/cases/${caseId}/updates/${name}`, role, body).expect(200);
    // given the counts before
    const before = await overview();
    const stepsBefore = before.byMatter['construction-permit'] ?? {
      received: 0,
      finished: 0,
      cancelled: 0,
      onTime: 0,
      open: 0,
    };
    // when one case is completed, one refused by housing, one terminated for a false commitment
    const completed = await permit('COMPLETED');
    await update(completed, 'acceptance-decided', 'window', { decision: 'accept' });
    await update(completed, 'department-opinion', 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    await update(completed, 'licence-issued', 'window', {
      licences: [{ stepId: 'construction-permit', number: `3101152026${Date.now() % 100_000_000}` }],
    });
    const refused = await permit('REFUSED');
    await update(refused, 'acceptance-decided', 'window', { decision: 'accept' });
    await update(refused, 'department-opinion', 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'disagree',
      reasons: '施工图未经审查合格',
    });
    const terminated = await permit('TERMINATED', ['funding-proof']);
    await update(terminated, 'acceptance-decided', 'window', {
      decision: 'accept-with-commitment',
      commitments: [{ materialCode: 'funding-proof', text: '承诺建设资金已经落实' }],
    });
    await update(terminated, 'commitment-verified', 'department:housing', {
      materialCode: 'funding-proof',
      result: 'false',
      note: '核查资金未落实',
    });
    expect((await view(completed)).status).toBe('completed');
    expect((await view(refused)).status).toBe('refused');
    expect((await view(terminated)).status).toBe('terminated');
    // then three more cases, all finished, none open; their steps: two with an outcome on time, one cancelled
    const after = await overview();
    const steps = after.byMatter['construction-permit'];
    expect({
      received: after.total.cases.received - before.total.cases.received,
      finished: after.total.cases.finished - before.total.cases.finished,
      open: after.total.cases.open - before.total.cases.open,
    }).toEqual({ received: 3, finished: 3, open: 0 });
    expect({
      received: steps.received - stepsBefore.received,
      finished: steps.finished - stepsBefore.finished,
      onTime: steps.onTime - stepsBefore.onTime,
      cancelled: steps.cancelled - stepsBefore.cancelled,
      open: steps.open - stepsBefore.open,
    }).toEqual({ received: 3, finished: 2, onTime: 2, cancelled: 1, open: 0 });
  });
});
