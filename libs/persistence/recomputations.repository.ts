import { isFinished, type CaseState } from '@onewindow/case';
import { clockCountsIn } from '@onewindow/case';
import { instantOf, type Queryable } from './queryable';

/**
 * `calendar_recomputations`: what publishing a notice did to the open cases: how many were asked to recompute their
 * deadlines, how many deadlines moved, how many provisional ones became final. Written by the recomputation
 * workflow's activities as they go, read by the admin API.
 */
interface RecomputationRow {
  id: string;
  notice_id: string;
  calendar_version: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  cases_changed: number;
  cases_unchanged: number;
  cases_closed: number;
  cases_failed: number;
  deadlines_moved: number;
  became_final: number;
  moves: DeadlineMove[];
  started_at: Date;
  finished_at: Date | null;
}

export interface DeadlineMove {
  caseId: string;
  clock: string;
  from: string;
  to: string;
  /** The deadline was provisional before and is final now. */
  becameFinal: boolean;
}

export interface RecomputationRecord {
  id: string;
  noticeId: number;
  calendarVersion: string;
  status: RecomputationRow['status'];
  /** Open cases found so far that count days in the notice's year. */
  total: number;
  done: number;
  cases: { changed: number; unchanged: number; closed: number; failed: number };
  deadlinesMoved: number;
  becameFinal: number;
  /** The first 500 moves, for the admin to check. */
  moves: DeadlineMove[];
  startedAt: string;
  finishedAt?: string;
}

export interface RecomputationProgress {
  found?: number;
  changed?: number;
  unchanged?: number;
  closed?: number;
  failed?: number;
  moves?: DeadlineMove[];
}

const MAX_MOVES_KEPT = 500;

function recordOf(row: RecomputationRow): RecomputationRecord {
  return {
    id: row.id,
    noticeId: Number(row.notice_id),
    calendarVersion: row.calendar_version,
    status: row.status,
    total: row.total,
    done: row.done,
    cases: {
      changed: row.cases_changed,
      unchanged: row.cases_unchanged,
      closed: row.cases_closed,
      failed: row.cases_failed,
    },
    deadlinesMoved: row.deadlines_moved,
    becameFinal: row.became_final,
    moves: row.moves,
    startedAt: instantOf(row.started_at),
    ...(row.finished_at ? { finishedAt: instantOf(row.finished_at) } : {}),
  };
}

/** Records a recomputation as started (idempotent: a retried start finds its row). */
export async function startRecomputation(
  db: Queryable,
  id: string,
  noticeId: number,
  calendarVersion: string,
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_recomputations (id, notice_id, calendar_version) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT pk_calendar_recomputations DO NOTHING`,
    [id, noticeId, calendarVersion],
  );
}

/** Adds what one batch did. */
export async function addRecomputationProgress(
  db: Queryable,
  id: string,
  progress: RecomputationProgress,
): Promise<void> {
  const moves = progress.moves ?? [];
  const done = (progress.changed ?? 0) + (progress.unchanged ?? 0) + (progress.closed ?? 0) + (progress.failed ?? 0);
  await db.query(
    `UPDATE calendar_recomputations SET
       total = total + $2, done = done + $3, cases_changed = cases_changed + $4, cases_unchanged = cases_unchanged + $5,
       cases_closed = cases_closed + $6, cases_failed = cases_failed + $7, deadlines_moved = deadlines_moved + $8,
       became_final = became_final + $9,
       moves = CASE WHEN jsonb_array_length(moves) >= $10 THEN moves
                    ELSE moves || (SELECT coalesce(jsonb_agg(m), '[]'::jsonb)
                                   FROM (SELECT m FROM jsonb_array_elements($11::jsonb) m
                                         LIMIT greatest(0, $10 - jsonb_array_length(moves))) kept) END
     WHERE id = $1`,
    [
      id,
      progress.found ?? 0,
      done,
      progress.changed ?? 0,
      progress.unchanged ?? 0,
      progress.closed ?? 0,
      progress.failed ?? 0,
      moves.length,
      moves.filter((move) => move.becameFinal).length,
      MAX_MOVES_KEPT,
      JSON.stringify(moves),
    ],
  );
}

export async function finishRecomputation(db: Queryable, id: string, status: 'done' | 'failed'): Promise<void> {
  await db.query(
    `UPDATE calendar_recomputations SET status = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
    [id, status],
  );
}

export async function recomputation(db: Queryable, id: string): Promise<RecomputationRecord | undefined> {
  const rows = await db.query<RecomputationRow[]>('SELECT * FROM calendar_recomputations WHERE id = $1', [id]);
  return rows[0] ? recordOf(rows[0]) : undefined;
}

export async function listRecomputations(db: Queryable, limit = 50): Promise<RecomputationRecord[]> {
  const rows = await db.query<RecomputationRow[]>(
    'SELECT * FROM calendar_recomputations ORDER BY started_at DESC LIMIT $1',
    [limit],
  );
  return rows.map(recordOf);
}

/**
 * One page of open cases whose deadlines a notice for `year` can move, in case-id order after `after`. `scanned`
 * is the last case id looked at (the next page starts after it), undefined when there are no more cases.
 */
export async function casesCountingIn(
  db: Queryable,
  year: number,
  after: string,
  limit: number,
): Promise<{
  caseIds: string[];
  clocks: Record<string, Record<string, { deadline: string; provisional: boolean }>>;
  scanned?: string;
}> {
  const rows = await db.query<Array<{ case_id: string; state: CaseState | null }>>(
    // Open cases, and completed ones still inside their 告知承诺 check period (weeks, never months).
    `SELECT case_id, state FROM cases
     WHERE (closed_at IS NULL OR (status = 'completed' AND closed_at > now() - interval '120 days')) AND case_id > $1
     ORDER BY case_id LIMIT $2`,
    [after, limit],
  );
  const caseIds: string[] = [];
  const clocks: Record<string, Record<string, { deadline: string; provisional: boolean }>> = {};
  for (const row of rows) {
    // Rows written before the read model kept the state (2026-11 cases) cannot be judged here: they are asked too.
    if (
      row.state &&
      (isFinished(row.state) || !Object.values(row.state.clocks).some((clock) => clockCountsIn(clock, year)))
    )
      continue;
    caseIds.push(row.case_id);
    clocks[row.case_id] = Object.fromEntries(
      Object.entries(row.state?.clocks ?? {}).map(([key, clock]) => [
        key,
        { deadline: clock.deadline, provisional: clock.provisional },
      ]),
    );
  }
  return { caseIds, clocks, ...(rows.length === limit ? { scanned: rows.at(-1)!.case_id } : {}) };
}

/** The clocks of a case as the read model holds them, and the sequence it stands at. */
export async function storedClocks(
  db: Queryable,
  caseId: string,
): Promise<{ lastSequence: number; clocks: Record<string, { deadline: string; provisional: boolean }> } | undefined> {
  const rows = await db.query<Array<{ last_sequence: number; state: CaseState | null }>>(
    'SELECT last_sequence, state FROM cases WHERE case_id = $1',
    [caseId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    lastSequence: row.last_sequence,
    clocks: Object.fromEntries(
      Object.entries(row.state?.clocks ?? {}).map(([key, clock]) => [
        key,
        { deadline: clock.deadline, provisional: clock.provisional },
      ]),
    ),
  };
}
