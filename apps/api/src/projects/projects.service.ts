import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findTemplate, NATIONAL_WHOLE_PROCESS, wholeProcessLimitOf, type CatalogSnapshot } from '@onewindow/catalog';
import { projectCases, projectCodes } from '@onewindow/persistence';
import { wholeProcess, type StageCase, type WholeProcessView } from '@onewindow/supervision';
import { ApiError } from '../common/api-error';
import { ReferenceDataService } from '../reference/reference-data.service';

/** The whole-process clock of projects (项目代码), from the read model's stage cases. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  /** A project's clock as of `now`; undefined when no case carries the code. */
  async wholeProcess(projectCode: string, now = new Date().toISOString()): Promise<WholeProcessView | undefined> {
    const rows = await projectCases(this.dataSource, projectCode);
    if (rows.length === 0) return undefined;
    const catalogs = new Map<string, CatalogSnapshot | undefined>();
    const catalogOf = async (version: string) => {
      if (!catalogs.has(version)) catalogs.set(version, await this.reference.catalog(version));
      return catalogs.get(version);
    };
    const stages: StageCase[] = [];
    for (const row of rows) {
      if (!row.state) continue;
      const catalog = await catalogOf(row.catalogVersion);
      stages.push({
        caseId: row.caseId,
        templateId: row.templateId,
        stages: catalog ? (findTemplate(catalog, row.templateId)?.stages ?? []) : [],
        state: row.state,
      });
    }
    // The target of the catalogue the project began under: a later version does not move a running project's goal.
    const first = await catalogOf(rows[0].catalogVersion);
    const target = first ? wholeProcessLimitOf(first) : NATIONAL_WHOLE_PROCESS;
    return wholeProcess(projectCode, stages, target, await this.reference.calendar(), now);
  }

  async required(projectCode: string): Promise<WholeProcessView> {
    const view = await this.wholeProcess(projectCode);
    if (!view) throw ApiError.notFound('project-not-found', `no case carries project code ${projectCode}`);
    return view;
  }

  /** A page of projects, by code, optionally only those past (or within) their target. */
  async list(options: {
    overdue?: boolean;
    open: boolean;
    after?: string;
    limit: number;
  }): Promise<{ projects: WholeProcessView[]; next?: string }> {
    const projects: WholeProcessView[] = [];
    let after = options.after;
    // Filtering on overdue happens after the clock is computed: read pages until the answer's page is full.
    for (let scanned = 0; projects.length < options.limit && scanned < 20; scanned += 1) {
      const codes = await projectCodes(this.dataSource, { after, limit: options.limit, open: options.open });
      for (const code of codes) {
        after = code;
        const view = await this.wholeProcess(code);
        if (view && (options.overdue === undefined || view.overdue === options.overdue)) projects.push(view);
        if (projects.length === options.limit) break;
      }
      if (codes.length < options.limit) return { projects };
    }
    return { projects, ...(after ? { next: after } : {}) };
  }
}
