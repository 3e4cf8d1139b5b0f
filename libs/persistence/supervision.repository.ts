import type { Instant } from '../calendar/types';
import type { CaseCountsByGroup } from '../supervision/rollup';
import type { CaseCounts, StepSums, SupervisedStep } from '../supervision/statistics';
import type { SupervisionFilter } from '../supervision/filter';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/**
 * 电子监察 aggregated in Postgres over `case_steps` (and `cases` for the case counts): the same counts as
 * libs/supervision computes from loaded rows (`supervisionOverview`), without loading a year's 1.1 M steps into the
 * API. The calendar arrives as arithmetic (`WorkingCalendar.dayNumbers`, read by its table of
 * corrections joined by day), the rules as parameters.
 */
export interface SupervisionQuery {
  filter: SupervisionFilter;
  now: Instant;
  /** The decider's finished step statuses. */
  finishedStatuses: readonly string[];
  /** The legal limit of each matter whose limit is in working days. */
  legalWorkingDays: ReadonlyArray<{ matterCode: string; workingDays: number }>;
  days: { utcOffsetMinutes: number; firstDay: number; corrections: readonly number[] };
}

/** The WHERE clause of the started steps in the filter (`st` is case_steps), appending its parameters. */
function stepFilter(filter: SupervisionFilter, params: unknown[]): string {
  const where = ['st.started_at IS NOT NULL'];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.department !== undefined) add('st.department = ?', filter.department);
  if (filter.matter !== undefined) add('st.matter_code = ?', filter.matter);
  const column = filter.period === 'finished' ? 'st.finished_at' : 'st.started_at';
  if (filter.from !== undefined) add(`${column} >= ?`, filter.from);
  if (filter.to !== undefined) add(`${column} < ?`, filter.to);
  return where.join(' AND ');
}

interface SumsRow {
  department: string;
  matter_code: string;
  received: string;
  finished: string;
  on_time: string;
  early: string;
  overdue: string;
  warnings: string;
  yellow_cards: string;
  red_cards: string;
  working_days_used: string;
  legal_working_days: string;
  with_legal_limit: string;
}

/**
 * The sums of the steps in the filter per department and matter (the finest grouping: totals and either grouping
 * alone are their sums). One scan of the filtered steps; days used by the calendar's day numbers.
 */
export async function supervisionStepSums(
  db: Queryable,
  query: SupervisionQuery,
): Promise<Array<{ department: string; matterCode: string; sums: StepSums }>> {
  const { days } = query;
  const params: unknown[] = [
    query.now,
    query.finishedStatuses,
    days.utcOffsetMinutes,
    days.firstDay,
    days.corrections,
    days.corrections.at(-1) ?? 0,
    query.legalWorkingDays.map((limit) => limit.matterCode),
    query.legalWorkingDays.map((limit) => limit.workingDays),
  ];
  const where = stepFilter(query.filter, params);
  // The local day number of an instant, and number(day) = the weekdays through the day (1970-01-01 was a Thursday)
  // + the calendar's correction: from its table, 0 before it, the last one after it. Written out rather than as SQL
  // functions, which Postgres would call once per row instead of inlining.
  const localDay = (column: string) =>
    `((${column} + make_interval(mins => $3::integer)) AT TIME ZONE 'UTC')::date - DATE '1970-01-01'`;
  const number = (day: string, joined: string) =>
    `(floor((${day} + 1) / 7.0)::integer * 5
      + (ARRAY[0, 1, 2, 2, 2, 3, 4])[(${day} + 1) - floor((${day} + 1) / 7.0)::integer * 7 + 1]
      + coalesce(${joined}.correction, CASE WHEN ${day} < $4 THEN 0 ELSE $6 END))`;
  const rows = await db.query<SumsRow[]>(
    `WITH corrections AS (
       SELECT $4::integer + position::integer - 1 AS day, correction
       FROM unnest($5::integer[]) WITH ORDINALITY AS c(correction, position)
     )
     SELECT s.department, s.matter_code,
       count(*) AS received,
       count(*) FILTER (WHERE s.finished) AS finished,
       count(*) FILTER (WHERE s.finished AND NOT s.late) AS on_time,
       count(*) FILTER (WHERE s.finished AND s.deadline_day IS NOT NULL AND s.finish_day < s.deadline_day) AS early,
       count(*) FILTER (WHERE s.late) AS overdue,
       count(*) FILTER (WHERE s.warning_level = 'warning') AS warnings,
       count(*) FILTER (WHERE s.warning_level = 'yellow') AS yellow_cards,
       count(*) FILTER (WHERE s.warning_level = 'red') AS red_cards,
       coalesce(sum(greatest(0, ${number('s.finish_day', 'cf')} - ${number('s.start_day', 'cs')}))
         FILTER (WHERE s.finished), 0) AS working_days_used,
       coalesce(sum(l.working_days) FILTER (WHERE s.finished), 0) AS legal_working_days,
       count(l.working_days) FILTER (WHERE s.finished) AS with_legal_limit
     FROM (
       SELECT st.department, st.matter_code, st.warning_level,
         ${localDay('st.started_at')} AS start_day,
         ${localDay('st.finished_at')} AS finish_day,
         ${localDay('st.deadline')} AS deadline_day,
         (st.status = ANY($2::text[]) AND st.finished_at IS NOT NULL) AS finished,
         (st.deadline IS NOT NULL AND coalesce(st.finished_at, $1::timestamptz) > st.deadline) AS late
       FROM case_steps st WHERE ${where}
       OFFSET 0 -- each row's days computed once, not again in every expression that reads them
     ) s
     LEFT JOIN corrections cs ON cs.day = s.start_day
     LEFT JOIN corrections cf ON cf.day = s.finish_day
     LEFT JOIN unnest($7::text[], $8::integer[]) AS l(matter_code, working_days) ON l.matter_code = s.matter_code
     GROUP BY s.department, s.matter_code`,
    params,
  );
  return rows.map((row) => ({
    department: row.department,
    matterCode: row.matter_code,
    sums: {
      received: Number(row.received),
      finished: Number(row.finished),
      onTime: Number(row.on_time),
      early: Number(row.early),
      overdue: Number(row.overdue),
      warnings: Number(row.warnings),
      yellowCards: Number(row.yellow_cards),
      redCards: Number(row.red_cards),
      workingDaysUsed: Number(row.working_days_used),
      legalWorkingDays: Number(row.legal_working_days),
      withLegalLimit: Number(row.with_legal_limit),
    },
  }));
}

const NO_CASES: CaseCounts = { received: 0, finished: 0, onTime: 0, overdue: 0, open: 0 };

/** The cases behind the steps in the filter, each once per group: in total, per department, per matter. */
export async function supervisionCaseCounts(db: Queryable, query: SupervisionQuery): Promise<CaseCountsByGroup> {
  const params: unknown[] = [query.now];
  const where = stepFilter(query.filter, params);
  const rows = await db.query<
    Array<{ grouping: string; key: string; received: string; finished: string; on_time: string; overdue: string }>
  >(
    `WITH s AS (SELECT st.case_id, st.department, st.matter_code FROM case_steps st WHERE ${where}),
     g AS (
       SELECT 'total' AS grouping, '' AS key, case_id FROM s GROUP BY case_id
       UNION ALL SELECT 'department', department, case_id FROM s GROUP BY department, case_id
       UNION ALL SELECT 'matter', matter_code, case_id FROM s GROUP BY matter_code, case_id
     )
     SELECT g.grouping, g.key,
       count(*) AS received,
       count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS finished,
       count(*) FILTER (WHERE c.closed_at IS NOT NULL AND NOT c.late) AS on_time,
       count(*) FILTER (WHERE c.late) AS overdue
     FROM g JOIN (
       SELECT case_id, closed_at,
         (deadline IS NOT NULL AND coalesce(closed_at, $1::timestamptz) > deadline) AS late
       FROM cases
     ) c ON c.case_id = g.case_id
     GROUP BY g.grouping, g.key`,
    params,
  );
  const answer: CaseCountsByGroup = { total: NO_CASES, byDepartment: {}, byMatter: {} };
  for (const row of rows) {
    const received = Number(row.received);
    const finished = Number(row.finished);
    const counts = {
      received,
      finished,
      onTime: Number(row.on_time),
      overdue: Number(row.overdue),
      open: received - finished,
    };
    if (row.grouping === 'total') answer.total = counts;
    else if (row.grouping === 'department') answer.byDepartment[row.key] = counts;
    else answer.byMatter[row.key] = counts;
  }
  return answer;
}

interface SupervisedStepRow {
  case_id: string;
  step_id: string;
  matter_code: string;
  department: string;
  status: string;
  deadline: Date | null;
  warning_level: string;
  started_at: Date;
  finished_at: Date | null;
  case_closed_at: Date | null;
  case_deadline: Date | null;
}

const SUPERVISED_STEP = `st.case_id, st.step_id, st.matter_code, st.department, st.status, st.deadline,
  st.warning_level, st.started_at, st.finished_at, c.closed_at AS case_closed_at, c.deadline AS case_deadline`;

function supervisedStepOf(row: SupervisedStepRow): SupervisedStep {
  return {
    caseId: row.case_id,
    stepId: row.step_id,
    matterCode: row.matter_code,
    department: row.department,
    status: row.status,
    deadline: instantOrNull(row.deadline),
    warningLevel: row.warning_level,
    startedAt: instantOf(row.started_at),
    finishedAt: instantOrNull(row.finished_at),
    caseClosedAt: instantOrNull(row.case_closed_at),
    caseDeadline: instantOrNull(row.case_deadline),
  };
}

/** The open steps in the filter with a warning raised or past their deadline: the open warning list's rows. */
export async function listWarnedOpenSteps(db: Queryable, query: SupervisionQuery): Promise<SupervisedStep[]> {
  const params: unknown[] = [query.now, query.finishedStatuses];
  const where = stepFilter(query.filter, params);
  const rows = await db.query<SupervisedStepRow[]>(
    `SELECT ${SUPERVISED_STEP} FROM case_steps st JOIN cases c ON c.case_id = st.case_id
     WHERE ${where} AND NOT (st.status = ANY($2::text[]))
       AND (st.warning_level <> 'none' OR st.deadline < $1::timestamptz)`,
    params,
  );
  return rows.map(supervisedStepOf);
}

/** Every started step with its case's closing and deadline: what the pure computation counts (the reference). */
export async function listStartedSteps(db: Queryable): Promise<SupervisedStep[]> {
  const rows = await db.query<SupervisedStepRow[]>(
    `SELECT ${SUPERVISED_STEP} FROM case_steps st JOIN cases c ON c.case_id = st.case_id
     WHERE st.started_at IS NOT NULL`,
  );
  return rows.map(supervisedStepOf);
}
