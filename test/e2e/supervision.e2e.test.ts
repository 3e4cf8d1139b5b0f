import ExcelJS from 'exceljs';
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { binary } from '../support/binary';

/** 电子监察 statistics from the read model in the real Postgres. */
describe('GET /v1/supervision/overview', () => {
  let harness: AppHarness;
  const department = `sup-${Date.now()}`;
  const caseId = `SUP-${Date.now()}`;

  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.dataSource.query(
      `INSERT INTO cases (case_id, workflow_id, template_id, catalog_version, status, applicant, project, departments, received_at, updated_at)
       VALUES ($1, $2, 'land-and-start', '2026.1', 'in-review', '{}', '{}', ARRAY[$3], '2026-03-02T01:00:00Z', now())`,
      [caseId, `case-${caseId}`, department],
    );
    /** A step row as the worker's projection writes it: the kernel's facts beside its status. */
    const step = (
      stepId: string,
      matter: string,
      status: string,
      deadline: string,
      level: string,
      facts: {
        finished?: string;
        running?: boolean;
        overdue?: boolean;
        raised?: string[];
        used?: number;
        legal?: number;
      },
    ) =>
      harness.dataSource.query(
        `INSERT INTO case_steps (case_id, step_id, matter_code, department, status, deadline, warning_level, started_at,
           finished_at, running, overdue, raised_warning, raised_yellow, raised_red, working_days_used,
           legal_working_days, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '2026-03-02T01:00:00Z', $8, $9, $10, $11, $12, $13, $14, $15, now())`,
        [
          caseId,
          stepId,
          matter,
          department,
          status,
          deadline,
          level,
          facts.finished ?? null,
          facts.running ?? false,
          facts.overdue ?? false,
          facts.raised?.includes('warning') ?? false,
          facts.raised?.includes('yellow') ?? false,
          facts.raised?.includes('red') ?? false,
          facts.used ?? null,
          facts.legal ?? null,
        ],
      );
    // Finished a day early: Wednesday against a Thursday deadline, 2 working days used of a legal 7.
    await step('a', 'construction-permit', 'agreed', '2026-03-05T09:30:00Z', 'none', {
      finished: '2026-03-04T02:00:00Z',
      used: 2,
      legal: 7,
    });
    // Finished three days late (the kernel's overdue fact): 8 working days used of a legal 20.
    await step('b', 'works-planning-permit', 'agreed', '2026-03-09T09:30:00Z', 'yellow', {
      finished: '2026-03-12T02:00:00Z',
      overdue: true,
      raised: ['warning', 'yellow'],
      used: 8,
      legal: 20,
    });
    // Open, its clock running past its deadline: a yellow card on the open list.
    await step('c', 'design-scheme-review', 'in-review', '2026-03-10T09:30:00Z', 'yellow', {
      running: true,
      raised: ['warning', 'yellow'],
    });
    // Open with a warning, deadline far ahead.
    await step('d', 'eia-report-form-approval', 'in-review', '2026-12-30T09:30:00Z', 'warning', {
      running: true,
      raised: ['warning'],
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('counts received, finished, on time, early, overdue, cards and the compression against the legal limit', async () => {
    const response = await request(harness.server)
      .get('/v1/supervision/overview')
      .set('Authorization', harness.auth('supervisor'))
      .expect(200);
    const stats = response.body.byDepartment[department];
    expect(stats).toMatchObject({
      received: 4,
      finished: 2,
      onTime: 1,
      early: 1,
      overdue: 2,
      open: 2,
      // Steps that ever had each raised: a yellow card came after its warning.
      warnings: 3,
      yellowCards: 2,
      redCards: 0,
      averageWorkingDaysUsed: 5,
      averageLegalWorkingDays: 13.5,
    });
    expect(stats.compressionRatio).toBeCloseTo(1 - 5 / 13.5, 6);
    const open = (response.body.openWarnings as Array<{ caseId: string; stepId: string; level: string }>).filter(
      (w) => w.caseId === caseId,
    );
    expect(open.map((w) => [w.stepId, w.level])).toEqual([
      ['c', 'yellow'],
      ['d', 'warning'],
    ]);
    expect(response.body.byMatter['construction-permit'].received).toBeGreaterThanOrEqual(1);
  });

  it('好差评: a finished case is rated once; a bad rating opens a rectification due in 15 working days', async () => {
    const rate = (id: string, body: object, role = 'integrator') =>
      request(harness.server).post(`/v1/cases/${id}/rating`).set('Authorization', harness.auth(role)).send(body);
    const open = await rate(caseId, { level: 'dissatisfied' }).expect(409);
    expect(open.body.error.code).toBe('case-not-finished');
    await harness.dataSource.query(
      `UPDATE cases SET status = 'completed', departments = ARRAY[$2, 'housing'] WHERE case_id = $1`,
      [caseId, department],
    );
    await rate(caseId, { level: 'awful' }).expect(422);
    await rate(caseId, { level: 'dissatisfied' }, 'auditor').expect(403);
    // 好差评 is the applicant's: neither the window that served the case nor a department's own system rates it
    for (const role of ['window', 'integrator:ecology', 'admin']) {
      const refused = await rate(caseId, { level: 'very-satisfied' }, role).expect(403);
      expect(refused.body.error.code).toBe(role === 'window' ? 'forbidden-role' : 'rating-from-applicant-side');
    }
    const before = (
      await request(harness.server)
        .get('/v1/supervision/overview')
        .set('Authorization', harness.auth('supervisor'))
        .expect(200)
    ).body.ratings;
    const rated = await rate(caseId, { level: 'very-dissatisfied', comment: '多次往返' }).expect(201);
    expect(rated.body.rectification.deadline).toBeDefined();
    // 15 working days from the rating, at office close.
    const opened = Date.now();
    expect(Date.parse(rated.body.rectification.deadline)).toBeGreaterThan(opened + 15 * 86_400_000);
    await rate(caseId, { level: 'satisfied' }).expect(409);
    const after = (
      await request(harness.server)
        .get('/v1/supervision/overview')
        .set('Authorization', harness.auth('supervisor'))
        .expect(200)
    ).body.ratings;
    expect(after.byLevel['very-dissatisfied']).toBe(before.byLevel['very-dissatisfied'] + 1);
    expect(after.rectifications.open).toBe(before.rectifications.open + 1);
    const complete = (role: string, resolution: string) =>
      request(harness.server)
        .post(`/v1/rectifications/${rated.body.rectification.id}/complete`)
        .set('Authorization', harness.auth(role))
        .send({ resolution });
    // a department with no step in the rated case, and admin, may not close its rectification
    for (const role of ['department:fire', 'admin']) {
      const refused = await complete(role, '代为整改').expect(403);
      expect(refused.body.error).toMatchObject({ code: 'rectification-not-yours' });
      expect(refused.body.error.message).toContain('housing');
    }
    // the housing bureau sees it among its cases' tasks, open; fire does not see it at all
    const tasks = async (role: string, query = '', status = 200) =>
      (
        await request(harness.server)
          .get(`/v1/rectifications${query}`)
          .set('Authorization', harness.auth(role))
          .expect(status)
      ).body as { items: Array<{ id: string }>; error?: { code: string } };
    const housingOpen = await tasks('department:housing', '?open=true');
    expect(housingOpen.items.map((task) => task.id)).toContain(rated.body.rectification.id);
    const fire = await tasks('department:fire');
    expect(fire.items.map((task) => task.id)).not.toContain(rated.body.rectification.id);
    expect((await tasks('department:fire', '?department=housing', 403)).error?.code).toBe('case-outside-department');
    // one of the case's departments completes it, and who did is recorded and shown
    const done = await complete('department:housing', '已整改').expect(200);
    expect(done.body).toMatchObject({
      onTime: true,
      resolution: '已整改',
      completedBy: { role: 'department:housing', department: 'housing' },
    });
    await complete('supervisor', '再次').expect(409);
    const listed = (await tasks('supervisor')).items.find((task) => task.id === rated.body.rectification.id);
    expect(listed).toMatchObject({ completedBy: { role: 'department:housing' }, onTime: true });
  });

  it('绩效评估 and 民主评议: each department scored from its facts, the ratings of its cases per quarter, as XLSX', async () => {
    const get = (path: string, role = 'supervisor') =>
      request(harness.server).get(path).set('Authorization', harness.auth(role));
    // given the department's four steps received in March (2 finished, 1 on time, 3 warnings, 2 yellow cards,
    // 5 of a legal 13.5 working days used), rated very dissatisfied in December, rectified on time by housing
    const march = await get(
      '/v1/supervision/evaluation?from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00',
    );
    expect(march.status).toBe(200);
    const scored = (march.body.departments as Array<{ department: string }>).find(
      (row) => row.department === department,
    );
    // then in March: on time ½, speed (1 − 5/13.5) ÷ ⅔, alerts 1 − (¾ + 2) ÷ 4, no 过错 finding; no rating, no
    // rectification due
    expect(scored).toMatchObject({
      received: 4,
      finished: 2,
      score: 63.85,
      components: {
        onTime: { rate: 0.5, weight: 35 },
        accountability: { rate: 1, weight: 10 },
        alerts: { rate: 0.3125 },
        ratings: { rate: null, points: 0 },
        rectifications: { rate: null, points: 0 },
      },
    });
    expect(march.body.weights).toEqual({
      onTime: 35,
      speed: 20,
      alerts: 15,
      ratings: 10,
      rectifications: 10,
      accountability: 10,
    });
    // and over all time the bad rating counts against it and the rectification on time for it
    const all = await get('/v1/supervision/evaluation').expect(200);
    const whole = (all.body.departments as Array<{ department: string; score: number }>).find(
      (row) => row.department === department,
    );
    expect(whole).toMatchObject({ score: 61.08, components: { ratings: { rate: 0 }, rectifications: { rate: 1 } } });
    // 民主评议: this year's quarter holds the department's one rating, satisfaction 0, average 0
    const review = await get('/v1/supervision/democratic-review?year=2026').expect(200);
    expect(review.body.quarters).toEqual(
      expect.arrayContaining([
        {
          quarter: '2026-Q4',
          department,
          ratings: 1,
          byLevel: { 'very-dissatisfied': 1 },
          satisfaction: 0,
          average: 0,
        },
      ]),
    );
    // both as one workbook; bad input is a 422 naming the field; a window is refused
    const xlsx = await get('/v1/supervision/evaluation/export').buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['绩效评估 evaluation', '民主评议 democratic review']);
    const rows = book.getWorksheet('绩效评估 evaluation')!.getSheetValues();
    expect(rows.some((row) => Array.isArray(row) && row.includes(department) && row.includes(61.08))).toBe(true);
    const badYear = await get('/v1/supervision/democratic-review?year=1999').expect(422);
    expect(JSON.stringify(badYear.body.error)).toContain('year');
    const reversed = await get('/v1/supervision/evaluation?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z').expect(
      422,
    );
    expect(JSON.stringify(reversed.body.error)).toContain('to');
    await get('/v1/supervision/evaluation', 'window').expect(403);
  });

  it('is for supervisors and auditors only', async () => {
    await request(harness.server)
      .get('/v1/supervision/overview')
      .set('Authorization', harness.auth('window'))
      .expect(403);
    await request(harness.server)
      .get('/v1/supervision/overview')
      .set('Authorization', harness.auth('auditor'))
      .expect(200);
  });
});
