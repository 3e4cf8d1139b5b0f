import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseListAnswer } from '../../../../libs/contract';
import { listCases } from '../../../../libs/persistence';
import type { ListCasesQuery } from './cases.schemas';

/** Lists cases from the read model (Postgres), filtered and paginated. */
@Injectable()
export class CaseListService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ListCasesQuery): Promise<CaseListAnswer> {
    const { items, total } = await listCases(this.dataSource, filter);
    return { items, page: filter.page, pageSize: filter.pageSize, total };
  }
}
