import ExcelJS from 'exceljs';
import request from 'supertest';
import { ApiKeysService } from '@onewindow/api/auth/api-keys.service';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';
import { binary } from '../support/binary';
import { dept, windowActor, WorkflowCases } from '../support/workflow-cases';

/**
 * The centre's institutions on the engine's facts, months passing on the time-skipping server and the real activities
 * writing the read model that the API reads: a case handed over by its first responder, its step left unanswered
 * into a 红牌 that opens an accountability record, the applicant's complaint answered within its limit, and the
 * quarter's evaluation showing the red card, the rating and the complaint, on screen and in the XLSX alike.
 */
describe('首问负责, 投诉 and 问责 on the engine’s facts (time-skipping server and the API)', () => {
  const cases = new WorkflowCases('accountability');
  let harness: AppHarness;
  /** A supervisor who, before moving posts, gave the step's opinion as a housing reviewer. */
  let formerReviewer: { id: string; token: string };
  const caseId = `ACC-${Date.now()}`;

  beforeAll(async () => {
    await cases.start();
    harness = await startAppHarness();
    formerReviewer = await harness.app.get(ApiKeysService).create('test former reviewer', 'supervisor');
  });

  afterAll(async () => {
    await harness?.stop();
    await cases.stop();
  });

  const as = (role: string) => ({ Authorization: harness.auth(role) });
  const get = (path: string, role = 'supervisor') => request(harness.server).get(path).set(as(role));
  const post = (path: string, role: string, body: object) =>
    request(harness.server).post(path).set(as(role)).send(body);

  it('a red card opens a record a supervisor closes; a complaint is answered in time; the evaluation shows them', async () => {
    // given a construction permit received by window-7, who hands it to a colleague
    const handle = await cases.startCase(await cases.input(caseId, 'construction-permit'));
    await cases.apply(caseId, 'case-handed-over', {
      actor: windowActor,
      to: { id: 'W-0207', name: '李敏' },
      reason: '本人轮岗',
    });
    await cases.apply(caseId, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    // when housing leaves its step unanswered for 30 days: past its limit and the grace, a red card
    await cases.env.sleep('30 days');
    const carded = await cases.state(caseId, (view) => view.steps[0]?.clock?.warningLevel === 'red');
    expect(carded.steps[0].raised).toMatchObject({ red: true });
    expect(carded.responsibility).toMatchObject({ current: { id: 'W-0207', name: '李敏' } });
    // and then agrees (as the reviewer who has since become a supervisor), and the licence is issued
    await cases.apply(caseId, 'department-opinion', {
      actor: { ...dept('housing'), id: formerReviewer.id },
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    await cases.apply(caseId, 'licence-issued', {
      actor: windowActor,
      licences: [{ stepId: 'construction-permit', number: `310115-${caseId}` }],
    });
    expect(((await handle.result()) as { status: string }).status).toBe('completed');
    await eventually(async () => {
      const [row] = await harness.dataSource.query<Array<{ status: string; raised_red: boolean }>>(
        `SELECT c.status, s.raised_red FROM cases c JOIN case_steps s USING (case_id) WHERE c.case_id = $1`,
        [caseId],
      );
      return row?.status === 'completed' && row.raised_red ? row : undefined;
    });

    // then the red card has opened a record against housing and the step's reviewer
    const records = await get(`/v1/accountability?caseId=${caseId}`).expect(200);
    expect(records.body.items).toEqual([
      expect.objectContaining({
        source: 'red-card',
        sourceId: `${caseId}/construction-permit`,
        department: 'housing',
        stepId: 'construction-permit',
        reviewer: formerReviewer.id,
        closedAt: null,
        finding: null,
      }),
    ]);
    const red = records.body.items[0] as { id: string };
    // housing sees the records against it, and no one else's; the window sees none
    const housing = await get('/v1/accountability', 'department:housing').expect(200);
    expect((housing.body.items as Array<{ department: string }>).every((item) => item.department === 'housing')).toBe(
      true,
    );
    expect((await get('/v1/accountability?department=fire', 'department:housing').expect(403)).body.error.code).toBe(
      'case-outside-department',
    );
    await get('/v1/accountability', 'window').expect(403);

    // the applicant rates the finished case 不满意 and files a complaint through their channel
    await post(`/v1/cases/${caseId}/rating`, 'integrator', { level: 'dissatisfied', comment: '审批超期' }).expect(201);
    const window = await post(`/v1/cases/${caseId}/complaints`, 'window', { subject: '审批超期' }).expect(403);
    expect(window.body.error.code).toBe('forbidden-role');
    const scoped = await post(`/v1/cases/${caseId}/complaints`, 'integrator:ecology', { subject: '审批超期' }).expect(
      403,
    );
    expect(scoped.body.error.code).toBe('complaint-from-applicant-side');
    const blank = await post(`/v1/cases/${caseId}/complaints`, 'integrator', { subject: '  ' }).expect(422);
    expect(blank.body.error.details[0]).toMatchObject({ field: 'subject' });
    await post('/v1/cases/NO-SUCH-CASE/complaints', 'integrator', { subject: '审批超期' }).expect(404);
    const filed = await post(`/v1/cases/${caseId}/complaints`, 'integrator', {
      subject: '施工许可审查超过承诺时限，无人告知原因',
    }).expect(201);
    expect(filed.body).toMatchObject({ caseId, departments: ['housing'], finding: null, onTime: null, overdue: false });
    const filedAt = Date.parse(filed.body.filedAt as string);
    // due in 10 working days (ONEWINDOW_COMPLAINT_WORKING_DAYS' default): two weeks or more of calendar time
    expect(Date.parse(filed.body.deadline as string) - filedAt).toBeGreaterThan(13 * 86_400_000);

    // only a supervisor answers; the answer is upheld, in time, and told back through the channel
    const answer = { finding: 'upheld', answer: '经核查，投诉属实，已责令住建部门整改并向您致歉' };
    await post(`/v1/complaints/${filed.body.id}/answer`, 'department:housing', answer).expect(403);
    const byAdmin = await post(`/v1/complaints/${filed.body.id}/answer`, 'admin', answer).expect(403);
    expect(byAdmin.body.error.code).toBe('finding-by-supervisor');
    const badFinding = await post(`/v1/complaints/${filed.body.id}/answer`, 'supervisor', {
      ...answer,
      finding: 'maybe',
    }).expect(422);
    expect(badFinding.body.error.details[0]).toMatchObject({ field: 'finding' });
    const answered = await post(`/v1/complaints/${filed.body.id}/answer`, 'supervisor', answer).expect(200);
    expect(answered.body).toMatchObject({ finding: 'upheld', onTime: true, answeredBy: { role: 'supervisor' } });
    await post(`/v1/complaints/${filed.body.id}/answer`, 'supervisor', answer).expect(409);
    const relayed = await get(`/v1/complaints/${filed.body.id}`, 'integrator').expect(200);
    expect(relayed.body).toMatchObject({ answer: answer.answer, finding: 'upheld' });
    await get(`/v1/complaints/${filed.body.id}`, 'integrator:ecology').expect(403);

    // the upheld complaint opened a second record against housing
    const both = await get(`/v1/accountability?caseId=${caseId}`).expect(200);
    expect((both.body.items as Array<{ source: string }>).map((item) => item.source).sort()).toEqual([
      'red-card',
      'upheld-complaint',
    ]);

    // a finding: supervisors only, not about one's own opinion, 过错 with a measure, once
    const close = (id: string, role: string, body: object) => post(`/v1/accountability/${id}/close`, role, body);
    const finding = { finding: 'at-fault', reasons: '承办人未在时限内提出审查意见，也未申请延期', measure: '诫勉谈话' };
    await close(red.id, 'department:housing', finding).expect(403);
    expect((await close(red.id, 'admin', finding).expect(403)).body.error.code).toBe('finding-by-supervisor');
    const own = await request(harness.server)
      .post(`/v1/accountability/${red.id}/close`)
      .set('Authorization', `Bearer ${formerReviewer.token}`)
      .send(finding)
      .expect(403);
    expect(own.body.error.code).toBe('own-conduct');
    const noMeasure = await close(red.id, 'supervisor', { finding: 'at-fault', reasons: '超期' }).expect(422);
    expect(noMeasure.body.error.details[0]).toMatchObject({ field: 'measure' });
    const closed = await close(red.id, 'supervisor', finding).expect(200);
    expect(closed.body).toMatchObject({ finding: 'at-fault', measure: '诫勉谈话', closedBy: { role: 'supervisor' } });
    await close(red.id, 'supervisor', finding).expect(409);
    await close('no-such-record', 'supervisor', finding).expect(404);

    // 电子监察 counts them
    const overview = await get('/v1/supervision/overview').expect(200);
    expect(overview.body.complaints).toMatchObject({ filed: expect.any(Number), upheld: expect.any(Number) });
    expect(overview.body.complaints.upheld).toBeGreaterThanOrEqual(1);
    expect(overview.body.accountability.atFault).toBeGreaterThanOrEqual(1);
    expect(overview.body.accountability.bySource['red-card']).toBeGreaterThanOrEqual(1);

    // the quarter's evaluation shows housing's red card, its rating, the complaint and the 过错 finding
    // (the API's own instants are real time: the complaint, the rating and the findings fall in this quarter)
    const now = new Date();
    const quarterStart = new Date(
      Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1) - 8 * 3600_000,
    );
    const period = `from=${encodeURIComponent(quarterStart.toISOString())}`;
    const evaluation = await get(`/v1/supervision/evaluation?${period}`).expect(200);
    const row = (evaluation.body.departments as Array<Record<string, unknown>>).find(
      (department) => department.department === 'housing',
    )!;
    expect(row.redCards).toBeGreaterThanOrEqual(1);
    expect(row.ratings).toBeGreaterThanOrEqual(1);
    expect(row.badRatings).toBeGreaterThanOrEqual(1);
    expect(row.complaints).toBeGreaterThanOrEqual(1);
    expect(row.upheldComplaints).toBeGreaterThanOrEqual(1);
    expect(row.atFault).toBeGreaterThanOrEqual(1);
    expect((row.components as { accountability: { rate: number } }).accountability.rate).toBeLessThan(1);
    // and the download holds the same row as the screen
    const xlsx = await get(`/v1/supervision/evaluation/export?${period}`).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const sheet = book.getWorksheet('绩效评估 evaluation')!;
    const header = sheet.getRow(1).values as unknown[];
    const line = (sheet.getSheetValues() as unknown[][]).find((values) => values?.[2] === 'housing')!;
    const cell = (title: string) => line[header.indexOf(title)];
    expect(cell('得分 score')).toBe(row.score);
    expect(cell('红牌 red cards')).toBe(row.redCards);
    expect(cell('评价 ratings')).toBe(row.ratings);
    expect(cell('投诉 complaints')).toBe(row.complaints);
    expect(cell('过错 at fault')).toBe(row.atFault);
  });
});
