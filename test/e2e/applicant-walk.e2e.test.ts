import request from 'supertest';
import { findTemplate, materialCodesOfTemplate, topologicalOrder, type CatalogSnapshot } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * One applicant through the service centre's public side and 统一收费, over HTTP against the real API, Temporal and
 * Postgres: the guide read without a key; a land-and-start application giving the business licence by its
 * electronic licence's number (免提交); two fees assessed at the published standard, one paid, the other waived by
 * a second person; the progress followed with the receipt's query code; the licence issued only once nothing is due,
 * verified keylessly, and the case rated. A second project, small enough for the 审批豁免清单, has its construction
 * permit closed exempt at acceptance with the legal basis.
 */
/** The applicant's progress, as much of it as the walk reads. */
interface Progress {
  status: string;
  steps: Array<Record<string, unknown>>;
  fees: Array<Record<string, unknown>>;
  licences: Array<Record<string, unknown>>;
}

describe('an applicant’s walk: guide, e-licence, fees and waiver, progress, licence, rating; an exempt project', () => {
  let harness: AppHarness;
  let catalog: CatalogSnapshot;
  const creditCode = '91310000MA1FL0555X';
  const stamp = Date.now();

  beforeAll(async () => {
    harness = await startAppHarness();
    catalog = defaultCatalog();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const post = (path: string, role: string, body: object) =>
    request(harness.server).post(path).set('Authorization', harness.auth(role)).send(body);
  const departmentOf = (templateId: string, stepId: string) => {
    const step = findTemplate(catalog, templateId)!.steps.find((candidate) => candidate.id === stepId)!;
    return catalog.matters.find((matter) => matter.code === step.matterCode)!.department;
  };
  const progress = (caseId: string, code: string) =>
    request(harness.server)
      .get(`/v1/public/cases/${encodeURIComponent(caseId)}/progress`)
      .set('X-Query-Code', code);
  const view = async (caseId: string, ready: (body: Record<string, unknown>) => boolean = () => true) =>
    eventually(async () => {
      const answer = await request(harness.server)
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', harness.auth('auditor'));
      return answer.status === 200 && ready(answer.body as Record<string, unknown>)
        ? (answer.body as Record<string, unknown>)
        : undefined;
    });
  const decideAll = async (templateId: string, caseId: string, stepIds: readonly string[]) => {
    const current = await view(caseId);
    const done = new Set(
      (current.steps as Array<{ stepId: string; status: string }>)
        .filter((step) => step.status === 'agreed')
        .map((step) => step.stepId),
    );
    // (an immediate matter, 即办件, is agreed on the spot)
    for (const stepId of stepIds.filter((id) => !done.has(id))) {
      const answer = await post(
        `/v1/cases/${caseId}/updates/department-opinion`,
        `department:${departmentOf(templateId, stepId)}`,
        { stepId, opinion: 'agree' },
      );
      expect({ stepId, status: answer.status, error: answer.body.error }).toEqual({
        stepId,
        status: 200,
        error: undefined,
      });
    }
  };

  /** A business set up: its business licence becomes an electronic licence of this applicant. */
  async function businessLicence(): Promise<string> {
    const caseId = `WALK-SETUP-${stamp}`;
    const number = `9131${stamp}`;
    const template = findTemplate(catalog, 'business-setup')!;
    await post('/v1/cases', 'window', {
      caseId,
      templateId: 'business-setup',
      applicant: { name: '临港某科技有限公司', creditCode },
      project: { name: '企业开办' },
      documents: materialCodesOfTemplate(catalog, 'business-setup').map((materialCode) => ({ materialCode })),
    }).expect(201);
    await view(caseId);
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    // The business-setup departments are not among the harness's keys: keys of their own, from the admin.
    for (const stepId of topologicalOrder(template)!) {
      const department = departmentOf('business-setup', stepId);
      const created = await post('/v1/admin/api-keys', 'admin', {
        name: `walk ${department}`,
        role: `department:${department}`,
      }).expect(201);
      await request(harness.server)
        .post(`/v1/cases/${caseId}/updates/department-opinion`)
        .set('Authorization', `Bearer ${(created.body as { token: string }).token}`)
        .send({ stepId, opinion: 'agree' })
        .expect(200);
    }
    await post(`/v1/cases/${caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'business-licence', number }],
    }).expect(200);
    await eventually(async () => {
      const answer = await request(harness.server).get(`/v1/licences/${number}/verify`).expect(200);
      return (answer.body as { status: string }).status === 'valid' ? true : undefined;
    });
    return number;
  }

  it('walks one land-and-start application from the guide to the rating', async () => {
    // The guide, keyless: the construction permit's fee, its standard, basis and who may have it waived.
    const guide = await request(harness.server).get('/v1/public/guide/construction-permit').expect(200);
    const fee = (guide.body.fees as Array<{ code: string; waiver?: string; amount: { perUnitYuan?: number } }>)[0];
    expect(fee).toMatchObject({ code: 'infrastructure-fee', amount: { perUnitYuan: 100 }, waiver: expect.any(String) });

    // Applies, the business licence given by its e-licence number.
    const licence = await businessLicence();
    const caseId = `WALK-${stamp}`;
    const started = await post('/v1/cases', 'window', {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '临港某科技有限公司', creditCode },
      project: { name: '临港某科技园研发楼', investmentTenThousandYuan: 26000, floorAreaSquareMetres: 24000 },
      documents: materialCodesOfTemplate(catalog, 'land-and-start')
        .filter((code) => code !== 'land-contract')
        .map((materialCode) =>
          materialCode === 'business-licence' ? { materialCode, licenceNumber: licence } : { materialCode },
        ),
    }).expect(201);
    const queryCode = started.body.queryCode as string;
    await view(caseId);
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);

    // Fees: at the published standard only; the window assesses both.
    const wrong = await post(`/v1/cases/${caseId}/updates/fees-assessed`, 'window', {
      fees: [
        { matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 24000, amountYuan: 2_000_000 },
      ],
    }).expect(422);
    expect(wrong.body.error).toMatchObject({
      code: 'fee-not-standard',
      details: expect.objectContaining({ field: 'fees.0.amountYuan' }),
    });
    const unpublished = await post(`/v1/cases/${caseId}/updates/fees-assessed`, 'window', {
      fees: [{ matterCode: 'construction-permit', itemCode: 'service-fee', amountYuan: 100 }],
    }).expect(422);
    expect(unpublished.body.error.code).toBe('fee-not-published');
    await post(`/v1/cases/${caseId}/updates/fees-assessed`, 'window', {
      fees: [
        { matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 24000, amountYuan: 2_400_000 },
        {
          matterCode: 'air-defence-construction-approval',
          itemCode: 'air-defence-relocation-fee',
          quantity: 1200,
          amountYuan: 1_800_000,
        },
      ],
    }).expect(200);

    // The air-defence fee is waived: asked at the window, decided by a supervisor (never the window that asked).
    await post(`/v1/cases/${caseId}/updates/fee-waiver-requested`, 'window', {
      feeId: 'f1',
      reason: '研发楼属本市减免目录所列项目，申请免征易地建设费',
    }).expect(200);
    const self = await post(`/v1/cases/${caseId}/updates/fee-waiver-decided`, 'window', {
      feeId: 'f1',
      granted: true,
      reasons: '同意',
    }).expect(403);
    expect(self.body.error.code).toBe('forbidden-role');
    await post(`/v1/cases/${caseId}/updates/fee-waiver-decided`, 'supervisor', {
      feeId: 'f1',
      granted: true,
      reasons: '符合减免目录，同意免征',
    }).expect(200);

    // The joint review: pre-review, the land contract, the formal steps.
    const template = findTemplate(catalog, 'land-and-start')!;
    const order = topologicalOrder(template)!.filter(
      (stepId) => template.steps.find((step) => step.id === stepId)!.required,
    );
    const pre = order.filter((stepId) => template.steps.find((step) => step.id === stepId)!.phase === 'pre-review');
    await decideAll('land-and-start', caseId, pre);
    await post(`/v1/cases/${caseId}/updates/land-contract-signed`, 'window', {
      contractNumber: '沪规划资源让(2026)55号',
    }).expect(200);
    await decideAll(
      'land-and-start',
      caseId,
      order.filter((stepId) => !pre.includes(stepId)),
    );

    // The licence waits for the fee still due; the applicant sees what to pay.
    const waiting = await post(`/v1/cases/${caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'construction-permit', number: `SG-${stamp}` }],
    }).expect(409);
    expect(waiting.body.error.code).toBe('fees-unpaid');
    const owed = await eventually(async () => {
      const answer = await progress(caseId, queryCode).expect(200);
      return answer.body.status === 'awaiting-issuance' ? (answer.body as Progress) : undefined;
    });
    expect(owed.fees).toEqual([
      { name: '城市基础设施配套费', amountYuan: 2_400_000, status: 'due', dueYuan: 2_400_000 },
      { name: '防空地下室易地建设费', amountYuan: 1_800_000, status: 'waived', dueYuan: 0 },
    ]);

    // Paid through the payment platform; then the licence.
    await post(`/v1/cases/${caseId}/updates/fee-paid`, 'integrator', {
      feeId: 'f0',
      amountYuan: 2_400_000,
      receipt: '非税-2026-000555',
    }).expect(200);
    await post(`/v1/cases/${caseId}/updates/licence-issued`, 'window', {
      licences: [{ stepId: 'construction-permit', number: `SG-${stamp}` }],
    }).expect(200);

    // The applicant follows it to the end with the code, verifies the e-licence keylessly and rates the case.
    const finished = await eventually(async () => {
      const answer = await progress(caseId, queryCode).expect(200);
      return answer.body.ratable ? (answer.body as Progress) : undefined;
    });
    expect(finished).toMatchObject({
      status: 'completed',
      licences: [{ number: `SG-${stamp}`, matterName: '建筑工程施工许可证核发' }],
      fees: [expect.objectContaining({ status: 'paid', dueYuan: 0 }), expect.objectContaining({ status: 'waived' })],
    });
    const verified = await eventually(async () => {
      const answer = await request(harness.server).get(`/v1/licences/SG-${stamp}/verify`).expect(200);
      const body = answer.body as { status: string; licence?: Record<string, unknown> };
      return body.status === 'valid' ? body : undefined;
    });
    expect(verified.licence).toMatchObject({ matterCode: 'construction-permit', department: { code: 'housing' } });
    await request(harness.server)
      .post(`/v1/public/cases/${caseId}/rating`)
      .set('X-Query-Code', queryCode)
      .send({ level: 'very-satisfied', comment: '缴费减免一次办好' })
      .expect(201);

    // 电子监察 sums the fees per department: assessed, paid, waived.
    const overview = await request(harness.server)
      .get('/v1/supervision/overview')
      .set('Authorization', harness.auth('supervisor'))
      .expect(200);
    const housing = overview.body.fees.byDepartment.housing as Record<string, number>;
    const airDefence = overview.body.fees.byDepartment['civil-air-defence'] as Record<string, number>;
    expect(housing.paidFen).toBeGreaterThanOrEqual(240_000_000);
    expect(airDefence.waivedFen).toBeGreaterThanOrEqual(180_000_000);
    // Every 分 assessed is paid, waived, still due, or cancelled with its case (other suites' cases count too).
    expect(overview.body.fees.assessedFen).toBe(
      overview.body.fees.paidFen +
        overview.body.fees.waivedFen +
        overview.body.fees.dueFen +
        overview.body.fees.cancelledFen,
    );
  });

  it('a project on the 审批豁免清单: its construction permit is closed exempt at acceptance, with the basis', async () => {
    const caseId = `WALK-EXEMPT-${stamp}`;
    const started = await post('/v1/cases', 'window', {
      caseId,
      templateId: 'construction-permit',
      applicant: { name: '某村股份经济合作社', creditCode: '53310000MA1FL0666Y' },
      project: { name: '村委会配套用房', investmentTenThousandYuan: 28, floorAreaSquareMetres: 260 },
      documents: materialCodesOfTemplate(catalog, 'construction-permit').map((materialCode) => ({ materialCode })),
    }).expect(201);
    await view(caseId);
    await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    const done = await view(caseId, (body) => body.status === 'completed');
    expect((done.steps as Array<Record<string, unknown>>)[0]).toMatchObject({
      status: 'exempt',
      exempt: {
        basis: expect.stringContaining('第二条第二款'),
        condition: expect.stringContaining('300平方米以下'),
      },
    });
    const seen = await eventually(async () => {
      const answer = await progress(caseId, started.body.queryCode as string).expect(200);
      return answer.body.status === 'completed' ? (answer.body as Progress) : undefined;
    });
    expect(seen.steps[0]).toMatchObject({ status: 'exempt', exemptBasis: expect.stringContaining('施工许可管理办法') });
    // Counted apart from approvals in 电子监察.
    const overview = await request(harness.server)
      .get('/v1/supervision/overview')
      .query({ matter: 'construction-permit', from: new Date(stamp - 60_000).toISOString() })
      .set('Authorization', harness.auth('supervisor'))
      .expect(200);
    expect(overview.body.exemptions.byMatter['construction-permit']).toBeGreaterThanOrEqual(1);
  });
});
