import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createRecomputationActivities } from './calendar-recomputation';
import type { ProjectionBatch } from '../libs/contract';
import type { CalendarData, WorkingCalendar } from '../libs/calendar';
import type { CaseContextData } from '../libs/contract';
import { ApplicationFailure } from '@temporalio/common';
import { calendarSettingsFromEnv, ReferenceDataCache, type CalendarSettings } from '../libs/persistence';
import { loadCaseContext, UnknownTemplateError } from './context';
import { projectBatch, SequenceGapError, type ProjectionResult } from './projection';

export interface ActivityDeps {
  dataSource: DataSource;
  /** For the calendar recomputation, which sends updates to cases; the case activities need none. */
  client?: Client;
  /** Which calendar regions apply, office close, time zone; from the environment when absent. */
  calendarSettings?: CalendarSettings;
}

/** How often a write waits within one attempt for the batch before it (20 ms, 40 ms, …: about 1 s in all). */
const GAP_WAITS = 10;

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
     * Writes are scheduled one per command, in order, and may run side by side: a batch whose predecessor is not in
     * yet waits a moment for it, then asks for a short retry instead of the policy's backoff.
     */
    async recordCaseEvents(batch: ProjectionBatch): Promise<ProjectionResult> {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await projectBatch(deps.dataSource, batch, calendar);
        } catch (error) {
          if (!(error instanceof SequenceGapError)) throw error;
          if (attempt >= GAP_WAITS) {
            throw ApplicationFailure.create({ message: error.message, type: 'sequence-gap', nextRetryDelay: '500ms' });
          }
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
