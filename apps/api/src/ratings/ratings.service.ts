import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  completeRectificationTask,
  countRatingsByLevel,
  findCaseForUpdate,
  insertRating,
  insertRectificationTask,
  isCaseRated,
  listRectifications,
  rectificationTaskExists,
} from '@onewindow/persistence';
import {
  isRatable,
  opensRectification,
  ratingsSummary,
  rectificationDeadline,
  rectifiedOnTime,
  type RatingLevel,
  type RatingsSummary,
} from '@onewindow/supervision';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId } from '../cases/case-errors';
import { actorOf } from '../cases/cases.service';

/** 好差评: the rules are libs/supervision's; this service loads, locks and writes. */
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
      const found = await findCaseForUpdate(manager, caseId);
      if (!found) throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      if (!isRatable(found.status)) {
        throw ApiError.conflict(
          'case-not-finished',
          `好差评 comes after the case is finished; case ${caseId} is ${found.status}`,
        );
      }
      if (await isCaseRated(manager, caseId))
        throw ApiError.conflict('already-rated', `case ${caseId} is already rated`);
      const ratingId = randomUUID();
      await insertRating(manager, {
        id: ratingId,
        caseId,
        level,
        comment: comment ?? null,
        ratedBy: actorOf(principal),
        ratedAt: now.toISOString(),
      });
      if (!opensRectification(level)) return { ratingId, caseId, level };
      const due = rectificationDeadline(await this.reference.calendar(), now.toISOString());
      const taskId = randomUUID();
      await insertRectificationTask(manager, {
        id: taskId,
        ratingId,
        caseId,
        departments: found.departments,
        openedAt: now.toISOString(),
        deadline: due.at,
        deadlineProvisional: due.provisional,
      });
      return { ratingId, caseId, level, rectification: { id: taskId, deadline: due.at, provisional: due.provisional } };
    });
  }

  async complete(taskId: string, resolution: string, now = new Date()) {
    const task = await completeRectificationTask(this.dataSource, taskId, now.toISOString(), resolution);
    if (!task) {
      if (await rectificationTaskExists(this.dataSource, taskId))
        throw ApiError.conflict('already-completed', `rectification ${taskId} is already completed`);
      throw ApiError.notFound('rectification-not-found', `no rectification task ${taskId}`);
    }
    return { id: task.id, completedAt: task.completedAt, onTime: rectifiedOnTime(task) };
  }

  /** Ratings and rectifications for the supervision overview. */
  async summary(now = new Date()): Promise<RatingsSummary> {
    const levels = await countRatingsByLevel(this.dataSource);
    const tasks = await listRectifications(this.dataSource);
    return ratingsSummary(levels, tasks, now.toISOString());
  }
}
