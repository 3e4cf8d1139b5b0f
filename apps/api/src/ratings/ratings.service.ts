import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_LIMITS } from '../../../../libs/catalog';
import { queryReturning } from '../../../../libs/persistence';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId } from '../cases/case-errors';
import { actorOf } from '../cases/cases.service';

/** 好差评 five levels, 非常满意 … 非常不满意. */
export const RATING_LEVELS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
const BAD: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);
const FINISHED = ['completed', 'refused', 'returned', 'terminated', 'withdrawn', 'revoked'];

@Injectable()
export class RatingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  /** Rates a finished case; a bad rating opens a rectification task due in 15 working days. */
  async rate(caseId: string, level: RatingLevel, comment: string | undefined, principal: Principal, now = new Date()) {
    assertCaseId(caseId);
    return this.dataSource.transaction(async (manager) => {
      const [found] = await manager.query<Array<{ status: string; departments: string[] }>>(
        'SELECT status, departments FROM cases WHERE case_id = $1 FOR UPDATE',
        [caseId],
      );
      if (!found) throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      if (!FINISHED.includes(found.status)) {
        throw ApiError.conflict(
          'case-not-finished',
          `好差评 comes after the case is finished; case ${caseId} is ${found.status}`,
        );
      }
      const existing = await manager.query<unknown[]>('SELECT 1 FROM case_ratings WHERE case_id = $1', [caseId]);
      if (existing.length > 0) throw ApiError.conflict('already-rated', `case ${caseId} is already rated`);
      const ratingId = randomUUID();
      await manager.query(
        'INSERT INTO case_ratings (id, case_id, level, comment, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [ratingId, caseId, level, comment ?? null, JSON.stringify(actorOf(principal)), now.toISOString()],
      );
      if (!BAD.has(level)) return { ratingId, caseId, level };
      const calendar = await this.reference.calendar();
      const due = calendar.deadline(now.toISOString(), DEFAULT_LIMITS.ratingRectification.value);
      const taskId = randomUUID();
      await manager.query(
        `INSERT INTO rectification_tasks (id, rating_id, case_id, departments, opened_at, deadline, deadline_provisional)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [taskId, ratingId, caseId, found.departments, now.toISOString(), due.at, due.provisional],
      );
      return { ratingId, caseId, level, rectification: { id: taskId, deadline: due.at, provisional: due.provisional } };
    });
  }

  async complete(taskId: string, resolution: string, now = new Date()) {
    const rows = await queryReturning<{ id: string; deadline: Date; completed_at: Date }>(
      this.dataSource,
      `UPDATE rectification_tasks SET completed_at = $2, resolution = $3
       WHERE id = $1 AND completed_at IS NULL RETURNING id, deadline, completed_at`,
      [taskId, now.toISOString(), resolution],
    );
    const row = rows[0];
    if (!row) {
      const known = await this.dataSource.query<unknown[]>('SELECT 1 FROM rectification_tasks WHERE id = $1', [taskId]);
      if (known.length > 0)
        throw ApiError.conflict('already-completed', `rectification ${taskId} is already completed`);
      throw ApiError.notFound('rectification-not-found', `no rectification task ${taskId}`);
    }
    return { id: row.id, completedAt: row.completed_at.toISOString(), onTime: row.completed_at <= row.deadline };
  }

  /** Ratings and rectifications for the supervision overview. */
  async summary(now = new Date()) {
    const levels = await this.dataSource.query<Array<{ level: string; n: string }>>(
      'SELECT level, count(*) AS n FROM case_ratings GROUP BY level',
    );
    const [tasks] = await this.dataSource.query<[{ open: string; overdue: string; completed: string; late: string }]>(
      `SELECT count(*) FILTER (WHERE completed_at IS NULL) AS open,
              count(*) FILTER (WHERE completed_at IS NULL AND deadline < $1) AS overdue,
              count(*) FILTER (WHERE completed_at IS NOT NULL) AS completed,
              count(*) FILTER (WHERE completed_at > deadline) AS late
       FROM rectification_tasks`,
      [now.toISOString()],
    );
    const byLevel = Object.fromEntries(
      RATING_LEVELS.map((level) => [level, Number(levels.find((row) => row.level === level)?.n ?? 0)]),
    );
    return {
      count: Object.values(byLevel).reduce((a, b) => a + b, 0),
      byLevel,
      rectifications: {
        open: Number(tasks.open),
        overdue: Number(tasks.overdue),
        completed: Number(tasks.completed),
        completedLate: Number(tasks.late),
      },
    };
  }
}
