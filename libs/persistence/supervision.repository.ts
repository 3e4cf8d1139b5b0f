import type { Instant } from '@onewindow/calendar';
import { NO_CASES, type SupervisedCase } from '@onewindow/supervision';
import type { ReviewerStats } from '@onewindow/supervision';
import type { CaseCountsByGroup } from '@onewindow/supervision';
import type { StepSums, SupervisedStep } from '@onewindow/supervision';
import type { SupervisionFilter } from '@onewindow/supervision';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/**
 * 电子监察 aggregated in Postgres over `case_steps` and `cases`: the same counts as libs/supervision computes from
 * loaded rows (`supervisionOverview`), without loading a year's 1.1 M steps into the API. The calendar arrives as
 * arithmetic (`WorkingCalendar.dayNumbers`), the rules as parameters.
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
  /** true on a reviewer's row, false on a department and matter's. */
  by_reviewer: boolean;
  department: string;
  matter_code: string;
  reviewer: string | null;
  first_department: string;
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
 * alone are their sums), and per reviewer (the key that recorded a step's last opinion: received, finished, on time
 * and late, as `reviewerStats` counts them, its department the first of its steps' in code order), in one scan of
 * the filtered steps (two grouping sets). Working days used come from the row (counted by the projection when the
 * step finished); a step finished before the read model kept them is counted here with the calendar's day numbers.
 */
export async function supervisionStepSums(
  db: Queryable,
  query: SupervisionQuery,
): Promise<{
  groups: Array<{ department: string; matterCode: string; sums: StepSums }>;
  reviewers: Record<string, ReviewerStats>;
}> {
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
  // The local day number of an instant (float seconds: date_part is a float8, which Postgres adds fast), and
  // number(day): the weekdays through the day (1970-01-01 was a Thursday; integer floor division, any sign) plus
  // the calendar's correction, from its table ($5, starting at day $4), 0 before it, the last one ($6) after it.
  const localDay = (column: string) => `floor((date_part('epoch', ${column}) + $3 * 60) / 86400)::integer`;
  const mod7 = (day: string) => `(((${day} + 1) % 7 + 7) % 7)`;
  const number = (day: string) =>
    `((${day} + 1 - ${mod7(day)}) / 7 * 5 + (ARRAY[0, 1, 2, 2, 2, 3, 4])[${mod7(day)} + 1]
      + coalesce(($5::integer[])[${day} - $4 + 1], CASE WHEN ${day} < $4 THEN 0 ELSE $6 END))`;
  const counted = `greatest(0, ${number(localDay('st.finished_at'))} - ${number(localDay('st.started_at'))})`;
  const rows = await db.query<SumsRow[]>(
    `SELECT GROUPING(s.reviewer) = 0 AS by_reviewer, s.department, s.matter_code, s.reviewer,
       min(s.department) AS first_department,
       count(*) AS received,
       count(*) FILTER (WHERE s.finished) AS finished,
       count(*) FILTER (WHERE s.finished AND NOT s.late) AS on_time,
       count(*) FILTER (WHERE s.finished AND s.deadline IS NOT NULL
                          AND ${localDay('s.finished_at')} < ${localDay('s.deadline')}) AS early,
       count(*) FILTER (WHERE s.late) AS overdue,
       count(*) FILTER (WHERE s.warning_level = 'warning') AS warnings,
       count(*) FILTER (WHERE s.warning_level = 'yellow') AS yellow_cards,
       count(*) FILTER (WHERE s.warning_level = 'red') AS red_cards,
       coalesce(sum(s.used) FILTER (WHERE s.finished), 0) AS working_days_used,
       coalesce(sum(l.working_days) FILTER (WHERE s.finished), 0) AS legal_working_days,
       count(l.working_days) FILTER (WHERE s.finished) AS with_legal_limit
     FROM (
       SELECT st.department, st.matter_code, st.reviewer, st.warning_level, st.deadline, st.finished_at,
         (st.status = ANY($2::text[]) AND st.finished_at IS NOT NULL) AS finished,
         (st.deadline IS NOT NULL AND coalesce(st.finished_at, $1::timestamptz) > st.deadline) AS late,
         coalesce(st.working_days_used, CASE WHEN st.finished_at IS NOT NULL THEN ${counted} END) AS used
       FROM case_steps st WHERE ${where}
     ) s
     LEFT JOIN unnest($7::text[], $8::integer[]) AS l(matter_code, working_days) ON l.matter_code = s.matter_code
     GROUP BY GROUPING SETS ((s.department, s.matter_code), (s.reviewer))`,
    params,
  );
  const reviewers: Record<string, ReviewerStats> = {};
  // Reviewers in code order, as the pure computation lists them.
  for (const row of rows
    .filter((candidate) => candidate.by_reviewer && candidate.reviewer !== null)
    .sort((a, b) => a.reviewer!.localeCompare(b.reviewer!))) {
    reviewers[row.reviewer!] = {
      department: row.first_department,
      received: Number(row.received),
      finished: Number(row.finished),
      onTime: Number(row.on_time),
      overdue: Number(row.overdue),
    };
  }
  const groups = rows
    .filter((row) => !row.by_reviewer)
    .map((row) => ({
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
  return { groups, reviewers };
}

/** The WHERE clause of the cases in the filter (`c` is cases), appending its parameters. */
function caseFilter(filter: SupervisionFilter, params: unknown[]): string {
  const where = ['true'];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.department !== undefined) add('c.departments @> ARRAY[?]::text[]', filter.department);
  if (filter.matter !== undefined) add('c.matters @> ARRAY[?]::text[]', filter.matter);
  const column = filter.period === 'finished' ? 'c.closed_at' : 'c.received_at';
  if (filter.from !== undefined) add(`${column} >= ?`, filter.from);
  if (filter.to !== undefined) add(`${column} < ?`, filter.to);
  return where.join(' AND ');
}

/** The cases in the filter: in total, and per department and per matter they have steps of. */
export async function supervisionCaseCounts(db: Queryable, query: SupervisionQuery): Promise<CaseCountsByGroup> {
  const params: unknown[] = [query.now];
  const where = caseFilter(query.filter, params);
  const counts = `count(*) AS received, count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS finished,
     count(*) FILTER (WHERE c.closed_at IS NOT NULL AND NOT c.late) AS on_time, count(*) FILTER (WHERE c.late) AS overdue`;
  const rows = await db.query<
    Array<{ grouping: string; key: string; received: string; finished: string; on_time: string; overdue: string }>
  >(
    `WITH c AS MATERIALIZED (
       SELECT c.departments, c.matters, c.closed_at,
         (c.deadline IS NOT NULL AND coalesce(c.closed_at, $1::timestamptz) > c.deadline) AS late
       FROM cases c WHERE ${where}
     )
     SELECT 'total' AS grouping, '' AS key, ${counts} FROM c
     UNION ALL SELECT 'department', d.key, ${counts} FROM c, unnest(c.departments) AS d(key) GROUP BY d.key
     UNION ALL SELECT 'matter', m.key, ${counts} FROM c, unnest(c.matters) AS m(key) GROUP BY m.key`,
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
  working_days_used: number | null;
  reviewer: string | null;
}

const SUPERVISED_STEP = `st.case_id, st.step_id, st.matter_code, st.department, st.status, st.deadline,
  st.warning_level, st.started_at, st.finished_at, st.working_days_used, st.reviewer`;

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
    workingDaysUsed: row.working_days_used,
    reviewer: row.reviewer,
  };
}

/** The open steps in the filter with a warning raised or past their deadline: the open warning list's rows. */
export async function listWarnedOpenSteps(db: Queryable, query: SupervisionQuery): Promise<SupervisedStep[]> {
  const params: unknown[] = [query.now, query.finishedStatuses];
  const where = stepFilter(query.filter, params);
  const rows = await db.query<SupervisedStepRow[]>(
    `SELECT ${SUPERVISED_STEP} FROM case_steps st
     WHERE ${where} AND NOT (st.status = ANY($2::text[]))
       AND (st.warning_level <> 'none' OR st.deadline < $1::timestamptz)`,
    params,
  );
  return rows.map(supervisedStepOf);
}

/** Every started step: what the pure computation counts (the reference the SQL is checked against). */
export async function listStartedSteps(db: Queryable): Promise<SupervisedStep[]> {
  const rows = await db.query<SupervisedStepRow[]>(
    `SELECT ${SUPERVISED_STEP} FROM case_steps st WHERE st.started_at IS NOT NULL`,
  );
  return rows.map(supervisedStepOf);
}

/** Every case, as the pure computation counts them (the reference). */
export async function listSupervisedCases(db: Queryable): Promise<SupervisedCase[]> {
  const rows = await db.query<
    Array<{
      case_id: string;
      departments: string[];
      matters: string[];
      received_at: Date;
      closed_at: Date | null;
      deadline: Date | null;
    }>
  >('SELECT case_id, departments, matters, received_at, closed_at, deadline FROM cases');
  return rows.map((row) => ({
    caseId: row.case_id,
    departments: row.departments,
    matters: row.matters,
    receivedAt: instantOf(row.received_at),
    closedAt: instantOrNull(row.closed_at),
    deadline: instantOrNull(row.deadline),
  }));
}
