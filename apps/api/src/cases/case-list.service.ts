import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListCasesDto } from './dto/list-cases.dto';

export interface CaseListItem {
  caseId: string;
  templateId: string;
  status: string;
  kind: string | null;
  departments: string[];
  deadline: string | null;
  overdue: boolean;
  warningLevel: string;
  receivedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

/** Lists cases from the read model (Postgres), filtered and paginated. */
@Injectable()
export class CaseListService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ListCasesDto): Promise<{ items: CaseListItem[]; page: number; pageSize: number; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.department) add('? = ANY(departments)', filter.department);
    if (filter.templateId) add('template_id = ?', filter.templateId);
    if (filter.overdue !== undefined) add('overdue = ?', filter.overdue);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = await this.dataSource.query<[{ count: string }]>(
      `SELECT count(*) FROM cases ${whereSql}`,
      params,
    );
    const rows = await this.dataSource.query<CaseListItem[]>(
      `SELECT case_id AS "caseId", template_id AS "templateId", status, kind, departments, deadline, overdue,
              warning_level AS "warningLevel", received_at AS "receivedAt", closed_at AS "closedAt", updated_at AS "updatedAt"
       FROM cases ${whereSql} ORDER BY received_at DESC, case_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return { items: rows, page: filter.page, pageSize: filter.pageSize, total: Number(count) };
  }
}
