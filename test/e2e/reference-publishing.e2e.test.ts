import request from 'supertest';
import { WorkingCalendar } from '@onewindow/calendar';
import { findTemplate, materialCodesOfTemplate, type CatalogSnapshot } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { calendarSettingsFromEnv, loadCalendarData } from '@onewindow/persistence';
import { publishCatalogFile } from '@onewindow/persistence/publish-catalog';
import { catalogDataDir, shippedCatalogs } from '@onewindow/catalog/shipped';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, scratchDatabase, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * The catalogue and the calendar changed by an admin over HTTP, without code: validation that names the path,
 * immutable versions, activation for new cases only, and a holiday notice that recomputes open cases' deadlines.
 * On a database of its own: what it publishes would change every other suite's cases.
 */
describe('publishing the catalogue and the calendar over HTTP', () => {
  let harness: AppHarness;
  const shipped = defaultCatalog();

  beforeAll(async () => {
    harness = await startAppHarness({ databaseUrl: await scratchDatabase('publishing') });
  }, 60_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const post = (path: string, role: string, body: unknown) =>
    request(harness.server)
      .post(path)
      .set('Authorization', harness.auth(role))
      .send(body as object);
  const get = (path: string, role = 'auditor') =>
    request(harness.server).get(path).set('Authorization', harness.auth(role));

  /** A county's version: the construction permit promised in 2 working days, its case limit 250. */
  const county = (version = 'county-2026.3'): CatalogSnapshot => {
    const catalog = defaultCatalog();
    catalog.version = version;
    catalog.matters.find((matter) => matter.code === 'construction-permit')!.promisedLimit.value = 2;
    findTemplate(catalog, 'construction-permit')!.caseLimit = { value: 250, unit: 'working-days' };
    return catalog;
  };

  async function acceptedCase(name: string): Promise<string> {
    const caseId = `PUB-${name}-${Date.now()}`;
    await post('/v1/cases', 'window', {
      caseId,
      templateId: 'construction-permit',
      applicant: { name: '某建设有限公司', creditCode: '91310000MA1FL0001X' },
      project: { name: '某厂房', code: '2026-310115-48-03-000001' },
      documents: materialCodesOfTemplate(shipped, 'construction-permit').map((materialCode) => ({ materialCode })),
    }).expect(201);
    await eventually(async () => {
      const answer = await post(`/v1/cases/${caseId}/updates/acceptance-decided`, 'window', { decision: 'accept' });
      return answer.status === 200 ? true : undefined;
    });
    return caseId;
  }
  const view = async (caseId: string): Promise<CaseView> =>
    (await get(`/v1/cases/${caseId}`).expect(200)).body as CaseView;
  const permitStep = (current: CaseView) => current.steps.find((step) => step.stepId === 'construction-permit')!;

  it('lists the shipped versions, the newest active', async () => {
    const listed = await get('/v1/catalog/versions').expect(200);
    expect(listed.body.active).toBe(shipped.version);
    const versions = (listed.body as { versions: Array<{ version: string }> }).versions;
    expect(versions.map((version) => version.version).sort()).toEqual([
      '2026.1',
      '2026.2',
      '2026.3',
      '2026.4',
      '2026.5',
    ]);
    expect(listed.body.versions[0]).toMatchObject({
      publishedBy: 'seed',
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('refuses a version that breaks the catalogue’s rules, naming each path and rule; only admins publish', async () => {
    const broken = county('county-broken') as unknown as Record<string, unknown> & CatalogSnapshot;
    broken.matters.find((matter) => matter.code === 'construction-permit')!.promisedLimit.value = 30;
    findTemplate(broken, 'land-and-start')!.steps[0].matterCode = 'no-such-matter';
    const refused = await post('/v1/admin/catalog/versions', 'admin', broken).expect(422);
    expect(refused.body.error.code).toBe('catalog-invalid');
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'matters[construction-permit].promisedLimit', rule: 'promised-exceeds-legal' }),
        expect.objectContaining({
          path: 'templates[land-and-start].steps[project-filing].matterCode',
          rule: 'unknown-matter',
        }),
      ]),
    );
    const unknownField = await post('/v1/admin/catalog/versions', 'admin', {
      ...county('county-x'),
      colour: 'red',
    }).expect(422);
    expect(unknownField.body.error.details).toEqual([
      { path: 'colour', rule: 'unknown-field', message: 'colour is not a field of the catalogue format' },
    ]);
    await post('/v1/admin/catalog/versions', 'window', county()).expect(403);
    await post('/v1/admin/catalog/versions', 'supervisor', county()).expect(403);
    expect((await get('/v1/catalog/versions').expect(200)).body.versions).toHaveLength(shippedCatalogs().length);
  });

  it('a case started before a new version is activated finishes under its old limits; new cases take the new', async () => {
    const before = await acceptedCase('BEFORE');
    const published = await post('/v1/admin/catalog/versions', 'admin', county()).expect(201);
    expect(published.body).toMatchObject({ created: true, version: { version: 'county-2026.3', active: false } });
    // Published again: nothing new; the same version with other content: refused, versions never change.
    expect((await post('/v1/admin/catalog/versions', 'admin', county()).expect(200)).body.created).toBe(false);
    const altered = county();
    altered.departments[0].name = '改过的名称';
    expect((await post('/v1/admin/catalog/versions', 'admin', altered).expect(409)).body.error.code).toBe(
      'catalog-version-exists',
    );
    const diff = await get(`/v1/catalog/versions/${shipped.version}/diff/county-2026.3`).expect(200);
    expect(diff.body.changed).toEqual(
      expect.arrayContaining([
        { path: 'matters[construction-permit].promisedLimit.value', from: 3, to: 2 },
        { path: 'templates[construction-permit].caseLimit.value', from: 20, to: 250 },
      ]),
    );
    await post('/v1/admin/catalog/versions/no-such/activate', 'admin', {}).expect(404);
    const activated = await post('/v1/admin/catalog/versions/county-2026.3/activate', 'admin', {}).expect(200);
    expect(activated.body).toMatchObject({ version: 'county-2026.3', active: true });

    const after = await acceptedCase('AFTER');
    const [old, fresh] = [await view(before), await view(after)];
    expect(old.catalogVersion).toBe(shipped.version);
    expect(fresh.catalogVersion).toBe('county-2026.3');
    const calendar = new WorkingCalendar(await loadCalendarData(harness.dataSource, calendarSettingsFromEnv({})));
    expect(permitStep(old).clock!.deadline).toBe(calendar.deadline(permitStep(old).startedAt!, 3).at);
    expect(permitStep(fresh).clock!.deadline).toBe(calendar.deadline(permitStep(fresh).startedAt!, 2).at);

    // The old case runs to its end on its own version's limits.
    await post(`/v1/cases/${before}/updates/department-opinion`, 'department:housing', {
      stepId: 'construction-permit',
      opinion: 'agree',
    }).expect(200);
    await post(`/v1/cases/${before}/updates/licence-issued`, 'department:housing', {
      licences: [{ stepId: 'construction-permit', number: `310115-${before}` }],
    }).expect(200);
    const finished = await view(before);
    expect(finished.status).toBe('completed');
    expect(permitStep(finished).clock!.deadline).toBe(permitStep(old).clock!.deadline);
  });

  it('refuses a notice that breaks a rule, naming the field; lists the published years', async () => {
    const years = await get('/v1/calendar/years').expect(200);
    expect(years.body.years).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          region: 'CN',
          year: 2026,
          revision: 1,
          source: expect.stringContaining('国办发明电〔2025〕7号'),
        }),
      ]),
    );
    const refused = await post('/v1/admin/calendar/notices', 'admin', {
      region: 'CN',
      year: 2031,
      title: '测试通知',
      documentNumber: '测〔2030〕1号',
      issuedOn: '2030-11-01',
      holidays: [{ name: '元旦', from: '2031-01-01', to: '2031-01-01' }],
      workdays: [
        { name: '调休', date: '2031-01-01' },
        { name: '调休', date: '2031-01-06' },
        { name: '调休', date: '2032-01-03' },
      ],
    }).expect(422);
    expect(
      (refused.body as { error: { details: Array<{ field: string; rule: string }> } }).error.details.map((problem) => [
        problem.field,
        problem.rule,
      ]),
    ).toEqual([
      ['workdays[0].date', 'workday-on-weekend'], // 2031-01-01 is a Wednesday …
      ['workdays[0].date', 'date-once'], // … and already a holiday
      ['workdays[1].date', 'workday-on-weekend'],
      ['workdays[2].date', 'inside-year'],
    ]);
    await post('/v1/admin/calendar/notices', 'window', {}).expect(403);
  });

  it('publishing the missing years makes provisional deadlines of open cases final and correct, automatically', async () => {
    const caseId = await acceptedCase('PROVISIONAL');
    const before = await view(caseId);
    expect(before.deadlineProvisional).toBe(true);
    const published = new Set<number>(
      ((await get('/v1/calendar/years').expect(200)).body as { years: Array<{ region: string; year: number }> }).years
        .filter((year) => year.region === 'CN')
        .map((year) => year.year),
    );
    const first = Number(before.countedFrom!.slice(0, 4));
    const last = Number(before.deadline!.slice(0, 4)) + 1; // the red card may reach the next year
    const recomputations: string[] = [];
    for (let year = first; year <= last; year += 1) {
      if (published.has(year)) continue;
      // First three weekdays of the year off: the case's 250 working days end three working days later.
      const weekdays = Array.from({ length: 10 }, (_, day) => `${year}-01-${String(day + 1).padStart(2, '0')}`)
        .filter((date) => [1, 2, 3, 4, 5].includes(new Date(`${date}T00:00:00Z`).getUTCDay()))
        .slice(0, 3);
      const answer = await post('/v1/admin/calendar/notices', 'admin', {
        region: 'CN',
        year,
        title: `国务院办公厅关于${year}年部分节假日安排的通知（测试）`,
        documentNumber: `测试〔${year - 1}〕1号`,
        issuedOn: `${year - 1}-11-10`,
        holidays: weekdays.map((date) => ({ name: '元旦（测试）', from: date, to: date })),
        workdays: [],
      }).expect(201);
      expect(answer.body).toMatchObject({ created: true, notice: { region: 'CN', year, revision: 1 } });
      recomputations.push(answer.body.recomputation.id);
    }
    expect(recomputations.length).toBeGreaterThan(0);
    type Summary = {
      status: string;
      cases: { changed: number };
      moves: Array<{ caseId: string; becameFinal: boolean }>;
    };
    const summaries: Summary[] = [];
    for (const id of recomputations) {
      summaries.push(
        await eventually(async () => {
          const progress = await get(`/v1/admin/calendar/recomputations/${id}`, 'admin');
          const body = progress.body as Summary;
          return progress.status === 200 && body.status === 'done' ? body : undefined;
        }, 60_000),
      );
    }
    const moves = summaries.flatMap((summary) => summary.moves);
    expect(moves.filter((move) => move.caseId === caseId).length).toBeGreaterThan(0);
    expect(summaries.reduce((total, summary) => total + summary.cases.changed, 0)).toBeGreaterThanOrEqual(1);

    const after = await view(caseId);
    const calendar = new WorkingCalendar(await loadCalendarData(harness.dataSource, calendarSettingsFromEnv({})));
    expect(after.deadlineProvisional).toBe(false);
    expect(after.deadline).toBe(calendar.deadline(before.countedFrom!, 250).at);
    expect(after.deadline).not.toBe(before.deadline);
    // Publishing the same notice again changes nothing and starts nothing.
    const history = await get(`/v1/calendar/notices?region=CN&year=${last}`).expect(200);
    expect(history.body.length).toBeLessThanOrEqual(1);
  });

  it('npm run catalog:publish reads the same file format: the shipped files, and a county’s own', async () => {
    const shippedFile = join(catalogDataDir(), '2026.1.json');
    expect(await publishCatalogFile(harness.dataSource, shippedFile, { activate: false })).toMatchObject({
      ok: true,
      created: false,
    });
    const folder = mkdtempSync(join(tmpdir(), 'catalog-'));
    const own = join(folder, 'county.json');
    writeFileSync(own, JSON.stringify(county('county-cli.1')));
    expect(await publishCatalogFile(harness.dataSource, own, { activate: false })).toMatchObject({
      ok: true,
      created: true,
      version: { version: 'county-cli.1', publishedBy: 'cli', active: false },
    });
    const broken = county('county-cli.2');
    broken.templates[0].leadDepartment = 'nobody';
    writeFileSync(own, JSON.stringify(broken));
    expect(await publishCatalogFile(harness.dataSource, own, { activate: true })).toEqual({
      ok: false,
      problems: [
        {
          path: 'templates[land-and-start].leadDepartment',
          rule: 'unknown-department',
          message: 'department nobody is not in the catalogue',
        },
      ],
    });
    writeFileSync(own, '{ not json');
    expect(await publishCatalogFile(harness.dataSource, own, { activate: true })).toMatchObject({
      ok: false,
      problems: [{ path: '(file)', rule: 'json' }],
    });
  });
});
