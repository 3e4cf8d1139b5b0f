import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { actor } from '@onewindow/contract/http';
import {
  completeRectificationTask,
  countRatingsByLevel,
  findCaseForUpdate,
  findRectificationForUpdate,
  insertRating,
  insertRectificationTask,
  isCaseRated,
  listRectifications,
  listRectificationTasks,
  type RectificationTask,
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
import { confinedDepartment, scopedDepartmentFilter } from '../auth/case-scope';
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
    if (principal.role !== 'integrator') {
      throw new ApiError(
        403,
        'rating-from-applicant-side',
        `好差评 comes from the applicant side: an integrator key relays the platform's rating; role ${principal.role} ` +
          'may not rate (the window may not rate the service it gave)',
      );
    }
    return this.record(caseId, level, comment, actorOf(principal), now);
  }

  /**
   * Records the applicant's rating of a finished case, relayed by `ratedBy` (the integrator's key, or the applicant's
   * own channel); a bad rating opens a rectification task due in 15 working days.
   */
  async record(caseId: string, level: RatingLevel, comment: string | undefined, ratedBy: unknown, now = new Date()) {
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
        ratedBy,
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

  /**
   * Completes a rectification: a supervisor, or a key of one of the rated case's departments (`department:<code>`,
   * `integrator:<code>`); who completed it is recorded with the resolution.
   */
  async complete(taskId: string, resolution: string, principal: Principal, now = new Date()) {
    return this.dataSource.transaction(async (manager) => {
      const task = await findRectificationForUpdate(manager, taskId);
      if (!task) throw ApiError.notFound('rectification-not-found', `no rectification task ${taskId}`);
      const department = confinedDepartment(principal);
      const allowed =
        principal.role === 'supervisor' || (department !== undefined && task.departments.includes(department));
      if (!allowed) {
        throw new ApiError(
          403,
          'rectification-not-yours',
          `rectification ${taskId} is completed by a department of case ${task.caseId} ` +
            `(${task.departments.join(', ')}) or a supervisor; role ${principal.role} may not`,
        );
      }
      if (task.completedAt !== null)
        throw ApiError.conflict('already-completed', `rectification ${taskId} is already completed`);
      const done = await completeRectificationTask(manager, taskId, {
        completedAt: now.toISOString(),
        resolution,
        completedBy: actorOf(principal),
      });
      if (!done?.completedAt)
        throw ApiError.conflict('already-completed', `rectification ${taskId} is already completed`);
      const completedAt = done.completedAt;
      return {
        ...presented(done),
        completedAt,
        completedBy: actorOf(principal),
        onTime: rectifiedOnTime({ deadline: done.deadline, completedAt }),
      };
    });
  }

  /** The tasks a caller may see: a department's key those of its cases, supervisors and auditors every one. */
  async list(principal: Principal, filter: { department?: string; open?: boolean; limit: number }) {
    const department = scopedDepartmentFilter(principal, filter.department);
    const tasks = await listRectificationTasks(this.dataSource, { ...filter, department });
    return { items: tasks.map(presented) };
  }

  /** Ratings and rectifications for the supervision overview. */
  async summary(now = new Date()): Promise<RatingsSummary> {
    const levels = await countRatingsByLevel(this.dataSource);
    const tasks = await listRectifications(this.dataSource);
    return ratingsSummary(levels, tasks, now.toISOString());
  }
}

/** A task as the API answers it: with whether it was (or, while open, can still be) completed on time. */
function presented(task: RectificationTask) {
  return {
    id: task.id,
    caseId: task.caseId,
    departments: task.departments,
    openedAt: task.openedAt,
    deadline: task.deadline,
    provisional: task.deadlineProvisional,
    completedAt: task.completedAt,
    resolution: task.resolution,
    completedBy: task.completedBy as z.infer<typeof actor> | null,
    onTime:
      task.completedAt === null ? null : rectifiedOnTime({ deadline: task.deadline, completedAt: task.completedAt }),
  };
}
