import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';
import { binary } from '../support/binary';

/** The routes the console needs besides the case routes, against the real stack. */
describe('routes for the console: who am I, list filters, per-reviewer statistics, exports, the archive', () => {
  let harness: AppHarness;
  const stamp = Date.now();
  const template = 'land-and-start';
  const documents = materialCodesOfTemplate(defaultCatalog(), template)
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));
  const early = `CON-A-${stamp}`;
  const late = `CON-B-${stamp}`;
  /**
   * Received two days and two hours ago: well within Art. 32's 5 working days, so the window still decides their
   * acceptance (a case received weeks ago is accepted by default the moment its timer, or any message, comes).
   */
  const hour = 3_600_000;
  const earlyAt = new Date(stamp - 50 * hour);
  const lateAt = new Date(stamp - 2 * hour);
  const iso = (at: number) => new Date(at).toISOString();

  const get = (path: string, role: string) =>
    request(harness.server).get(path).set('Authorization', harness.auth(role));
  const post = (path: string, role: string, body: object) =>
    request(harness.server).post(path).set('Authorization', harness.auth(role)).send(body);

  beforeAll(async () => {
    harness = await startAppHarness();
    const applicant = { name: '某置业有限公司', creditCode: '91310000MA1FL0000X' };
    for (const [caseId, receivedAt] of [
      [early, earlyAt.toISOString()],
      [late, lateAt.toISOString()],
    ]) {
      await post('/v1/cases', 'window', {
        caseId,
        templateId: template,
        applicant,
        project: { name: caseId },
        documents,
        receivedAt,
      }).expect(201);
    }
    for (const caseId of [early, late]) {
      await eventually(async () => {
        const response = await get(`/v1/cases/${caseId}`, 'auditor');
        return response.status === 200 ? true : undefined;
      });
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('GET /v1/me names the key’s role and department', async () => {
    const me = await get('/v1/me', 'department:ecology').expect(200);
    expect(me.body).toMatchObject({
      role: 'department:ecology',
      department: 'ecology',
      name: 'test department:ecology',
    });
    await request(harness.server).get('/v1/me').expect(401);
  });

  it('GET …/timeline gives staff the event log without hashes; integrators are refused', async () => {
    const timeline = await get(`/v1/cases/${early}/timeline`, 'window').expect(200);
    const first = (timeline.body as Array<Record<string, unknown>>)[0];
    expect(first).toMatchObject({ sequence: 1, type: 'CaseSubmitted', actor: { role: 'window' } });
    expect(first).not.toHaveProperty('hash');
    // who: the name of the key that acted, besides its id and role
    expect(first.actorName).toBe('test window');
    await get(`/v1/cases/${early}/timeline`, 'department:ecology').expect(200);
    await get(`/v1/cases/${early}/timeline`, 'integrator').expect(403);
    await get('/v1/cases/NO-SUCH-CASE/timeline', 'window').expect(404);
  });

  it('lists by received range and sorts by deadline; a reversed range is a 422 naming receivedTo', async () => {
    const ranged = await get(
      `/v1/cases?templateId=${template}&receivedFrom=${iso(lateAt.getTime() - hour)}&receivedTo=${iso(lateAt.getTime() + hour)}&pageSize=200`,
      'auditor',
    ).expect(200);
    const ids = (ranged.body.items as Array<{ caseId: string }>).map((item) => item.caseId);
    expect(ids).toContain(late);
    expect(ids).not.toContain(early);
    const sorted = await get('/v1/cases?sort=deadline&pageSize=200', 'auditor').expect(200);
    const deadlines = (sorted.body.items as Array<{ deadline: string | null }>).map((item) => item.deadline);
    const dated = deadlines.filter((deadline): deadline is string => deadline !== null);
    expect(dated).toEqual([...dated].sort());
    expect(deadlines.slice(0, dated.length)).toEqual(dated);
    const reversed = await get(
      `/v1/cases?receivedFrom=${iso(lateAt.getTime())}&receivedTo=${iso(earlyAt.getTime())}`,
      'auditor',
    ).expect(422);
    expect(reversed.body.error.details).toEqual([
      expect.objectContaining({ field: 'receivedTo', rule: 'range-order' }),
    ]);
    const level = await get('/v1/cases?warningLevel=orange', 'auditor').expect(422);
    expect(level.body.error.details[0]).toMatchObject({ field: 'warningLevel', rule: 'invalid_value' });
  });

  it('counts a reviewer’s steps once it has answered one, under its key’s name', async () => {
    await post(`/v1/cases/${early}/updates/acceptance-decided`, 'window', { decision: 'accept' }).expect(200);
    const view = await eventually(async () => {
      const response = await get(`/v1/cases/${early}`, 'auditor');
      const body = response.body as { steps: Array<{ stepId: string; department: string; status: string }> };
      return body.steps?.some((step) => step.department === 'ecology' && step.status === 'in-review')
        ? body
        : undefined;
    });
    const step = view.steps.find((candidate) => candidate.department === 'ecology')!;
    await post(`/v1/cases/${early}/updates/department-opinion`, 'department:ecology', {
      stepId: step.stepId,
      opinion: 'agree',
    }).expect(200);
    const me = (await get('/v1/me', 'department:ecology').expect(200)).body as { keyId: string };
    const overview = await eventually(async () => {
      const response = await get('/v1/supervision/overview', 'supervisor').expect(200);
      const body = response.body as { byReviewer: Record<string, unknown> };
      return body.byReviewer[me.keyId] ? body : undefined;
    });
    // The step's clock starts at the acceptance (now), so the answer is on time.
    expect(overview.byReviewer[me.keyId]).toEqual({
      name: 'test department:ecology',
      department: 'ecology',
      received: 1,
      finished: 1,
      onTime: 1,
      overdue: 0,
    });
  });

  it('lists a department’s 待办 (its steps in a status) and open or closed cases; an unknown step status is a 422', async () => {
    // given the early case accepted and its ecology step agreed (the test above), the late one still at the window
    const view = (await get(`/v1/cases/${early}`, 'auditor').expect(200)).body as {
      steps: Array<{ department: string; status: string }>;
    };
    const reviewing = view.steps.find((step) => step.status === 'in-review')!.department;
    const ids = async (query: string) =>
      ((await get(`/v1/cases?${query}&pageSize=200`, 'auditor').expect(200)).body.items as Array<{ caseId: string }>)
        .map((item) => item.caseId)
        .filter((caseId) => caseId === early || caseId === late);
    // then a department's 待办 holds the cases where its own step is in review, not where another's is
    expect(await ids(`department=${reviewing}&stepStatus=in-review`)).toEqual([early]);
    expect(await ids('department=ecology&stepStatus=in-review')).toEqual([]);
    expect(await ids('department=ecology&stepStatus=agreed')).toEqual([early]);
    // repeated or comma-separated
    expect(await ids('department=ecology&stepStatus=agreed&stepStatus=in-review')).toEqual([early]);
    expect(await ids('department=ecology&stepStatus=in-review,agreed')).toEqual([early]);
    expect(await ids('department=ecology&stepStatus=waiting')).toEqual([late]);
    // both are open; neither is closed
    expect((await ids('open=true')).sort()).toEqual([early, late].sort());
    expect(await ids('open=false')).toEqual([]);
    const unknown = await get('/v1/cases?stepStatus=in-review,finished', 'auditor').expect(422);
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'stepStatus.1', rule: 'invalid_value' });
  });

  it('exports the overview as XLSX (a sheet per table) and as CSV with a BOM', async () => {
    const xlsx = await get('/v1/supervision/overview/export?format=xlsx', 'supervisor')
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    // exceljs declares its own Buffer (an ArrayBuffer).
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      '按部门 departments',
      '按事项 matters',
      '按人员 reviewers',
      '预警 open warnings',
      '中止计时 open suspensions',
    ]);
    const departments = book.getWorksheet('按部门 departments')!;
    expect(departments.getRow(1).getCell(1).value).toBe('部门 department');
    const ecology = departments.getColumn(1).values.indexOf('ecology');
    expect(ecology).toBeGreaterThan(1);
    const csv = await get('/v1/supervision/overview/export?format=csv&table=reviewers', 'supervisor').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('\ufeff人员 reviewer,')).toBe(true);
    expect(csv.text).toContain('test department:ecology');
    const bad = await get('/v1/supervision/overview/export?format=pdf', 'supervisor').expect(422);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'format' });
    await get('/v1/supervision/overview/export', 'window').expect(403);
  });

  it('archives every case of a filter as one zip: a manifest with each file’s SHA-256, and each case’s bundle', async () => {
    const filter = `templateId=${template}&receivedFrom=${iso(earlyAt.getTime() - hour)}&receivedTo=${iso(lateAt.getTime() + hour)}`;
    const response = await get(`/v1/audit/archive?${filter}`, 'auditor')
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'application/zip');
    const files = unzipSync(new Uint8Array(response.body as Buffer));
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as {
      format: string;
      verified: boolean;
      filter: Record<string, unknown>;
      cases: Array<{ caseId: string; file: string; sha256: string; events: number; verified: boolean }>;
    };
    expect(manifest).toMatchObject({ format: 'onewindow-archive/1', verified: true, filter: { templateId: template } });
    const mine = manifest.cases.filter((entry) => entry.caseId === early || entry.caseId === late);
    expect(mine.map((entry) => entry.caseId)).toEqual([early, late]);
    for (const entry of manifest.cases) {
      expect(createHash('sha256').update(files[entry.file]).digest('hex')).toBe(entry.sha256);
      const bundle = JSON.parse(strFromU8(files[entry.file])) as { format: string; caseId: string; events: unknown[] };
      expect(bundle).toMatchObject({ format: 'onewindow-case-archive/1', caseId: entry.caseId });
      expect(bundle.events).toHaveLength(entry.events);
    }
    const tooMany = await get(`/v1/audit/archive?${filter}&limit=1`, 'auditor').expect(422);
    expect(tooMany.body.error).toMatchObject({
      code: 'archive-too-large',
      details: [expect.objectContaining({ field: 'limit' })],
    });
    await get(`/v1/audit/archive?${filter}`, 'window').expect(403);
  });
});
