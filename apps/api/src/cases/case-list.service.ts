import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseListAnswer } from '@onewindow/contract/http';
import { listCases } from '@onewindow/persistence';
import { decodeCursor, encodeCursor, type ListCasesQuery } from './cases.schemas';

/** Lists cases from the read model (Postgres), filtered and paginated. */
@Injectable()
export class CaseListService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListCasesQuery): Promise<CaseListAnswer> {
    const { after, ...filter } = query;
    const { items, total } = await listCases(this.dataSource, {
      ...filter,
      ...(after === undefined ? {} : { after: decodeCursor(after) }),
    });
    const last = items.at(-1);
    return {
      items,
      page: filter.page,
      pageSize: filter.pageSize,
      total,
      ...(last && items.length === filter.pageSize ? { next: encodeCursor(last) } : {}),
    };
  }
}
