import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createRecomputationActivities } from './calendar-recomputation';
import type { ProjectionBatch } from '@onewindow/contract';
import type { CalendarData, WorkingCalendar } from '@onewindow/calendar';
import type { CaseContextData } from '@onewindow/contract';
import { ApplicationFailure } from '@temporalio/common';
import { calendarSettingsFromEnv, ReferenceDataCache, type CalendarSettings } from '@onewindow/persistence';
import { loadCaseContext, UnknownTemplateError } from './context';
import { projectBatch, type ProjectionResult } from './projection';
import { CaseWriteQueue } from './write-queue';

export interface ActivityDeps {
  dataSource: DataSource;
  /** For the calendar recomputation, which sends updates to cases; the case activities need none. */
  client?: Client;
  /** Which calendar regions apply, office close, time zone; from the environment when absent. */
  calendarSettings?: CalendarSettings;
}

/** Activities are idempotent I/O only; workflows import their types, never their code. */
export function createActivities(deps: ActivityDeps) {
  // Every case start reads its catalogue version and the calendar: one copy each, while they stay the same.
  const reference = new ReferenceDataCache(deps.dataSource, deps.calendarSettings ?? calendarSettingsFromEnv());
  // The read model's views need the calendar; it changes once a year, so a few seconds' copy serves every batch
  // without even the cache's one question.
  let cached: { calendar: WorkingCalendar; until: number } | undefined;
  const calendar = async (): Promise<WorkingCalendar> => {
    if (!cached || cached.until < Date.now())
      cached = { calendar: await reference.calendar(), until: Date.now() + 10_000 };
    return cached.calendar;
  };
  const writes = new CaseWriteQueue((batch: ProjectionBatch) => projectBatch(deps.dataSource, batch, calendar));
  return {
    ...createRecomputationActivities(deps),
    async loadCaseContext(request: { templateId: string; catalogVersion?: string }): Promise<CaseContextData> {
      try {
        return await loadCaseContext(reference, request);
      } catch (error) {
        // A missing template or catalogue version will not appear by retrying.
        if (error instanceof UnknownTemplateError)
          throw ApplicationFailure.nonRetryable(error.message, 'unknown-template');
        throw error;
      }
    },
    async loadCalendar(): Promise<CalendarData> {
      return reference.calendarData();
    },
    /**
     * Writes are scheduled one per command, in order. In this process a case's writes take turns, the batches that
     * queued meanwhile written together (CaseWriteQueue); across workers the lock in projectBatch serialises them,
     * and a batch whose predecessor is not in yet is parked and appended by the write that fills the gap.
     */
    async recordCaseEvents(batch: ProjectionBatch): Promise<ProjectionResult> {
      return writes.enqueue(batch);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;

export { reprojectStaleCases } from './projection';
