import request from 'supertest';
import { WorkingCalendar } from '@onewindow/calendar';
import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { calendarSettingsFromEnv, loadCalendarData } from '@onewindow/persistence';
import type { WholeProcessView } from '@onewindow/supervision';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * The whole-process clock over HTTP: a project's stage cases, received weeks ago and never decided on (so accepted
 * by law from the day of receipt, Art. 32), counted against the 120 working days on each case and in supervision.
 */
describe('the whole-process clock of a project', () => {
  let harness: AppHarness;
  let calendar: WorkingCalendar;
  const projectCode = `2026-310115-48-01-${Date.now().toString().slice(-6)}`;

  beforeAll(async () => {
    harness = await startAppHarness();
    calendar = new WorkingCalendar(await loadCalendarData(harness.dataSource, calendarSettingsFromEnv({})));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const get = (path: string, role = 'auditor') =>
    request(harness.server).get(path).set('Authorization', harness.auth(role));

  async function stageCase(name: string, workingDaysAgo: number): Promise<CaseView> {
    const caseId = `WP-${name}-${Date.now()}`;
    const now = new Date().toISOString();
    const receivedAt = calendar.officeCloseAt(calendar.subtractWorkingDays(calendar.localDate(now), workingDaysAgo));
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'construction-permit',
        receivedAt,
        applicant: { name: '某建设有限公司', creditCode: '91310000MA1FL0002X' },
        project: { name: '某厂房', code: projectCode },
        documents: materialCodesOfTemplate(defaultCatalog(), 'construction-permit').map((materialCode) => ({
          materialCode,
        })),
      })
      .expect(201);
    // No decision within 5 working days: accepted from the day of receipt (Art. 32), the timer fires at once.
    return eventually(async () => {
      const answer = await get(`/v1/cases/${caseId}`);
      const view = answer.body as CaseView;
      return answer.status === 200 && view.status === 'in-review' ? view : undefined;
    });
  }

  it('counts the stage cases once where they overlap, on each case and in supervision', async () => {
    const first = await stageCase('A', 20);
    const second = await stageCase('B', 8);
    const project = (await get(`/v1/projects/${projectCode}`).expect(200)).body as WholeProcessView;
    const now = new Date().toISOString();
    const expected = calendar.workingDaysBetween(first.countedFrom!, now);
    expect(project).toMatchObject({
      projectCode,
      limit: { value: 120, unit: 'working-days' },
      usedWorkingDays: expected,
      remainingWorkingDays: 120 - expected,
      overdue: false,
      finished: false,
    });
    expect(expected).toBeGreaterThanOrEqual(19);
    expect(project.stages.map((stage) => [stage.caseId, stage.stages])).toEqual([
      [first.caseId, [3]],
      [second.caseId, [3]],
    ]);
    expect(project.stages[1].usedWorkingDays).toBe(calendar.workingDaysBetween(second.countedFrom!, now));

    const onCase = (await get(`/v1/cases/${second.caseId}`).expect(200)).body as CaseView & {
      wholeProcess: WholeProcessView;
    };
    expect(onCase.wholeProcess).toMatchObject({ projectCode, usedWorkingDays: expected });

    const supervised = await get('/v1/supervision/projects?limit=200', 'supervisor').expect(200);
    expect((supervised.body as { projects: WholeProcessView[] }).projects.map((p) => p.projectCode)).toContain(
      projectCode,
    );
    const overdueOnly = await get('/v1/supervision/projects?overdue=true&limit=200', 'supervisor').expect(200);
    expect((overdueOnly.body as { projects: WholeProcessView[] }).projects.map((p) => p.projectCode)).not.toContain(
      projectCode,
    );
  });

  it('refuses others, unknown projects and malformed codes', async () => {
    await get('/v1/supervision/projects', 'window').expect(403);
    expect((await get('/v1/projects/NO-SUCH-PROJECT').expect(404)).body.error.code).toBe('project-not-found');
    await get('/v1/projects/bad%20code').expect(422);
    await get('/v1/supervision/projects?limit=0', 'supervisor').expect(422);
  });
});
