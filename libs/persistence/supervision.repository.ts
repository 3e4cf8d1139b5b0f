import type { Instant } from '@onewindow/calendar';
import {
  NO_CASES,
  type CaseCountsByGroup,
  type ReviewerStats,
  type StepSums,
  type SupervisedCase,
  type SupervisedStep,
  type SupervisionFilter,
} from '@onewindow/supervision';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/**
 * 电子监察 aggregated in Postgres over `case_steps` and `cases`: the kernel's facts, summed, with the same
 * definitions as libs/supervision computes from loaded rows (`supervisionOverview`), without loading a year's 1.1 M
 * steps into the API. Nothing is judged here: the only comparison with `now` is a running clock against its current
 * deadline, as the case view makes it at that instant.
 */
export interface SupervisionQuery {
  filter: SupervisionFilter;
  now: Instant;
  /** The kernel's finished and open (待办) step statuses. */
  finishedStatuses: readonly string[];
  openStatuses: readonly string[];
}

/**
 * The WHERE clause of a 电子监察 filter over rows of `alias` (with `department` and `matter_code` columns) whose
 * instant `at` falls in the period, after the `given` conditions, appending its parameters.
 */
export function supervisionWhere(
  filter: SupervisionFilter,
  alias: string,
  at: string,
  params: unknown[],
  given: readonly string[] = [],
): string {
  const where = [...given];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.department !== undefined) add(`${alias}.department = ?`, filter.department);
  if (filter.matter !== undefined) add(`${alias}.matter_code = ?`, filter.matter);
  if (filter.from !== undefined) add(`${at} >= ?`, filter.from);
  if (filter.to !== undefined) add(`${at} < ?`, filter.to);
  return where.length > 0 ? where.join(' AND ') : 'true';
}

/** The WHERE clause of the started steps in the filter (`st` is case_steps), appending its parameters. */
function stepFilter(filter: SupervisionFilter, params: unknown[]): string {
  const column = filter.period === 'finished' ? 'st.finished_at' : 'st.started_at';
  return supervisionWhere(filter, 'st', column, params, ['st.started_at IS NOT NULL']);
}

/** A step past its promised (legal) limit: the kernel's fact, or a running clock past its current deadline at $1. */
const LATE = `(st.overdue OR (st.running AND st.deadline < $1::timestamptz))`;
const LEGALLY_LATE = `(st.legal_overdue OR (st.running AND st.legal_deadline < $1::timestamptz))`;

interface SumsRow {
  /** true on a reviewer's row, false on a department and matter's. */
  by_reviewer: boolean;
  department: string;
  matter_code: string;
  reviewer: string | null;
  first_department: string;
  received: string;
  finished: string;
  cancelled: string;
  on_time: string;
  early: string;
  overdue: string;
  legal_overdue: string;
  warnings: string;
  yellow_cards: string;
  red_cards: string;
  working_days_used: string;
  legal_working_days: string;
  with_legal_limit: string;
}

/**
 * The sums of the steps in the filter per department and matter (the finest grouping: totals and either grouping
 * alone are their sums), and per reviewer (the key that recorded a step's last opinion), in one scan of the filtered
 * steps (two grouping sets). `early` compares local days, with the calendar's UTC offset.
 */
export async function supervisionStepSums(
  db: Queryable,
  query: SupervisionQuery,
  utcOffsetMinutes: number,
): Promise<{
  groups: Array<{ department: string; matterCode: string; sums: StepSums }>;
  reviewers: Record<string, ReviewerStats>;
}> {
  const params: unknown[] = [query.now, query.finishedStatuses, utcOffsetMinutes];
  const where = stepFilter(query.filter, params);
  const localDay = (column: string) => `floor((date_part('epoch', ${column}) + $3 * 60) / 86400)`;
  const rows = await db.query<SumsRow[]>(
    `SELECT GROUPING(s.reviewer) = 0 AS by_reviewer, s.department, s.matter_code, s.reviewer,
       min(s.department) AS first_department,
       count(*) AS received,
       count(*) FILTER (WHERE s.finished) AS finished,
       count(*) FILTER (WHERE s.status = 'cancelled') AS cancelled,
       count(*) FILTER (WHERE s.finished AND NOT s.late) AS on_time,
       count(*) FILTER (WHERE s.finished AND s.deadline IS NOT NULL AND s.finished_at IS NOT NULL
                          AND ${localDay('s.finished_at')} < ${localDay('s.deadline')}) AS early,
       count(*) FILTER (WHERE s.late) AS overdue,
       count(*) FILTER (WHERE s.legally_late) AS legal_overdue,
       count(*) FILTER (WHERE s.raised_warning) AS warnings,
       count(*) FILTER (WHERE s.raised_yellow) AS yellow_cards,
       count(*) FILTER (WHERE s.raised_red) AS red_cards,
       coalesce(sum(s.working_days_used) FILTER (WHERE s.finished), 0) AS working_days_used,
       coalesce(sum(s.legal_working_days) FILTER (WHERE s.finished), 0) AS legal_working_days,
       count(s.legal_working_days) FILTER (WHERE s.finished) AS with_legal_limit
     FROM (
       SELECT st.department, st.matter_code, st.reviewer, st.status, st.deadline, st.finished_at,
         st.raised_warning, st.raised_yellow, st.raised_red, st.working_days_used, st.legal_working_days,
         st.status = ANY($2::text[]) AS finished, ${LATE} AS late, ${LEGALLY_LATE} AS legally_late
       FROM case_steps st WHERE ${where}
     ) s
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
        cancelled: Number(row.cancelled),
        onTime: Number(row.on_time),
        early: Number(row.early),
        overdue: Number(row.overdue),
        legalOverdue: Number(row.legal_overdue),
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
     count(*) FILTER (WHERE c.closed_at IS NOT NULL AND NOT c.late) AS on_time, count(*) FILTER (WHERE c.late) AS overdue,
     count(*) FILTER (WHERE c.legally_late) AS legal_overdue`;
  const rows = await db.query<
    Array<{
      grouping: string;
      key: string;
      received: string;
      finished: string;
      on_time: string;
      overdue: string;
      legal_overdue: string;
    }>
  >(
    `WITH c AS MATERIALIZED (
       SELECT c.departments, c.matters, c.closed_at,
         (c.case_overdue OR (c.deadline_running AND c.deadline < $1::timestamptz)) AS late,
         (c.case_legal_overdue OR (c.deadline_running AND c.legal_deadline < $1::timestamptz)) AS legally_late
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
      legalOverdue: Number(row.legal_overdue),
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
  legal_deadline: Date | null;
  warning_level: string;
  running: boolean;
  suspended_since: Date | null;
  overdue: boolean;
  legal_overdue: boolean;
  raised_warning: boolean;
  raised_yellow: boolean;
  raised_red: boolean;
  raised_legal: boolean;
  started_at: Date;
  finished_at: Date | null;
  cancelled_at: Date | null;
  working_days_used: number | null;
  legal_working_days: number | null;
  reviewer: string | null;
}

const SUPERVISED_STEP = `st.case_id, st.step_id, st.matter_code, st.department, st.status, st.deadline,
  st.legal_deadline, st.warning_level, st.running, st.suspended_since, st.overdue, st.legal_overdue,
  st.raised_warning, st.raised_yellow, st.raised_red, st.raised_legal, st.started_at, st.finished_at,
  st.cancelled_at, st.working_days_used, st.legal_working_days, st.reviewer`;

function supervisedStepOf(row: SupervisedStepRow): SupervisedStep {
  return {
    caseId: row.case_id,
    stepId: row.step_id,
    matterCode: row.matter_code,
    department: row.department,
    status: row.status,
    deadline: instantOrNull(row.deadline),
    legalDeadline: instantOrNull(row.legal_deadline),
    warningLevel: row.warning_level,
    running: row.running,
    suspendedSince: instantOrNull(row.suspended_since),
    overdue: row.overdue,
    legalOverdue: row.legal_overdue,
    raised: { warning: row.raised_warning, yellow: row.raised_yellow, red: row.raised_red, legal: row.raised_legal },
    startedAt: instantOf(row.started_at),
    finishedAt: instantOrNull(row.finished_at),
    cancelledAt: instantOrNull(row.cancelled_at),
    workingDaysUsed: row.working_days_used,
    legalWorkingDays: row.legal_working_days,
    reviewer: row.reviewer,
  };
}

/** The steps in the filter a department still owes with an alarm raised, or running past their deadline. */
export async function listWarnedOpenSteps(db: Queryable, query: SupervisionQuery): Promise<SupervisedStep[]> {
  const params: unknown[] = [query.now, query.openStatuses];
  const where = stepFilter(query.filter, params);
  const rows = await db.query<SupervisedStepRow[]>(
    `SELECT ${SUPERVISED_STEP} FROM case_steps st
     WHERE ${where} AND st.status = ANY($2::text[]) AND (st.warning_level <> 'none' OR ${LATE})`,
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
      legal_deadline: Date | null;
      deadline_running: boolean;
      case_overdue: boolean;
      case_legal_overdue: boolean;
    }>
  >(
    `SELECT case_id, departments, matters, received_at, closed_at, deadline, legal_deadline, deadline_running,
       case_overdue, case_legal_overdue FROM cases`,
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    departments: row.departments,
    matters: row.matters,
    receivedAt: instantOf(row.received_at),
    closedAt: instantOrNull(row.closed_at),
    deadline: instantOrNull(row.deadline),
    legalDeadline: instantOrNull(row.legal_deadline),
    deadlineRunning: row.deadline_running,
    caseOverdue: row.case_overdue,
    caseLegalOverdue: row.case_legal_overdue,
  }));
}

/** A suspension still running, for 电子监察: a case-wide one, or one past the period it said it needs. */
export interface OpenSuspension {
  caseId: string;
  suspensionId: string;
  stepId: string | null;
  department: string | null;
  caseWide: boolean;
  reason: string;
  since: Instant;
  expectedEnd: Instant | null;
  overrun: boolean;
}

/**
 * The suspensions still running in the filter's department (a step's, or a case-wide one of a case it has steps
 * in): overrun when the kernel said so, or their stated period's clock has run past its end at `now`.
 */
export async function listOpenSuspensions(db: Queryable, query: SupervisionQuery): Promise<OpenSuspension[]> {
  const params: unknown[] = [query.now];
  const where: string[] = ['su.resumed_at IS NULL'];
  if (query.filter.department !== undefined) {
    params.push(query.filter.department);
    where.push(
      `(st.department = $${params.length} OR (su.case_wide AND c.departments @> ARRAY[$${params.length}]::text[]))`,
    );
  }
  const rows = await db.query<
    Array<{
      case_id: string;
      suspension_id: string;
      step_id: string | null;
      department: string | null;
      case_wide: boolean;
      reason: string;
      since: Date;
      expected_end: Date | null;
      overrun: boolean;
    }>
  >(
    `SELECT su.case_id, su.suspension_id, su.step_id, st.department, su.case_wide, su.reason, su.since,
       su.expected_end, (su.overran_at IS NOT NULL OR su.expected_end < $1::timestamptz) AS overrun
     FROM case_suspensions su
     JOIN cases c ON c.case_id = su.case_id AND c.closed_at IS NULL
     LEFT JOIN case_steps st ON st.case_id = su.case_id AND st.step_id = su.step_id
     WHERE ${where.join(' AND ')}
     ORDER BY su.since, su.case_id, su.suspension_id`,
    params,
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    suspensionId: row.suspension_id,
    stepId: row.step_id,
    department: row.department,
    caseWide: row.case_wide,
    reason: row.reason,
    since: instantOf(row.since),
    expectedEnd: instantOrNull(row.expected_end),
    overrun: row.overrun,
  }));
}
