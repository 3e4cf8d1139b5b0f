import type { CaseProjection, StepProjection } from '@onewindow/contract';
import type { CaseState } from '@onewindow/domain';
import { queryReturning } from './data-source';
import { rowParams, valuesList, type Queryable } from './queryable';

/**
 * `cases` and `case_steps`: the read model, one row per case and one per department step, written only by the
 * projection activity and read by lists, the audit anchor, 好差评 and 电子监察.
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
  deadline: Date | null;
  overdue: boolean;
  warning_level: string;
  priority: boolean;
  legal_overdue: boolean;
  /** The case state after `last_sequence` (rules of the domain's `evolve`), null for rows written before 2026-12. */
  state: CaseState | null;
  template_kind: string | null;
  last_sequence: number;
  received_at: Date;
  closed_at: Date | null;
  updated_at: Date;
}

interface CaseStepRow {
  case_id: string;
  step_id: string;
  matter_code: string;
  department: string;
  status: string;
  opinion: string | null;
  deadline: Date | null;
  deadline_provisional: boolean;
  warning_level: string;
  started_at: Date | null;
  finished_at: Date | null;
  legal_deadline: Date | null;
  legal_overdue: boolean;
  reviewer: string | null;
  /** Working days from start to finish, counted by the projection when the step finished; null until then. */
  working_days_used: number | null;
  updated_at: Date;
}

/** Written from the snapshot; `updated_at` is the write's own `now()`. */
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
  'overdue',
  'warning_level',
  'priority',
  'legal_overdue',
  'state',
  'template_kind',
  'last_sequence',
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
  'deadline',
  'deadline_provisional',
  'warning_level',
  'started_at',
  'finished_at',
  'legal_deadline',
  'legal_overdue',
  'reviewer',
  'working_days_used',
] as const satisfies ReadonlyArray<keyof CaseStepRow>;

function caseParams(
  snapshot: CaseProjection,
  lastSequence: number,
  folded: FoldedCase | undefined,
): Record<(typeof CASE_WRITTEN)[number], unknown> {
  return {
    case_id: snapshot.caseId,
    workflow_id: snapshot.workflowId,
    template_id: snapshot.templateId,
    catalog_version: snapshot.catalogVersion,
    status: snapshot.status,
    kind: snapshot.kind ?? null,
    applicant: JSON.stringify(snapshot.applicant),
    project: JSON.stringify(snapshot.project),
    departments: snapshot.departments,
    matters: [...new Set(snapshot.steps.map((step) => step.matterCode))],
    deadline: snapshot.deadline ?? null,
    overdue: snapshot.overdue,
    warning_level: snapshot.warningLevel,
    priority: snapshot.priority ?? false,
    legal_overdue: snapshot.legalOverdue ?? false,
    state: folded ? JSON.stringify(folded.state) : null,
    template_kind: folded?.templateKind ?? null,
    last_sequence: lastSequence,
    received_at: snapshot.receivedAt,
    closed_at: snapshot.closedAt ?? null,
  };
}

function stepParams(caseId: string, step: StepProjection): Record<(typeof STEP_WRITTEN)[number], unknown> {
  return {
    case_id: caseId,
    step_id: step.stepId,
    matter_code: step.matterCode,
    department: step.department,
    status: step.status,
    opinion: step.opinion ?? null,
    deadline: step.deadline ?? null,
    deadline_provisional: step.deadlineProvisional,
    warning_level: step.warningLevel,
    started_at: step.startedAt ?? null,
    finished_at: step.finishedAt ?? null,
    legal_deadline: step.legalDeadline ?? null,
    legal_overdue: step.legalOverdue ?? false,
    reviewer: step.reviewer ?? null,
    working_days_used: step.workingDaysUsed ?? null,
  };
}

/** A case's state as the projection folded it, with what its view needs besides (the template's handling kind). */
export interface FoldedCase {
  state: CaseState;
  templateKind?: string;
}

/** The folded state of a case and the sequence it stands at; undefined when the case has no row yet. */
export async function readModelState(
  db: Queryable,
  caseId: string,
): Promise<{ state: CaseState | null; templateKind?: string; lastSequence: number } | undefined> {
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

/**
 * Upserts the case and its steps from the snapshot taken after event `lastSequence`. A late retry of an older batch
 * must not overwrite a newer snapshot: the conflict update only applies when its sequence is not behind, and the
 * steps are written only when the case row was.
 */
export async function upsertReadModel(
  db: Queryable,
  snapshot: CaseProjection,
  lastSequence: number,
  folded?: FoldedCase,
): Promise<void> {
  const written = await queryReturning<{ case_id: string }>(
    db,
    `WITH written AS (
     INSERT INTO cases (${CASE_WRITTEN.join(', ')}, updated_at)
     VALUES ${valuesList(CASE_WRITTEN.length, 1, ', now()')}
     ON CONFLICT ON CONSTRAINT pk_cases DO UPDATE SET
       status = excluded.status, kind = excluded.kind, applicant = excluded.applicant, project = excluded.project,
       departments = excluded.departments, matters = excluded.matters, deadline = excluded.deadline, overdue = excluded.overdue,
       warning_level = excluded.warning_level, priority = excluded.priority,
       legal_overdue = excluded.legal_overdue, state = excluded.state, template_kind = excluded.template_kind,
       last_sequence = excluded.last_sequence,
       closed_at = excluded.closed_at, updated_at = now()
     WHERE cases.last_sequence <= excluded.last_sequence
     RETURNING case_id)
     -- Delivered at commit, and only when the row was written: an API answering with this state goes on at once.
     SELECT case_id, pg_notify($${CASE_WRITTEN.length + 1}, case_id || chr(9) || $${CASE_WRITTEN.length + 2}::text)
     FROM written`,
    [...rowParams(CASE_WRITTEN, [caseParams(snapshot, lastSequence, folded)]), PROJECTED_CHANNEL, lastSequence],
  );
  if (written.length === 0 || snapshot.steps.length === 0) return;
  const steps = snapshot.steps.map((step) => stepParams(snapshot.caseId, step));
  await db.query(
    `INSERT INTO case_steps (${STEP_WRITTEN.join(', ')}, updated_at)
     VALUES ${valuesList(STEP_WRITTEN.length, snapshot.steps.length, ', now()')}
     ON CONFLICT ON CONSTRAINT pk_case_steps DO UPDATE SET
       status = excluded.status, opinion = excluded.opinion, deadline = excluded.deadline,
       deadline_provisional = excluded.deadline_provisional, warning_level = excluded.warning_level,
       started_at = excluded.started_at, finished_at = excluded.finished_at,
       legal_deadline = excluded.legal_deadline, legal_overdue = excluded.legal_overdue,
       reviewer = excluded.reviewer, working_days_used = excluded.working_days_used, updated_at = now()
     -- Most commands change one step or two: the others are left as they are (no new row version, no index work).
     WHERE (case_steps.status, case_steps.opinion, case_steps.deadline, case_steps.deadline_provisional,
            case_steps.warning_level, case_steps.started_at, case_steps.finished_at, case_steps.legal_deadline,
            case_steps.legal_overdue, case_steps.reviewer, case_steps.working_days_used)
       IS DISTINCT FROM (excluded.status, excluded.opinion, excluded.deadline, excluded.deadline_provisional,
            excluded.warning_level, excluded.started_at, excluded.finished_at, excluded.legal_deadline,
            excluded.legal_overdue, excluded.reviewer, excluded.working_days_used)`,
    rowParams(STEP_WRITTEN, steps),
  );
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
