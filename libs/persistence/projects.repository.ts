import type { CaseState } from '@onewindow/case';
import type { Queryable } from './queryable';

/** A stage case of a project (项目代码) as the read model holds it. */
export interface ProjectCaseRow {
  caseId: string;
  templateId: string;
  catalogVersion: string;
  /** null for cases projected before the read model kept the state (2026-11). */
  state: CaseState | null;
}

/** The stage cases of one project, oldest first. */
export async function projectCases(db: Queryable, projectCode: string): Promise<ProjectCaseRow[]> {
  const rows = await db.query<
    Array<{ case_id: string; template_id: string; catalog_version: string; state: CaseState | null }>
  >(
    `SELECT case_id, template_id, catalog_version, state FROM cases
     WHERE project ? 'code' AND project->>'code' = $1 ORDER BY received_at, case_id`,
    [projectCode],
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    templateId: row.template_id,
    catalogVersion: row.catalog_version,
    state: row.state,
  }));
}

/** Project codes in order after `after`, the projects with an open stage case first when `open` is set. */
export async function projectCodes(
  db: Queryable,
  options: { after?: string; limit: number; open?: boolean },
): Promise<string[]> {
  const rows = await db.query<Array<{ code: string }>>(
    `SELECT project->>'code' AS code FROM cases
     WHERE project ? 'code' AND project->>'code' > $1 ${options.open ? 'AND closed_at IS NULL' : ''}
     GROUP BY project->>'code' ORDER BY project->>'code' LIMIT $2`,
    [options.after ?? '', options.limit],
  );
  return rows.map((row) => row.code);
}
