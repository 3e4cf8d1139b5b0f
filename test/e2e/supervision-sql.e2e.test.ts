import request from 'supertest';
import { loadCaseContext } from '@onewindow/activities/context';
import { projectBatch } from '@onewindow/activities/projection';
import { SupervisionService } from '@onewindow/api/supervision/supervision.service';
import { yearCase } from '@onewindow/bench/year-cases';
import { landAndStartDocuments } from '@onewindow/bench/stack';
import { WorkingCalendar } from '@onewindow/calendar';
import { listStartedSteps, listSupervisedCases } from '@onewindow/persistence';
import { supervisionOverview, type SupervisionFilter } from '@onewindow/supervision';
import { startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * 电子监察 aggregated in Postgres against libs/supervision's pure computation, on the same cases: a year of
 * land-and-start cases (2025) made by the decider and written through the projection (`projectBatch`), as the
 * supervision benchmark seeds them. The pure computation over every step loaded is the reference the SQL must equal,
 * for every filter.
 */
describe('a year in the read model: the overview aggregated in SQL, keyset pages', () => {
  let harness: AppHarness;
  const yearEnd = Date.parse('2025-12-01T00:00:00Z');
  const prefix = `SQL-${Date.now().toString(36)}`;
  const cases = 150;
  let context: Awaited<ReturnType<typeof loadCaseContext>>;

  beforeAll(async () => {
    harness = await startAppHarness();
    context = await loadCaseContext(harness.dataSource, { templateId: 'land-and-start' });
    const calendar = new WorkingCalendar(context.calendar);
    const documents = landAndStartDocuments();
    for (let index = 0; index < cases; index += 1) {
      // A fifth of the answers late, so that overdue steps, cards and late cases are there to count.
      const run = yearCase(context, calendar, { index, prefix, now: yearEnd, documents, lateShare: 0.2 });
      await projectBatch(harness.dataSource, run.batch(), () => Promise.resolve(calendar));
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  // The seeded year, and slices of it; other suites' cases (received today) fall outside every period.
  const year = { from: '2024-12-01T00:00:00.000Z', to: '2025-12-01T00:00:00.000Z' };
  const filters: Array<[string, SupervisionFilter]> = [
    ['received in the year', year],
    ['received in a quarter', { from: '2025-03-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }],
    ['finished in the year', { ...year, period: 'finished' }],
    ['one department', { ...year, department: 'housing' }],
    ['one matter', { ...year, matter: 'construction-permit' }],
    [
      'department and matter, finished',
      { ...year, period: 'finished', department: 'natural-resources', matter: 'works-planning-permit' },
    ],
    ['a department with no step of that matter', { ...year, department: 'fire', matter: 'construction-permit' }],
  ];

  it.each(filters)('equals the pure computation over every step loaded: %s', async (_name, filter) => {
    // given the seeded year in the read model, and one instant of counting
    const now = new Date('2026-01-15T02:00:00.000Z');
    const service = harness.app.get(SupervisionService);
    // when the overview is aggregated in SQL and computed from every started step loaded
    const { asOf, ratings, openSuspensions, byReviewer, complaints, accountability, fees, exemptions, ...fromSql } =
      await service.overview(filter, now);
    const steps = await listStartedSteps(harness.dataSource);
    const supervised = await listSupervisedCases(harness.dataSource);
    const calendar = new WorkingCalendar(context.calendar);
    const { byReviewer: pureReviewers, ...pure } = supervisionOverview(
      steps,
      { calendar, now: now.toISOString() },
      filter,
      supervised,
    );
    // then both say the same, to the last average and the last case count; reviewers too (SQL adds their key's name)
    expect(asOf).toBe(now.toISOString());
    expect(ratings).toBeDefined();
    expect(openSuspensions).toBeDefined();
    expect(complaints.filed).toBeGreaterThanOrEqual(0);
    expect(accountability.opened).toBeGreaterThanOrEqual(0);
    expect(fees.fees).toBeGreaterThanOrEqual(0);
    expect(exemptions.exempt).toBeGreaterThanOrEqual(0);
    expect(fromSql).toEqual(pure);
    const unnamed = Object.fromEntries(
      Object.entries(byReviewer).map(([id, { name: _name, ...stats }]) => [id, stats]),
    );
    expect(unnamed).toEqual(pureReviewers);
  });

  it('counts the seeded cases once each, and finds late steps, cards and open warnings among them', async () => {
    const service = harness.app.get(SupervisionService);
    const overview = await service.overview(year, new Date('2026-01-15T02:00:00.000Z'));
    expect(overview.total.cases.received).toBe(cases);
    expect(overview.total.received).toBeGreaterThan(cases * 5);
    expect(overview.total.overdue).toBeGreaterThan(0);
    expect(overview.total.finished).toBeGreaterThan(0);
    expect(overview.total.averageWorkingDaysUsed).toBeGreaterThan(0);
    expect(overview.total.yellowCards + overview.total.redCards).toBeGreaterThan(0);
    expect(overview.openWarnings.length).toBeGreaterThan(0);
    // the reviewers who answered, counted in the same scan
    expect(Object.keys(overview.byReviewer).length).toBeGreaterThan(0);
    expect(overview.byDepartment.housing.cases.received).toBeLessThanOrEqual(cases);
  });

  it('reads its filters from the query string, and refuses a bad one naming the field', async () => {
    const get = (query: string) =>
      request(harness.server).get(`/v1/supervision/overview?${query}`).set('Authorization', harness.auth('supervisor'));
    const answered = await get(`from=${year.from}&to=${year.to}&department=housing`).expect(200);
    expect(answered.body.total.cases.received).toBeGreaterThan(0);
    expect(Object.keys(answered.body.byDepartment)).toEqual(['housing']);
    const badInstant = await get('from=yesterday').expect(422);
    expect(badInstant.body.error.details).toEqual([expect.objectContaining({ field: 'from', rule: 'isInstant' })]);
    const backwards = await get(`from=${year.to}&to=${year.from}`).expect(422);
    expect(backwards.body.error.details).toEqual([expect.objectContaining({ field: 'to', rule: 'after-from' })]);
    const period = await get('period=closed').expect(422);
    expect(period.body.error.details).toEqual([expect.objectContaining({ field: 'period' })]);
  });

  it('GET /v1/cases walks the same cases with `after` as with page numbers, and refuses a cursor it did not make', async () => {
    const get = (query: string) =>
      request(harness.server).get(`/v1/cases?${query}`).set('Authorization', harness.auth('auditor'));
    const byPage = (await get('templateId=land-and-start&pageSize=50&page=1').expect(200)).body;
    const second = (await get('templateId=land-and-start&pageSize=50&page=2').expect(200)).body;
    expect(byPage.total).toBeGreaterThan(100);
    // when the first page's cursor is followed
    const after = (await get(`templateId=land-and-start&pageSize=50&after=${byPage.next}`).expect(200)).body;
    // then it is page 2, with the same total and a cursor of its own
    expect(after.items).toEqual(second.items);
    expect(after.total).toBe(byPage.total);
    expect(after.next).not.toBe(byPage.next);
    const refused = await get('after=bm90LWEtY3Vyc29y').expect(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid-cursor' });
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'after' })]);
    const both = await get(`page=2&after=${byPage.next}`).expect(422);
    expect(both.body.error.details).toEqual([expect.objectContaining({ field: 'page', rule: 'exclusive-with-after' })]);
    // oldest first too; by deadline the cursor is refused (pages by number there), naming after
    const oldest = (await get('templateId=land-and-start&pageSize=50&sort=receivedAt').expect(200)).body;
    const oldestSecond = (await get('templateId=land-and-start&pageSize=50&sort=receivedAt&page=2').expect(200)).body;
    const oldestAfter = (
      await get(`templateId=land-and-start&pageSize=50&sort=receivedAt&after=${oldest.next}`).expect(200)
    ).body;
    expect(oldestAfter.items).toEqual(oldestSecond.items);
    const byDeadline = await get(`sort=deadline&after=${byPage.next}`).expect(422);
    expect(byDeadline.body.error.details).toEqual([
      expect.objectContaining({ field: 'after', rule: 'after-needs-receipt-order' }),
    ]);
  });
});
