import type { RatingLevel } from '@onewindow/supervision';
import { queryReturning } from './data-source';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/** `case_ratings`: 好差评, one rating per finished case. */
interface CaseRatingRow {
  id: string;
  case_id: string;
  level: RatingLevel;
  comment: string | null;
  rated_by: unknown;
  rated_at: Date;
}

/** `rectification_tasks`: the 整改 a bad rating opens, with its working-day deadline. */
interface RectificationTaskRow {
  id: string;
  rating_id: string;
  case_id: string;
  departments: string[];
  opened_at: Date;
  deadline: Date;
  deadline_provisional: boolean;
  completed_at: Date | null;
  resolution: string | null;
  completed_by: unknown;
}

export interface NewRating {
  id: string;
  caseId: string;
  level: RatingLevel;
  comment: string | null;
  /** The actor who relayed the applicant's rating (an integrator key). */
  ratedBy: unknown;
  ratedAt: string;
}

export interface NewRectificationTask {
  id: string;
  ratingId: string;
  caseId: string;
  departments: string[];
  openedAt: string;
  deadline: string;
  deadlineProvisional: boolean;
}

/** What the rectification statistics count: each task's deadline, completion and the rated case's departments. */
export interface RectificationRecord {
  deadline: string;
  completedAt: string | null;
  departments: string[];
}

export async function isCaseRated(db: Queryable, caseId: string): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM case_ratings WHERE case_id = $1', [caseId]);
  return rows.length > 0;
}

export async function insertRating(db: Queryable, rating: NewRating): Promise<void> {
  await db.query(
    'INSERT INTO case_ratings (id, case_id, level, comment, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [rating.id, rating.caseId, rating.level, rating.comment, JSON.stringify(rating.ratedBy), rating.ratedAt],
  );
}

/** How many ratings each level has; levels nobody gave are absent. */
export async function countRatingsByLevel(db: Queryable): Promise<Array<{ level: RatingLevel; count: number }>> {
  const rows = await db.query<Array<Pick<CaseRatingRow, 'level'> & { n: string }>>(
    'SELECT level, count(*) AS n FROM case_ratings GROUP BY level',
  );
  return rows.map((row) => ({ level: row.level, count: Number(row.n) }));
}

export async function insertRectificationTask(db: Queryable, task: NewRectificationTask): Promise<void> {
  await db.query(
    `INSERT INTO rectification_tasks (id, rating_id, case_id, departments, opened_at, deadline, deadline_provisional)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [task.id, task.ratingId, task.caseId, task.departments, task.openedAt, task.deadline, task.deadlineProvisional],
  );
}

/** A rectification task as the supervisor and the case's departments read it. */
export interface RectificationTask {
  id: string;
  ratingId: string;
  caseId: string;
  departments: string[];
  openedAt: string;
  deadline: string;
  deadlineProvisional: boolean;
  completedAt: string | null;
  resolution: string | null;
  /** The actor who completed it; null while open, and for tasks completed before it was recorded. */
  completedBy: unknown;
}

const TASK_COLUMNS = `id, rating_id, case_id, departments, opened_at, deadline, deadline_provisional, completed_at,
  resolution, completed_by`;

function taskOf(row: RectificationTaskRow): RectificationTask {
  return {
    id: row.id,
    ratingId: row.rating_id,
    caseId: row.case_id,
    departments: row.departments,
    openedAt: instantOf(row.opened_at),
    deadline: instantOf(row.deadline),
    deadlineProvisional: row.deadline_provisional,
    completedAt: instantOrNull(row.completed_at),
    resolution: row.resolution,
    completedBy: row.completed_by ?? null,
  };
}

/** One task, its row locked until the transaction ends (so it is completed once, by someone allowed to). */
export async function findRectificationForUpdate(db: Queryable, id: string): Promise<RectificationTask | undefined> {
  const rows = await db.query<RectificationTaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM rectification_tasks WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] && taskOf(rows[0]);
}

/** Completes an open task, recording who did; undefined when it is not open (unknown, or completed already). */
export async function completeRectificationTask(
  db: Queryable,
  id: string,
  completion: { completedAt: string; resolution: string; completedBy: unknown },
): Promise<RectificationTask | undefined> {
  const rows = await queryReturning<RectificationTaskRow>(
    db,
    `UPDATE rectification_tasks SET completed_at = $2, resolution = $3, completed_by = $4
     WHERE id = $1 AND completed_at IS NULL RETURNING ${TASK_COLUMNS}`,
    [id, completion.completedAt, completion.resolution, JSON.stringify(completion.completedBy)],
  );
  return rows[0] && taskOf(rows[0]);
}

/** Tasks, newest first: of one department's cases, and only the open ones, when asked. */
export async function listRectificationTasks(
  db: Queryable,
  filter: { department?: string; open?: boolean; limit: number },
): Promise<RectificationTask[]> {
  const rows = await db.query<RectificationTaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM rectification_tasks
      WHERE ($1::text IS NULL OR $1 = ANY (departments)) AND (NOT $2::boolean OR completed_at IS NULL)
      ORDER BY opened_at DESC, id LIMIT $3`,
    [filter.department ?? null, filter.open ?? false, filter.limit],
  );
  return rows.map(taskOf);
}

export async function rectificationTaskExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM rectification_tasks WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Every task's deadline, completion and departments, for the supervision overview and the evaluation. */
export async function listRectifications(db: Queryable): Promise<RectificationRecord[]> {
  const rows = await db.query<Array<Pick<RectificationTaskRow, 'deadline' | 'completed_at' | 'departments'>>>(
    'SELECT deadline, completed_at, departments FROM rectification_tasks',
  );
  return rows.map((row) => ({
    deadline: instantOf(row.deadline),
    completedAt: instantOrNull(row.completed_at),
    departments: row.departments,
  }));
}

/** The ratings of each department's cases rated in [from, to), by level (a joint case counts for each department). */
export async function ratingsByDepartment(
  db: Queryable,
  period: { from?: string; to?: string },
): Promise<Array<{ department: string; level: RatingLevel; count: number }>> {
  const rows = await db.query<Array<{ department: string; level: RatingLevel; n: string }>>(
    `SELECT d.department, r.level, count(*) AS n
       FROM case_ratings r JOIN cases c USING (case_id), unnest(c.departments) AS d(department)
      WHERE ($1::timestamptz IS NULL OR r.rated_at >= $1) AND ($2::timestamptz IS NULL OR r.rated_at < $2)
      GROUP BY d.department, r.level`,
    [period.from ?? null, period.to ?? null],
  );
  return rows.map((row) => ({ department: row.department, level: row.level, count: Number(row.n) }));
}

/** The ratings of each department's cases per local quarter (`2026-Q3`) of one year, by level. */
export async function ratingsByQuarter(
  db: Queryable,
  year: number,
  utcOffsetMinutes: number,
): Promise<Array<{ quarter: string; department: string; level: RatingLevel; count: number }>> {
  const rows = await db.query<Array<{ quarter: string; department: string; level: RatingLevel; n: string }>>(
    `SELECT to_char(r.rated_at + make_interval(mins => $2), 'YYYY"-Q"Q') AS quarter, d.department, r.level,
            count(*) AS n
       FROM case_ratings r JOIN cases c USING (case_id), unnest(c.departments) AS d(department)
      WHERE extract(year FROM r.rated_at + make_interval(mins => $2)) = $1
      GROUP BY 1, d.department, r.level`,
    [year, utcOffsetMinutes],
  );
  return rows.map((row) => ({
    quarter: row.quarter,
    department: row.department,
    level: row.level,
    count: Number(row.n),
  }));
}
