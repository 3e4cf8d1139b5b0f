import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { validateNotice, WorkingCalendar, type HolidayNoticeInput } from '@onewindow/calendar';
import type { TemporalSettings } from '@onewindow/config';
import { parseCatalog } from '@onewindow/catalog/format';
import {
  activateCatalog,
  CatalogVersionConflictError,
  CatalogVersionNotFoundError,
  publishCatalog,
  publishNotice,
  recomputation,
  startRecomputation,
  type CatalogVersionRecord,
  type NoticeRecord,
  type RecomputationRecord,
} from '@onewindow/persistence';
import {
  CALENDAR_RECOMPUTATION_WORKFLOW_TYPE,
  calendarRecomputationWorkflowId,
  type CalendarRecomputationInput,
} from '@onewindow/contract/http';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { ReferenceDataService } from './reference-data.service';

/** Who published: the admin key's id and name, as the tables record it. */
const publisher = (principal: Principal): string => `${principal.keyId} (${principal.name})`;

/**
 * Publishing reference data over HTTP: catalogue versions (validated, stored immutable, activated for new cases)
 * and holiday notices (validated, stored as a new revision, then every open case they can move is recomputed by a
 * durable workflow).
 */
@Injectable()
export class PublishingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly temporal: TemporalSettings,
  ) {}

  async publishCatalog(
    body: unknown,
    activate: boolean,
    principal: Principal,
  ): Promise<{ created: boolean; version: CatalogVersionRecord }> {
    const calendar = await this.reference.calendar();
    const parsed = parseCatalog(body, { officeMinutesPerDay: officeMinutesPerDay(calendar) });
    if (!parsed.ok)
      throw ApiError.unprocessable(
        'catalog-invalid',
        `${parsed.problems.length} problem(s): ${parsed.problems
          .slice(0, 5)
          .map((problem) => `${problem.path}: ${problem.message}`)
          .join('; ')}`,
        parsed.problems,
      );
    try {
      return await publishCatalog(this.dataSource, parsed.catalog, { activate, by: publisher(principal) });
    } catch (error) {
      if (error instanceof CatalogVersionConflictError)
        throw ApiError.conflict('catalog-version-exists', error.message, { version: error.version });
      throw error;
    }
  }

  async activateCatalog(version: string, principal: Principal): Promise<CatalogVersionRecord> {
    try {
      return await activateCatalog(this.dataSource, version, publisher(principal));
    } catch (error) {
      if (error instanceof CatalogVersionNotFoundError)
        throw ApiError.notFound('catalog-version-not-found', error.message);
      throw error;
    }
  }

  async publishNotice(
    notice: HolidayNoticeInput,
    principal: Principal,
  ): Promise<{
    created: boolean;
    notice: NoticeRecord;
    calendarVersion: string;
    recomputation?: RecomputationRecord;
  }> {
    const problems = validateNotice(notice);
    if (problems.length > 0)
      throw ApiError.unprocessable(
        'notice-invalid',
        problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '),
        // The route's structural problems name fields (its zod body), so these do too: holidays[2].to, workdays[0].date.
        problems.map((problem) => ({ field: problem.path, rule: problem.rule, message: problem.message })),
      );
    const published = await publishNotice(this.dataSource, notice, publisher(principal));
    const calendar = await this.reference.calendar();
    const applies = this.reference.regions().includes(notice.region);
    if (!published.created || !applies)
      return { created: published.created, notice: published.notice, calendarVersion: calendar.version };
    const id = `notice-${published.notice.id}`;
    const input: CalendarRecomputationInput = {
      id,
      noticeId: published.notice.id,
      calendarVersion: calendar.version,
      year: notice.year,
    };
    // Recorded before the workflow starts, so the answer and GET …/recomputations/{id} find it from now on (the
    // workflow's own start is idempotent).
    await startRecomputation(this.dataSource, id, input.noticeId, input.calendarVersion);
    try {
      await this.client.workflow.start(CALENDAR_RECOMPUTATION_WORKFLOW_TYPE, {
        workflowId: calendarRecomputationWorkflowId(id),
        taskQueue: this.temporal.taskQueue,
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return {
      created: true,
      notice: published.notice,
      calendarVersion: calendar.version,
      recomputation: await recomputation(this.dataSource, id),
    };
  }
}

/** Office minutes of the calendar's working day, so catalogue limits in hours compare with those in days. */
function officeMinutesPerDay(calendar: WorkingCalendar): number {
  return calendar.officeHours.reduce((total, stretch) => {
    const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
    return total + minutes(stretch.end) - minutes(stretch.start);
  }, 0);
}
