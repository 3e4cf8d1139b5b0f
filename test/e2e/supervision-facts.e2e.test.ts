import { projectBatch } from '@onewindow/activities/projection';
import { SupervisionService } from '@onewindow/api/supervision/supervision.service';
import { WorkingCalendar } from '@onewindow/calendar';
import type { CatalogSnapshot } from '@onewindow/catalog';
import {
  caseView,
  decide,
  initialCaseState,
  nextWakeUp,
  OPEN_STEP_STATUSES,
  SYSTEM_ACTOR,
  type CaseCommand,
  type CaseState,
  type CaseView,
} from '@onewindow/case';
import { generator, kernelContext, randomHistory } from '@onewindow/case/testing/histories';
import type { ProjectionBatch, RecordedEvent } from '@onewindow/contract';
import {
  calendarSettingsFromEnv,
  listCases,
  listStartedSteps,
  listSupervisedCases,
  ReferenceDataCache,
} from '@onewindow/persistence';
import {
  supervisedFromViews,
  supervisionOverview,
  type SupervisionFilter,
  type SupervisionOverview,
} from '@onewindow/supervision';
import { scratchDatabase, startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * Issue 20's property: 电子监察 only sums the kernel's facts. Several hundred random histories (every template,
 * valid and refused commands, suspensions, withdrawals, late timers) are decided by the kernel, their timers fired up
 * to one instant as the workflow's would, and written through the projection (`projectBatch`, in batches of one to
 * four commands, some out of order) into a Postgres of their own. Then three readings must agree for every filter:
 * the overview aggregated in SQL, the pure computation over the rows loaded, and the same computation over the cases'
 * own views at that instant (no read model at all). And no step of a closed case is left in any department's 待办.
 */
const HISTORIES = 300;
const SEED0 = 20_261_203;

interface Decided {
  caseId: string;
  templateKind: string;
  state: CaseState;
  /** Each accepted command's events, in order. */
  commands: RecordedEvent[][];
}

describe('电子监察 sums the kernel’s facts: SQL = rows = views over random histories', () => {
  let harness: AppHarness;
  let calendar: WorkingCalendar;
  let catalog: CatalogSnapshot;
  let now: string;
  const decided: Decided[] = [];

  beforeAll(async () => {
    harness = await startAppHarness({ databaseUrl: await scratchDatabase('facts') });
    const reference = new ReferenceDataCache(harness.dataSource, calendarSettingsFromEnv());
    const active = await reference.catalog();
    if (!active) throw new Error('the scratch database has no active catalogue');
    catalog = active;
    calendar = new WorkingCalendar(await reference.calendarData());

    // The histories, decided by the kernel; each one received in the first half of 2026.
    for (let seed = SEED0; seed < SEED0 + HISTORIES; seed += 1) {
      const g = generator(seed);
      const start = Date.parse('2026-01-05T01:00:00Z') + g.int(0, 150) * 86_400_000 + g.int(0, 9) * 3_600_000;
      const commands: RecordedEvent[][] = [];
      let templateId = '';
      const apply = (state: CaseState | undefined, input: CaseCommand): CaseState => {
        const before = state ?? initialCaseState;
        if (input.type === 'SubmitCase') templateId = input.templateId;
        const decision = decide(before, input, kernelContext(catalog, templateId, calendar));
        if (!decision.ok) return before;
        commands.push(recorded(commands, decision.events));
        return decision.state;
      };
      const history = randomHistory({ catalog, seed, rulesVersion: 3, start, length: 8 + g.int(0, 22) }, apply);
      const template = catalog.templates.find((candidate) => candidate.id === history.templateId)!;
      decided.push({ caseId: history.state.caseId, templateKind: template.kind, state: history.state, commands });
    }

    // One instant after every history; each case's timers fire up to it, as the workflow's would have.
    const last = Math.max(...decided.flatMap((one) => one.commands.flat().map((event) => Date.parse(event.at))));
    now = new Date(Math.ceil((last + 3_600_000) / 3_600_000) * 3_600_000).toISOString();
    for (const one of decided) {
      const context = kernelContext(catalog, one.state.templateId, calendar);
      for (let wake = nextWakeUp(one.state); wake !== undefined && wake <= now; wake = nextWakeUp(one.state)) {
        const check: CaseCommand = {
          type: 'CheckClocks',
          commandId: `clock:${wake}`,
          at: wake,
          firedAt: wake,
          actor: SYSTEM_ACTOR,
        };
        const decision = decide(one.state, check, context);
        if (!decision.ok || decision.events.length === 0) break;
        one.commands.push(recorded(one.commands, decision.events));
        one.state = decision.state;
      }
    }

    // Through the projection: batches of one to four commands, every fifth case with two batches swapped (the
    // later one parks until the earlier arrives).
    const projectionCalendar = () => Promise.resolve(calendar);
    for (const [index, one] of decided.entries()) {
      const g = generator(SEED0 + index);
      const batches: ProjectionBatch[] = [];
      for (let at = 0; at < one.commands.length;) {
        const size = g.int(1, 4);
        const events = one.commands.slice(at, at + size).flat();
        batches.push({ caseId: one.caseId, events, templateKind: one.templateKind });
        at += size;
      }
      if (index % 5 === 0 && batches.length > 2) {
        const swap = g.int(0, batches.length - 2);
        [batches[swap], batches[swap + 1]] = [batches[swap + 1], batches[swap]];
      }
      for (const batch of batches) await projectBatch(harness.dataSource, batch, projectionCalendar);
    }
  }, 900_000);

  afterAll(async () => {
    await harness?.stop();
  });

  function views(): CaseView[] {
    return decided.map((one) => caseView(one.state, now, calendar, one.templateKind as never));
  }

  const departments = ['housing', 'natural-resources', 'fire', 'ecology'];
  const filters = (): Array<[string, SupervisionFilter]> => [
    ['every step', {}],
    ['received in the first quarter', { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }],
    ['finished in the second half', { period: 'finished', from: '2026-07-01T00:00:00.000Z', to: now }],
    ...departments.map((department): [string, SupervisionFilter] => [`department ${department}`, { department }]),
    ['one matter', { matter: 'construction-permit' }],
  ];

  it('generated the variety the property needs', () => {
    // given the decided histories
    const all = views();
    const statuses = new Set(all.map((view) => view.status));
    const stepStatuses = new Set(all.flatMap((view) => view.steps.map((step) => step.status)));
    // then there are open and closed cases of several kinds, steps cancelled with their case, held clocks, and
    // promised and legal overruns to count
    expect(all).toHaveLength(HISTORIES);
    expect(statuses.size).toBeGreaterThanOrEqual(5);
    expect(['withdrawn', 'completed', 'in-review'].filter((status) => statuses.has(status as never))).toHaveLength(3);
    expect(stepStatuses.has('cancelled')).toBe(true);
    expect(stepStatuses.has('awaiting-correction') || all.some((view) => view.suspensions.length > 0)).toBe(true);
    const steps = supervisedFromViews(all).steps;
    expect(steps.some((step) => step.overdue)).toBe(true);
    expect(steps.some((step) => step.raised.warning)).toBe(true);
    expect(steps.some((step) => step.workingDaysUsed !== null)).toBe(true);
  });

  it.each(filters())('SQL = pure over the rows = pure over the views: %s', async (_name, filter) => {
    // given the histories in the read model, and the instant their timers reached
    const service = harness.app.get(SupervisionService);
    const at = new Date(now);
    // when the overview is aggregated in SQL, computed over the rows loaded, and computed over the cases' views
    const { asOf, byReviewer, ...fromSql } = await service.overview(filter, at);
    const context = { calendar, now };
    const rows = supervisionOverview(
      await listStartedSteps(harness.dataSource),
      context,
      filter,
      await listSupervisedCases(harness.dataSource),
    );
    const fromViews = supervisedFromViews(views());
    const pure = supervisionOverview(fromViews.steps, context, filter, fromViews.cases);
    // then all three say the same, to the last average, card and case count
    expect(asOf).toBe(now);
    const unnamed = Object.fromEntries(
      Object.entries(byReviewer).map(([id, { name: _name, ...stats }]) => [id, stats]),
    );
    // (ratings, complaints, accountability, fees, exemptions and the open suspensions list are not step sums: left
    // out of the comparison)
    expect({
      ...fromSql,
      ratings: undefined,
      complaints: undefined,
      accountability: undefined,
      fees: undefined,
      exemptions: undefined,
      openSuspensions: undefined,
      byReviewer: unnamed,
    }).toEqual(rows);
    expect(rows).toEqual(pure);
    expect(nonTrivial(pure, filter)).toBe(true);
  });

  it('no step of a closed case is in any department’s 待办, and each case is counted once', async () => {
    // given the read model of every history
    const stranded = await harness.dataSource.query<Array<{ case_id: string; step_id: string; status: string }>>(
      `SELECT s.case_id, s.step_id, s.status FROM case_steps s JOIN cases c USING (case_id)
        WHERE c.closed_at IS NOT NULL AND s.status = ANY($1)`,
      [OPEN_STEP_STATUSES],
    );
    // then no closed case has a step a department still owes
    expect(stranded).toEqual([]);
    // and each department's 待办 (the case list by open step) holds only open cases
    for (const department of departments) {
      const todo = await listCases(harness.dataSource, {
        department,
        stepStatus: OPEN_STEP_STATUSES,
        page: 1,
        pageSize: 500,
      });
      expect(todo.items.filter((item) => item.closedAt !== null)).toEqual([]);
      const owed = views().filter(
        (view) =>
          view.closed === undefined &&
          view.steps.some(
            (step) => step.department === department && OPEN_STEP_STATUSES.includes(step.status as never),
          ),
      );
      expect(todo.items.map((item) => item.caseId).sort()).toEqual(owed.map((view) => view.caseId).sort());
    }
    // and the cases counted are the histories, once each
    const service = harness.app.get(SupervisionService);
    const overview = await service.overview({}, new Date(now));
    expect(overview.total.cases.received).toBe(HISTORIES);
    const [{ count }] = await harness.dataSource.query<Array<{ count: string }>>('SELECT count(*) AS count FROM cases');
    expect(Number(count)).toBe(HISTORIES);
  });
});

/** Sequence numbers continue the case's log. */
function recorded(before: RecordedEvent[][], events: ReadonlyArray<RecordedEvent['event']>): RecordedEvent[] {
  const start = before.reduce((count, batch) => count + batch.length, 0);
  return events.map((event, index): RecordedEvent => ({
    sequence: start + index + 1,
    type: event.type,
    at: event.at,
    actor: event.actor,
    commandId: event.commandId,
    event,
  }));
}

/** A filter that matched something: the comparison is not of two empty overviews. */
function nonTrivial(overview: SupervisionOverview, filter: SupervisionFilter): boolean {
  return filter.period === 'finished' ? overview.total.received >= 0 : overview.total.received > 0;
}
