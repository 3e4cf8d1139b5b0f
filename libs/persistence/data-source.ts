import { DataSource } from 'typeorm';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { Ratings1763900000000 } from './migrations/1763900000000-ratings';
import { LegalClocks1764600000000 } from './migrations/1764600000000-legal-clocks';
import { ReadModelState1764700000000 } from './migrations/1764700000000-read-model-state';
import { PublishedReferenceData1764850000000 } from './migrations/1764850000000-published-reference-data';
import { ProjectCodeIndex1764860000000 } from './migrations/1764860000000-project-code-index';
import { StepReviewer1764900000000 } from './migrations/1764900000000-step-reviewer';
import { SupervisionInSql1764950000000 } from './migrations/1764950000000-supervision-in-sql';
import { ParkedProjectionBatches1765000000000 } from './migrations/1765000000000-parked-projection-batches';
import { SupervisionFacts1765100000000 } from './migrations/1765100000000-supervision-facts';
import { RectificationCompleter1765200000000 } from './migrations/1765200000000-rectification-completer';
import { ComplaintsAccountability1765300000000 } from './migrations/1765300000000-complaints-accountability';
import { PublicChannel1765400000000 } from './migrations/1765400000000-public-channel';
import { Licences1765500000000 } from './migrations/1765500000000-licences';
import { CaseFees1765600000000 } from './migrations/1765600000000-case-fees';
import { ReprojectCancelledFees1765700000000 } from './migrations/1765700000000-reproject-cancelled-fees';

export const migrations = [
  InitialSchema1763800000000,
  Ratings1763900000000,
  LegalClocks1764600000000,
  ReadModelState1764700000000,
  PublishedReferenceData1764850000000,
  ProjectCodeIndex1764860000000,
  StepReviewer1764900000000,
  SupervisionInSql1764950000000,
  ParkedProjectionBatches1765000000000,
  SupervisionFacts1765100000000,
  RectificationCompleter1765200000000,
  ComplaintsAccountability1765300000000,
  PublicChannel1765400000000,
  Licences1765500000000,
  CaseFees1765600000000,
  ReprojectCancelledFees1765700000000,
];

/**
 * TypeORM options for Postgres. The schema comes only from migrations (`synchronize` stays off) and every statement
 * is in a repository, so there are no entity classes to register.
 */
export function dataSourceOptions(url: string) {
  return {
    type: 'postgres' as const,
    url,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logging: ['error' as const],
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Runs pending migrations and returns their names. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Rows of an `UPDATE … RETURNING` / `DELETE … RETURNING`: TypeORM's postgres driver answers those with
 * `[rows, affectedCount]` instead of the rows themselves.
 */
export async function queryReturning<T>(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result = await runner.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
