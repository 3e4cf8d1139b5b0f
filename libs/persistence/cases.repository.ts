import { caseWorkflowId } from '@onewindow/contract';
import type { CaseFacts, CaseState, StepFacts, SuspensionFacts } from '@onewindow/case';
import { queryReturning } from './data-source';
import { rowParams, valuesList, type Queryable } from './queryable';
import { appendCaseEvents, EVENT_COLUMNS_WRITTEN, eventRow, type NewCaseEvent } from './case-events.repository';

/**
 * `cases`, `case_steps` and `case_suspensions`: the read model, one row per case, per department step and per
 * suspension, written only by the projection from the kernel's facts (`caseFacts`), and read by lists, 待办, the audit
 * anchor, 好差评 and 电子监察, which select and sum them.
 */
export interface CaseRow {
  case_id: string;
  workflow_id: string;
  template_id: string;
  catalog_version: string;
  status: string;
  kind: string | null;
  applicant: Record<string, unknown>;
  project: Record<string, unknown>;
  departments: string[];
  /** The matters of the case's steps (电子监察 counts a matter's cases by it). */
  matters: string[];
  /** The headline deadline (issuance while it runs, else the case's own), its legal one, and whether it runs. */
  deadline: Date | null;
  legal_deadline: Date | null;
  deadline_running: boolean;
  /** Any clock of the case past its promised / legal limit (lists); the case's own and its issuance (counts). */
  overdue: boolean;
  legal_overdue: boolean;
  case_overdue: boolean;
  case_legal_overdue: boolean;
  warning_level: string;
  priority: boolean;
  rules_version: number;
  /** The case state after `last_sequence` (the kernel's `evolve`), null for rows written before 2026-12. */
  state: CaseState | null;
  template_kind: string | null;
  last_sequence: number;
  /** Which facts the row holds (FACTS_VERSION); older rows are projected again by the worker. */
  facts_version: number;
  received_at: Date;
  closed_at: Date | null;
  updated_at: Date;
}

/** A step's facts as `case_steps` holds them. */
export interface CaseStepRow {
  case_id: string;
  step_id: string;
  matter_code: string;
  department: string;
  status: string;
  opinion: string | null;
  reviewer: string | null;
  deadline: Date | null;
  deadline_provisional: boolean;
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
  started_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  working_days_used: number | null;
  legal_working_days: number | null;
  updated_at: Date;
}

/** The facts the read model holds now: rows with an older number are projected again (reprojectStaleCases in activities/projection.ts). */
export const FACTS_VERSION = 1;

/** Written from the facts; `updated_at` is the write's own `now()`. */
const CASE_WRITTEN = [
  'case_id',
  'workflow_id',
  'template_id',
  'catalog_version',
  'status',
  'kind',
  'applicant',
  'project',
  'departments',
  'matters',
  'deadline',
  'legal_deadline',
  'deadline_running',
  'overdue',
  'legal_overdue',
  'case_overdue',
  'case_legal_overdue',
  'warning_level',
  'priority',
  'rules_version',
  'state',
  'template_kind',
  'last_sequence',
  'facts_version',
  'received_at',
  'closed_at',
] as const satisfies ReadonlyArray<keyof CaseRow>;

const STEP_WRITTEN = [
  'case_id',
  'step_id',
  'matter_code',
  'department',
  'status',
  'opinion',
  'reviewer',
  'deadline',
  'deadline_provisional',
  'legal_deadline',
  'warning_level',
  'running',
  'suspended_since',
  'overdue',
  'legal_overdue',
  'raised_warning',
  'raised_yellow',
  'raised_red',
  'raised_legal',
  'started_at',
  'finished_at',
  'cancelled_at',
  'cancel_reason',
  'working_days_used',
  'legal_working_days',
] as const satisfies ReadonlyArray<keyof CaseStepRow>;

const SUSPENSION_WRITTEN = [
  'case_id',
  'suspension_id',
  'step_id',
  'case_wide',
  'reason',
  'since',
  'expected_end',
  'resumed_at',
  'overran_at',
] as const;

/** The columns a step's row may change (its identity, matter and department never do). */
const STEP_CHANGING = STEP_WRITTEN.slice(4);

function caseParams(
  facts: CaseFacts,
  lastSequence: number,
  folded: FoldedCase | undefined,
): Record<(typeof CASE_WRITTEN)[number], unknown> {
  return {
    case_id: facts.caseId,
    workflow_id: caseWorkflowId(facts.caseId),
    template_id: facts.templateId,
    catalog_version: facts.catalogVersion,
    status: facts.status,
    kind: facts.kind,
    applicant: JSON.stringify(facts.applicant),
    project: JSON.stringify(facts.project),
    departments: facts.departments,
    matters: facts.matters,
    deadline: facts.deadline ?? null,
    legal_deadline: facts.legalDeadline ?? null,
    deadline_running: facts.deadlineRunning,
    overdue: facts.overdue,
    legal_overdue: facts.legalOverdue,
    case_overdue: facts.caseOverdue,
    case_legal_overdue: facts.caseLegalOverdue,
    warning_level: facts.warningLevel,
    priority: facts.priority,
    rules_version: facts.rulesVersion,
    state: folded ? JSON.stringify(folded.state) : null,
    template_kind: folded?.templateKind ?? null,
    last_sequence: lastSequence,
    facts_version: FACTS_VERSION,
    received_at: facts.receivedAt,
    closed_at: facts.closedAt ?? null,
  };
}

function stepParams(caseId: string, step: StepFacts): Record<(typeof STEP_WRITTEN)[number], unknown> {
  return {
    case_id: caseId,
    step_id: step.stepId,
    matter_code: step.matterCode,
    department: step.department,
    status: step.status,
    opinion: step.opinion ?? null,
    reviewer: step.reviewer ?? null,
    deadline: step.deadline ?? null,
    deadline_provisional: step.deadlineProvisional,
    legal_deadline: step.legalDeadline ?? null,
    warning_level: step.warningLevel,
    running: step.running,
    suspended_since: step.suspendedSince ?? null,
    overdue: step.overdue,
    legal_overdue: step.legalOverdue,
    raised_warning: step.raised.warning,
    raised_yellow: step.raised.yellow,
    raised_red: step.raised.red,
    raised_legal: step.raised.legal,
    started_at: step.startedAt ?? null,
    finished_at: step.finishedAt ?? null,
    cancelled_at: step.cancelledAt ?? null,
    cancel_reason: step.cancelReason ?? null,
    working_days_used: step.workingDaysUsed ?? null,
    legal_working_days: step.legalWorkingDays ?? null,
  };
}

function suspensionParams(
  caseId: string,
  suspension: SuspensionFacts,
): Record<(typeof SUSPENSION_WRITTEN)[number], unknown> {
  return {
    case_id: caseId,
    suspension_id: suspension.suspensionId,
    step_id: suspension.stepId ?? null,
    case_wide: suspension.caseWide,
    reason: suspension.reason,
    since: suspension.since,
    expected_end: suspension.expectedEnd ?? null,
    resumed_at: suspension.resumedAt ?? null,
    overran_at: suspension.overranAt ?? null,
  };
}

/** A case's state as the projection folded it, with what its view needs besides (the template's handling kind). */
export interface FoldedCase {
  state: CaseState;
  templateKind?: string;
}

/** The folded state of a case and the sequence it stands at; undefined when the case has no row yet. */
/** A case's read-model row as the projection reads it back: its folded state (null before 2026-12) and sequence. */
export interface StoredReadModel {
  state: CaseState | null;
  templateKind?: string;
  lastSequence: number;
}

export async function readModelState(db: Queryable, caseId: string): Promise<StoredReadModel | undefined> {
  const rows = await db.query<Array<Pick<CaseRow, 'state' | 'template_kind' | 'last_sequence'>>>(
    'SELECT state, template_kind, last_sequence FROM cases WHERE case_id = $1',
    [caseId],
  );
  const row = rows[0];
  return row
    ? {
        state: row.state,
        ...(row.template_kind ? { templateKind: row.template_kind } : {}),
        lastSequence: row.last_sequence,
      }
    : undefined;
}

/** A VALUES list of `rows` whose parameters are appended to `params`, numbered from where `params` stands. */
function valuesInto<C extends string>(
  params: unknown[],
  columns: readonly C[],
  rows: ReadonlyArray<Record<C, unknown>>,
  extra = '',
): string {
  const offset = params.length;
  params.push(...rowParams(columns, rows));
  return valuesList(columns.length, rows.length, extra, offset);
}

/**
 * The read model's writes of one projection, as parts of one statement (data-modifying CTEs, parameters appended to
 * `params`): the case row, its steps and its suspensions. A late retry of an older batch must not overwrite newer
 * facts: the case row's conflict update only applies when its sequence is not behind; the steps and suspensions are
 * written with it (the caller holds the case's lock and has read the stored sequence: it writes only newer facts).
 * The main query notifies `PROJECTED_CHANNEL` when the case row was written, delivered at commit.
 */
function readModelWrites(
  params: unknown[],
  facts: CaseFacts,
  lastSequence: number,
  folded: FoldedCase | undefined,
): { ctes: string[]; notify: string } {
  const updated = CASE_WRITTEN.filter(
    (column) => !['case_id', 'workflow_id', 'template_id', 'catalog_version', 'received_at'].includes(column),
  );
  const ctes = [
    `written AS (
     INSERT INTO cases (${CASE_WRITTEN.join(', ')}, updated_at)
     VALUES ${valuesInto(params, CASE_WRITTEN, [caseParams(facts, lastSequence, folded)], ', now()')}
     ON CONFLICT ON CONSTRAINT pk_cases DO UPDATE SET
       ${updated.map((column) => `${column} = excluded.${column}`).join(', ')}, updated_at = now()
     WHERE cases.last_sequence <= excluded.last_sequence
     RETURNING case_id)`,
  ];
  if (facts.steps.length > 0) {
    const steps = facts.steps.map((step) => stepParams(facts.caseId, step));
    ctes.push(`steps AS (
       INSERT INTO case_steps (${STEP_WRITTEN.join(', ')}, updated_at)
       VALUES ${valuesInto(params, STEP_WRITTEN, steps, ', now()')}
       ON CONFLICT ON CONSTRAINT pk_case_steps DO UPDATE SET
         ${STEP_CHANGING.map((column) => `${column} = excluded.${column}`).join(', ')}, updated_at = now()
       -- Most commands change one step or two: the others are left as they are (no new row version, no index work).
       WHERE (${STEP_CHANGING.map((column) => `case_steps.${column}`).join(', ')})
         IS DISTINCT FROM (${STEP_CHANGING.map((column) => `excluded.${column}`).join(', ')}))`);
  }
  if (facts.suspensions.length > 0) {
    const suspensions = facts.suspensions.map((suspension) => suspensionParams(facts.caseId, suspension));
    const changing = SUSPENSION_WRITTEN.slice(2);
    ctes.push(`suspensions AS (
       INSERT INTO case_suspensions (${SUSPENSION_WRITTEN.join(', ')})
       VALUES ${valuesInto(params, SUSPENSION_WRITTEN, suspensions)}
       ON CONFLICT ON CONSTRAINT pk_case_suspensions DO UPDATE SET
         ${changing.map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${changing.map((column) => `case_suspensions.${column}`).join(', ')})
         IS DISTINCT FROM (${changing.map((column) => `excluded.${column}`).join(', ')}))`);
  }
  params.push(PROJECTED_CHANNEL, lastSequence);
  const notify = `SELECT case_id, pg_notify($${params.length - 1}, case_id || chr(9) || $${params.length}::text)
     FROM written`;
  return { ctes, notify };
}

/**
 * Upserts the case, its steps and its suspensions from the facts after event `lastSequence`, in one statement (see
 * `readModelWrites`); the caller holds the case's lock (`lockCaseLog`).
 */
export async function upsertReadModel(
  db: Queryable,
  facts: CaseFacts,
  lastSequence: number,
  folded?: FoldedCase,
): Promise<void> {
  const params: unknown[] = [];
  const { ctes, notify } = readModelWrites(params, facts, lastSequence, folded);
  assertCaseWritten(await queryReturning(db, `WITH ${ctes.join(',\n')}\n${notify}`, params), facts.caseId);
}

/**
 * The steps and suspensions are written with the case row: a case row left unwritten (a newer one stored, which
 * the caller's lock and its read of the stored sequence rule out) would leave them older than it. The transaction
 * is failed instead (the projection activity retries), never left half-written.
 */
function assertCaseWritten(written: unknown[], caseId: string): void {
  if (written.length === 0)
    throw new Error(`case ${caseId}: the read model holds a newer state than the one written with its steps`);
}

/**
 * What a projection starts from, in one read under the case's lock: the log's last row (what the next row chains
 * to), whether batches are parked for the case, and the read model's stored state and sequence.
 */
export async function projectionStart(
  db: Queryable,
  caseId: string,
): Promise<{
  last?: { sequence: number; hash: string };
  parked: boolean;
  stored?: StoredReadModel;
}> {
  const rows = await db.query<
    Array<{
      sequence: number | null;
      hash: string | null;
      parked: boolean;
      state: CaseState | null;
      template_kind: string | null;
      last_sequence: number | null;
    }>
  >(
    `SELECT e.sequence, e.hash, EXISTS (SELECT 1 FROM case_event_parked p WHERE p.case_id = $1) AS parked,
       c.state, c.template_kind, c.last_sequence
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT sequence, hash FROM case_events WHERE case_id = $1 ORDER BY sequence DESC LIMIT 1) e ON true
     LEFT JOIN cases c ON c.case_id = $1`,
    [caseId],
  );
  const row = rows[0];
  return {
    ...(row.sequence !== null && row.hash !== null ? { last: { sequence: row.sequence, hash: row.hash } } : {}),
    parked: row.parked,
    ...(row.last_sequence !== null
      ? {
          stored: {
            state: row.state,
            ...(row.template_kind ? { templateKind: row.template_kind } : {}),
            lastSequence: row.last_sequence,
          },
        }
      : {}),
  };
}

/**
 * A projection's writes in one statement: the chained events appended to the audit log and, when given, the read
 * model after them (`readModelWrites`). The caller holds the case's lock.
 */
export async function writeProjection(
  db: Queryable,
  events: readonly NewCaseEvent[],
  readModel?: { facts: CaseFacts; lastSequence: number; folded?: FoldedCase },
): Promise<void> {
  if (!readModel) return appendCaseEvents(db, events);
  const params: unknown[] = [];
  const ctes =
    events.length > 0
      ? [
          `appended AS (INSERT INTO case_events (${EVENT_COLUMNS_WRITTEN.join(', ')})
       VALUES ${valuesInto(params, EVENT_COLUMNS_WRITTEN, events.map(eventRow))})`,
        ]
      : [];
  const writes = readModelWrites(params, readModel.facts, readModel.lastSequence, readModel.folded);
  assertCaseWritten(
    await queryReturning(db, `WITH ${[...ctes, ...writes.ctes].join(',\n')}\n${writes.notify}`, params),
    readModel.facts.caseId,
  );
}

/**
 * Cases whose read-model row holds facts older than `version`, in case id order after `after`: the worker projects
 * them again, each once per pass (a row it cannot project, one with no log, stays stale without being read again).
 */
export async function staleCases(db: Queryable, version: number, limit: number, after = ''): Promise<string[]> {
  const rows = await db.query<Array<{ case_id: string }>>(
    'SELECT case_id FROM cases WHERE facts_version < $1 AND case_id > $2 ORDER BY case_id LIMIT $3',
    [version, after, limit],
  );
  return rows.map((row) => row.case_id);
}

/** The channel on which the projection announces a case's new state: `caseId<TAB>lastSequence`, at commit. */
export const PROJECTED_CHANNEL = 'case_projected';

/** A case's status and departments, its row locked until the transaction ends (so it is rated once). */
export async function findCaseForUpdate(
  db: Queryable,
  caseId: string,
): Promise<{ status: string; departments: string[] } | undefined> {
  const rows = await db.query<Array<Pick<CaseRow, 'status' | 'departments'>>>(
    'SELECT status, departments FROM cases WHERE case_id = $1 FOR UPDATE',
    [caseId],
  );
  return rows[0];
}

/** The departments that take part in a case (each one of its steps), or undefined when the case is not projected. */
export async function caseDepartments(db: Queryable, caseId: string): Promise<string[] | undefined> {
  const rows = await db.query<Array<Pick<CaseRow, 'departments'>>>('SELECT departments FROM cases WHERE case_id = $1', [
    caseId,
  ]);
  return rows[0]?.departments;
}

/** The last sequence the read model holds per case (of one case, or of all): it anchors the audit log's length. */
export async function caseLastSequences(
  db: Queryable,
  caseId?: string,
): Promise<Array<{ caseId: string; lastSequence: number }>> {
  const rows = await db.query<Array<Pick<CaseRow, 'case_id' | 'last_sequence'>>>(
    `SELECT case_id, last_sequence FROM cases ${caseId === undefined ? '' : 'WHERE case_id = $1'}`,
    caseId === undefined ? [] : [caseId],
  );
  return rows.map((row) => ({ caseId: row.case_id, lastSequence: row.last_sequence }));
}
