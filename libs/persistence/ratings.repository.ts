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
}

export interface NewRating {
  id: string;
  caseId: string;
  level: RatingLevel;
  comment: string | null;
  /** The actor who rated (window or integrator). */
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

/** What the rectification statistics count. */
export interface RectificationRecord {
  deadline: string;
  completedAt: string | null;
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

/** Completes an open task; undefined when there is no open task with this id (unknown, or completed already). */
export async function completeRectificationTask(
  db: Queryable,
  id: string,
  completedAt: string,
  resolution: string,
): Promise<{ id: string; deadline: string; completedAt: string } | undefined> {
  const rows = await queryReturning<Pick<RectificationTaskRow, 'id' | 'deadline'> & { completed_at: Date }>(
    db,
    `UPDATE rectification_tasks SET completed_at = $2, resolution = $3
     WHERE id = $1 AND completed_at IS NULL RETURNING id, deadline, completed_at`,
    [id, completedAt, resolution],
  );
  const row = rows[0];
  return row && { id: row.id, deadline: instantOf(row.deadline), completedAt: instantOf(row.completed_at) };
}

export async function rectificationTaskExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM rectification_tasks WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Every task's deadline and completion, for the supervision overview. */
export async function listRectifications(db: Queryable): Promise<RectificationRecord[]> {
  const rows = await db.query<Array<Pick<RectificationTaskRow, 'deadline' | 'completed_at'>>>(
    'SELECT deadline, completed_at FROM rectification_tasks',
  );
  return rows.map((row) => ({ deadline: instantOf(row.deadline), completedAt: instantOrNull(row.completed_at) }));
}
