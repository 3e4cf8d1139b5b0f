import {
  rectificationLate,
  type AccountabilityFinding,
  type AccountabilitySource,
  type ComplaintFinding,
} from '@onewindow/supervision';
import { queryReturning } from './data-source';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/** `complaints`: 评议投诉 about a case, answered by a supervisor within the configured limit. */
interface ComplaintRow {
  id: string;
  case_id: string;
  departments: string[];
  subject: string;
  filed_by: unknown;
  filed_at: Date;
  deadline: Date;
  deadline_provisional: boolean;
  answered_at: Date | null;
  finding: ComplaintFinding | null;
  answer: string | null;
  answered_by: unknown;
}

export interface Complaint {
  id: string;
  caseId: string;
  departments: string[];
  subject: string;
  filedBy: unknown;
  filedAt: string;
  deadline: string;
  deadlineProvisional: boolean;
  answeredAt: string | null;
  finding: ComplaintFinding | null;
  answer: string | null;
  answeredBy: unknown;
}

export type NewComplaint = Omit<Complaint, 'answeredAt' | 'finding' | 'answer' | 'answeredBy'>;

const COMPLAINT_COLUMNS = `id, case_id, departments, subject, filed_by, filed_at, deadline, deadline_provisional,
  answered_at, finding, answer, answered_by`;

function complaintOf(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    caseId: row.case_id,
    departments: row.departments,
    subject: row.subject,
    filedBy: row.filed_by,
    filedAt: instantOf(row.filed_at),
    deadline: instantOf(row.deadline),
    deadlineProvisional: row.deadline_provisional,
    answeredAt: instantOrNull(row.answered_at),
    finding: row.finding,
    answer: row.answer,
    answeredBy: row.answered_by ?? null,
  };
}

export async function insertComplaint(db: Queryable, complaint: NewComplaint): Promise<void> {
  await db.query(
    `INSERT INTO complaints (id, case_id, departments, subject, filed_by, filed_at, deadline, deadline_provisional)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      complaint.id,
      complaint.caseId,
      complaint.departments,
      complaint.subject,
      JSON.stringify(complaint.filedBy),
      complaint.filedAt,
      complaint.deadline,
      complaint.deadlineProvisional,
    ],
  );
}

/** One complaint, its row locked until the transaction ends (so it is answered once). */
export async function findComplaintForUpdate(db: Queryable, id: string): Promise<Complaint | undefined> {
  const rows = await db.query<ComplaintRow[]>(`SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] && complaintOf(rows[0]);
}

export async function findComplaint(db: Queryable, id: string): Promise<Complaint | undefined> {
  const rows = await db.query<ComplaintRow[]>(`SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE id = $1`, [id]);
  return rows[0] && complaintOf(rows[0]);
}

/** Answers an open complaint; undefined when it is answered already. */
export async function answerComplaint(
  db: Queryable,
  id: string,
  answer: { answeredAt: string; finding: ComplaintFinding; answer: string; answeredBy: unknown },
): Promise<Complaint | undefined> {
  const rows = await queryReturning<ComplaintRow>(
    db,
    `UPDATE complaints SET answered_at = $2, finding = $3, answer = $4, answered_by = $5
     WHERE id = $1 AND answered_at IS NULL RETURNING ${COMPLAINT_COLUMNS}`,
    [id, answer.answeredAt, answer.finding, answer.answer, JSON.stringify(answer.answeredBy)],
  );
  return rows[0] && complaintOf(rows[0]);
}

/** Complaints, newest first: of one case, of one department's cases, only the open ones, as asked. */
export async function listComplaints(
  db: Queryable,
  filter: { caseId?: string; department?: string; open?: boolean; limit: number },
): Promise<Complaint[]> {
  const rows = await db.query<ComplaintRow[]>(
    `SELECT ${COMPLAINT_COLUMNS} FROM complaints
      WHERE ($1::text IS NULL OR case_id = $1) AND ($2::text IS NULL OR $2 = ANY (departments))
        AND (NOT $3::boolean OR answered_at IS NULL)
      ORDER BY filed_at DESC, id LIMIT $4`,
    [filter.caseId ?? null, filter.department ?? null, filter.open ?? false, filter.limit],
  );
  return rows.map(complaintOf);
}

/** `accountability_records`: 问责 opened by the engine's facts against one department. */
interface AccountabilityRow {
  id: string;
  source: AccountabilitySource;
  source_id: string;
  department: string;
  case_id: string;
  step_id: string | null;
  reviewer: string | null;
  opened_at: Date;
  closed_at: Date | null;
  finding: AccountabilityFinding | null;
  reasons: string | null;
  measure: string | null;
  closed_by: unknown;
}

export interface AccountabilityRecord {
  id: string;
  source: AccountabilitySource;
  /** The red-carded step (`caseId/stepId`), the rectification task or the complaint. */
  sourceId: string;
  department: string;
  caseId: string;
  stepId: string | null;
  /** The key whose opinion the step last recorded (a red card's step), when there is one. */
  reviewer: string | null;
  openedAt: string;
  closedAt: string | null;
  finding: AccountabilityFinding | null;
  reasons: string | null;
  measure: string | null;
  closedBy: unknown;
}

const RECORD_COLUMNS = `id, source, source_id, department, case_id, step_id, reviewer, opened_at, closed_at, finding,
  reasons, measure, closed_by`;

function recordOf(row: AccountabilityRow): AccountabilityRecord {
  return {
    id: row.id,
    source: row.source,
    sourceId: row.source_id,
    department: row.department,
    caseId: row.case_id,
    stepId: row.step_id,
    reviewer: row.reviewer,
    openedAt: instantOf(row.opened_at),
    closedAt: instantOrNull(row.closed_at),
    finding: row.finding,
    reasons: row.reasons,
    measure: row.measure,
    closedBy: row.closed_by ?? null,
  };
}

/**
 * Opens the accountability records the facts call for and that are not open yet, at the instant of the fact:
 * a step's 红牌 (the first red `AlertRaised` of its clock in the audit log, against the step's department and its
 * reviewer), a rectification not completed by its deadline (at the deadline, against each department of the rated
 * case) and a complaint found upheld (at the answer, against each department of the case). Idempotent: one record per
 * source and department, whoever runs it and however often. Returns how many it opened.
 */
export async function openAccountabilityRecords(db: Queryable, now: string): Promise<number> {
  // One after the other: `db` may be a transaction's one connection, which runs one statement at a time.
  const statements: Array<() => Promise<Array<{ id: string }>>> = [
    () =>
      queryReturning<{ id: string }>(
        db,
        `INSERT INTO accountability_records (id, source, source_id, department, case_id, step_id, reviewer, opened_at)
       SELECT gen_random_uuid()::text, 'red-card', s.case_id || '/' || s.step_id, s.department, s.case_id,
              s.step_id, s.reviewer, red.at
         FROM case_steps s
        CROSS JOIN LATERAL (
              SELECT min(e.occurred_at) AS at FROM case_events e
               WHERE e.case_id = s.case_id AND e.type = 'AlertRaised' AND e.payload ->> 'level' = 'red'
                 AND e.payload ->> 'key' = 'step:' || s.step_id) red
        WHERE s.raised_red AND red.at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM accountability_records a
                           WHERE a.source = 'red-card' AND a.source_id = s.case_id || '/' || s.step_id
                             AND a.department = s.department)
       ON CONFLICT (source, source_id, department) DO NOTHING RETURNING id`,
        [],
      ),
    () => openLateRectificationRecords(db, now),
    () =>
      queryReturning<{ id: string }>(
        db,
        `INSERT INTO accountability_records (id, source, source_id, department, case_id, opened_at)
       SELECT gen_random_uuid()::text, 'upheld-complaint', c.id, d.department, c.case_id, c.answered_at
         FROM complaints c, unnest(c.departments) AS d(department)
        WHERE c.finding = 'upheld'
          AND NOT EXISTS (SELECT 1 FROM accountability_records a
                           WHERE a.source = 'upheld-complaint' AND a.source_id = c.id AND a.department = d.department)
       ON CONFLICT (source, source_id, department) DO NOTHING RETURNING id`,
        [],
      ),
  ];
  let opened = 0;
  for (const statement of statements) opened += (await statement()).length;
  return opened;
}

/**
 * The late-rectification records: the tasks with a department that has no record yet are loaded, libs/supervision's
 * `rectificationLate` judges them at `now`, and each late one opens a record at its deadline against that department.
 */
async function openLateRectificationRecords(db: Queryable, now: string): Promise<Array<{ id: string }>> {
  const candidates = await db.query<
    Array<{ id: string; department: string; case_id: string; deadline: Date; completed_at: Date | null }>
  >(
    `SELECT t.id, d.department, t.case_id, t.deadline, t.completed_at
       FROM rectification_tasks t, unnest(t.departments) AS d(department)
      WHERE NOT EXISTS (SELECT 1 FROM accountability_records a
                         WHERE a.source = 'late-rectification' AND a.source_id = t.id AND a.department = d.department)`,
  );
  const late = candidates
    .map((row) => ({
      id: row.id,
      department: row.department,
      caseId: row.case_id,
      deadline: instantOf(row.deadline),
      completedAt: instantOrNull(row.completed_at),
    }))
    .filter((task) => rectificationLate(task, now));
  if (late.length === 0) return [];
  return queryReturning<{ id: string }>(
    db,
    `INSERT INTO accountability_records (id, source, source_id, department, case_id, opened_at)
     SELECT gen_random_uuid()::text, 'late-rectification', l.id, l.department, l.case_id, l.opened_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS l(id, department, case_id, opened_at)
     ON CONFLICT (source, source_id, department) DO NOTHING RETURNING id`,
    [
      late.map((task) => task.id),
      late.map((task) => task.department),
      late.map((task) => task.caseId),
      late.map((task) => task.deadline),
    ],
  );
}

export async function findAccountabilityForUpdate(
  db: Queryable,
  id: string,
): Promise<AccountabilityRecord | undefined> {
  const rows = await db.query<AccountabilityRow[]>(
    `SELECT ${RECORD_COLUMNS} FROM accountability_records WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] && recordOf(rows[0]);
}

/** Closes an open record with its finding; undefined when it is closed already. */
export async function closeAccountabilityRecord(
  db: Queryable,
  id: string,
  closing: {
    closedAt: string;
    finding: AccountabilityFinding;
    reasons: string;
    measure: string | null;
    closedBy: unknown;
  },
): Promise<AccountabilityRecord | undefined> {
  const rows = await queryReturning<AccountabilityRow>(
    db,
    `UPDATE accountability_records SET closed_at = $2, finding = $3, reasons = $4, measure = $5, closed_by = $6
     WHERE id = $1 AND closed_at IS NULL RETURNING ${RECORD_COLUMNS}`,
    [id, closing.closedAt, closing.finding, closing.reasons, closing.measure, JSON.stringify(closing.closedBy)],
  );
  return rows[0] && recordOf(rows[0]);
}

/** Records, newest first: against one department, of one case, only the open ones, as asked. */
export async function listAccountabilityRecords(
  db: Queryable,
  filter: { department?: string; caseId?: string; open?: boolean; limit: number },
): Promise<AccountabilityRecord[]> {
  const rows = await db.query<AccountabilityRow[]>(
    `SELECT ${RECORD_COLUMNS} FROM accountability_records
      WHERE ($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR case_id = $2)
        AND (NOT $3::boolean OR closed_at IS NULL)
      ORDER BY opened_at DESC, id LIMIT $4`,
    [filter.department ?? null, filter.caseId ?? null, filter.open ?? false, filter.limit],
  );
  return rows.map(recordOf);
}

/** What 电子监察 and the evaluation count of the complaints: every one's departments, times and finding. */
export async function listComplaintFacts(db: Queryable): Promise<
  Array<{
    departments: string[];
    filedAt: string;
    deadline: string;
    answeredAt: string | null;
    finding: ComplaintFinding | null;
  }>
> {
  const rows = await db.query<
    Array<Pick<ComplaintRow, 'departments' | 'filed_at' | 'deadline' | 'answered_at' | 'finding'>>
  >('SELECT departments, filed_at, deadline, answered_at, finding FROM complaints');
  return rows.map((row) => ({
    departments: row.departments,
    filedAt: instantOf(row.filed_at),
    deadline: instantOf(row.deadline),
    answeredAt: instantOrNull(row.answered_at),
    finding: row.finding,
  }));
}

/** What 电子监察 and the evaluation count of the accountability records. */
export async function listAccountabilityFacts(db: Queryable): Promise<
  Array<{
    source: AccountabilitySource;
    department: string;
    openedAt: string;
    closedAt: string | null;
    finding: AccountabilityFinding | null;
  }>
> {
  const rows = await db.query<
    Array<Pick<AccountabilityRow, 'source' | 'department' | 'opened_at' | 'closed_at' | 'finding'>>
  >('SELECT source, department, opened_at, closed_at, finding FROM accountability_records');
  return rows.map((row) => ({
    source: row.source,
    department: row.department,
    openedAt: instantOf(row.opened_at),
    closedAt: instantOrNull(row.closed_at),
    finding: row.finding,
  }));
}

/** Whether a key acted on a case's step: any event of the step in the audit log recorded with it as the actor. */
export async function actedOnStep(db: Queryable, caseId: string, stepId: string, keyId: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    `SELECT 1 FROM case_events WHERE case_id = $1 AND actor ->> 'id' = $2 AND payload ->> 'stepId' = $3 LIMIT 1`,
    [caseId, keyId, stepId],
  );
  return rows.length > 0;
}
