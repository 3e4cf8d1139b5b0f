import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listCases, type CaseListItem } from '../../../../libs/persistence';
import type { ListCasesDto } from './dto/list-cases.dto';

/** Lists cases from the read model (Postgres), filtered and paginated. */
@Injectable()
export class CaseListService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ListCasesDto): Promise<{ items: CaseListItem[]; page: number; pageSize: number; total: number }> {
    const { items, total } = await listCases(this.dataSource, filter);
    return { items, page: filter.page, pageSize: filter.pageSize, total };
  }
}
