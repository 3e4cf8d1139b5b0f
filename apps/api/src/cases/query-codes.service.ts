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

  /** A configured secret of fewer than 16 characters stops the API at start, naming it (an empty one would be no secret). */
  private readonly configured = configuredSecret(process.env.ONEWINDOW_QUERY_CODE_SECRET);

  async of(caseId: string): Promise<string> {
    if (this.configured !== undefined) return queryCodeOf(this.configured, caseId);
    // A failed read is not kept: the next call tries Postgres again.
    this.secret ??= serviceSecret(this.dataSource, 'query-code').catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return queryCodeOf(await this.secret, caseId);
  }
}

function configuredSecret(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 16)
    throw new Error(
      'ONEWINDOW_QUERY_CODE_SECRET must be at least 16 characters (unset it to have one made in Postgres)',
    );
  return value;
}
