import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryCodeOf } from '@onewindow/auth';
import { serviceSecret } from '@onewindow/persistence';

/**
 * The applicant's query code (查询码) of a case: derived from the case id with the installation's secret
 * (`ONEWINDOW_QUERY_CODE_SECRET`, else one made once in Postgres and shared by every API process), so the receipt,
 * a reprint and the public channel always agree without a code being stored.
 */
@Injectable()
export class QueryCodes {
  private secret?: Promise<string>;

  constructor(private readonly dataSource: DataSource) {}

  async of(caseId: string): Promise<string> {
    const configured = process.env.ONEWINDOW_QUERY_CODE_SECRET;
    const secret = configured ?? (await (this.secret ??= serviceSecret(this.dataSource, 'query-code')));
    return queryCodeOf(secret, caseId);
  }
}
