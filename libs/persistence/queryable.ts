/**
 * What a repository function needs: a DataSource or an EntityManager. Passing the transaction's manager runs the
 * statement inside that transaction.
 */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<T>;
}

/** A DataSource, or an EntityManager (inside a transaction TypeORM nests with a savepoint). */
export interface Transactional extends Queryable {
  transaction<T>(run: (manager: Queryable) => Promise<T>): Promise<T>;
}

/**
 * `($1, …, $width[, extra]), …` for `count` rows of `width` parameters each, numbered after `offset`: one statement
 * for a whole batch.
 */
export function valuesList(width: number, count: number, extra = '', offset = 0): string {
  return Array.from(
    { length: count },
    (_, row) =>
      `(${Array.from({ length: width }, (__, column) => `$${offset + row * width + column + 1}`).join(', ')}${extra})`,
  ).join(', ');
}

/** The parameters of `rows` in the order of `columns`, flattened for `valuesList`. */
export function rowParams<C extends string>(columns: readonly C[], rows: ReadonlyArray<Record<C, unknown>>): unknown[] {
  return rows.flatMap((row) => columns.map((column) => row[column]));
}

/** Postgres answers `timestamptz` as a Date; the records carry instants, ISO-8601 in UTC like the rest of the code. */
export function instantOf(value: Date): string {
  return value.toISOString();
}

export function instantOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** The health probe: a round trip to Postgres and nothing else. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
