import type { DataSource } from 'typeorm';
import type { ProjectionBatch } from '../libs/contract';
import type { CalendarData } from '../libs/calendar';
import type { CaseContextData } from '../libs/contract';
import { ApplicationFailure } from '@temporalio/common';
import type { CalendarSettings } from '../libs/persistence';
import { loadCalendar, loadCaseContext, UnknownTemplateError } from './context';
import { projectBatch, type ProjectionResult } from './projection';

export interface ActivityDeps {
  dataSource: DataSource;
  /** Which calendar regions apply, office close, time zone; from the environment when absent. */
  calendarSettings?: CalendarSettings;
}

/** Activities are idempotent I/O only; workflows import their types, never their code. */
export function createActivities(deps: ActivityDeps) {
  return {
    async loadCaseContext(request: { templateId: string; catalogVersion?: string }): Promise<CaseContextData> {
      try {
        return await loadCaseContext(deps.dataSource, request, deps.calendarSettings);
      } catch (error) {
        // A missing template or catalogue version will not appear by retrying.
        if (error instanceof UnknownTemplateError)
          throw ApplicationFailure.nonRetryable(error.message, 'unknown-template');
        throw error;
      }
    },
    async loadCalendar(): Promise<CalendarData> {
      return loadCalendar(deps.dataSource, deps.calendarSettings);
    },
    async recordCaseEvents(batch: ProjectionBatch): Promise<ProjectionResult> {
      return projectBatch(deps.dataSource, batch);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
