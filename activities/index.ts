import type { DataSource } from 'typeorm';
import type { ProjectionBatch } from '../libs/contract';
import { projectBatch, type ProjectionResult } from './projection';

export interface ActivityDeps {
  dataSource: DataSource;
}

/** Activities are idempotent I/O only; workflows import their types, never their code. */
export function createActivities(deps: ActivityDeps) {
  return {
    async recordCaseEvents(batch: ProjectionBatch): Promise<ProjectionResult> {
      return projectBatch(deps.dataSource, batch);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
