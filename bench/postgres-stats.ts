import { Client } from 'pg';

/**
 * What a run wrote to Postgres, from the server's own counters: rows inserted, updated and deleted per table
 * (pg_stat_user_tables), the tables' size with indexes and TOAST (pg_total_relation_size), and the WAL generated
 * (pg_current_wal_insert_lsn); and, when the server preloads pg_stat_statements, the statements that did it.
 */

/**
 * A backend reports its table counters when it goes idle, at most once a second, and an idle backend holding
 * unreported counters reports them after PGSTAT_IDLE_INTERVAL (10 s): read the counters this long after the last
 * write of a run, or before its first.
 */
export const STATS_SETTLE_MS = 11_000;

export interface TableWrites {
  table: string;
  inserted: number;
  updated: number;
  deleted: number;
  bytes: number;
}

export interface DbSnapshot {
  tables: Map<string, TableWrites>;
  /** The WAL insert position, in bytes (cluster-wide: the runs are measured one at a time). */
  wal: bigint;
}

export interface DbWrites {
  inserted: number;
  updated: number;
  deleted: number;
  /** Growth of the tables with their indexes and TOAST. */
  bytes: number;
  walBytes: number;
  /** Per table, the tables written most first. */
  tables: TableWrites[];
}

/** The same server, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** 'X/Y' (hexadecimal halves) as a byte position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  if (high === undefined || low === undefined) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export function dbSnapshot(url: string): Promise<DbSnapshot> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ table: string; ins: string; upd: string; del: string; bytes: string }>(
      `SELECT schemaname || '.' || relname AS table, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del,
              pg_total_relation_size(relid) AS bytes
         FROM pg_stat_user_tables`,
    );
    const wal = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    return {
      tables: new Map(
        tables.rows.map((row) => [
          row.table,
          {
            table: row.table,
            inserted: Number(row.ins),
            updated: Number(row.upd),
            deleted: Number(row.del),
            bytes: Number(row.bytes),
          },
        ]),
      ),
      wal: parseLsn(wal.rows[0]?.lsn ?? '0/0'),
    };
  });
}

export function writesBetween(before: DbSnapshot, after: DbSnapshot): DbWrites {
  const tables = [...after.tables.values()]
    .map((table) => {
      const earlier = before.tables.get(table.table);
      return {
        table: table.table,
        inserted: table.inserted - (earlier?.inserted ?? 0),
        updated: table.updated - (earlier?.updated ?? 0),
        deleted: table.deleted - (earlier?.deleted ?? 0),
        bytes: table.bytes - (earlier?.bytes ?? 0),
      };
    })
    .filter((table) => table.inserted + table.updated + table.deleted !== 0 || table.bytes !== 0)
    .sort((a, b) => b.inserted + b.updated + b.deleted - (a.inserted + a.updated + a.deleted));
  const sum = (key: 'inserted' | 'updated' | 'deleted' | 'bytes') =>
    tables.reduce((total, table) => total + table[key], 0);
  return {
    inserted: sum('inserted'),
    updated: sum('updated'),
    deleted: sum('deleted'),
    bytes: sum('bytes'),
    walBytes: Number(after.wal - before.wal),
    tables,
  };
}

/** Waits until no session is connected to `database` (a closed pool's backends report their counters as they exit). */
export async function waitForNoSessions(adminUrl: string, database: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await withClient(adminUrl, async (client) => {
      const result = await client.query<{ count: string }>(
        'SELECT count(*) AS count FROM pg_stat_activity WHERE datname = $1',
        [database],
      );
      return Number(result.rows[0]?.count ?? 0);
    });
    if (count === 0) return;
    if (Date.now() > deadline) throw new Error(`${count} sessions still connected to ${database}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface StatementStats {
  query: string;
  calls: number;
  totalMs: number;
  rows: number;
  /** Shared buffers dirtied (pages the statement changed). */
  dirtied: number;
  walBytes: number;
}

/** Forgets the statement statistics (pg_stat_statements, queried from the `postgres` database). */
export async function resetStatements(adminUrl: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query('SELECT pg_stat_statements_reset()'));
}

/** The statements run in `database` since the last reset, the most total execution time first. */
export function statementsOf(adminUrl: string, database: string): Promise<StatementStats[]> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query<{
      query: string;
      calls: string;
      total_ms: number;
      rows: string;
      dirtied: string;
      wal_bytes: string;
    }>(
      `SELECT query, calls, total_exec_time AS total_ms, rows, shared_blks_dirtied AS dirtied, wal_bytes
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)
        ORDER BY total_exec_time DESC`,
      [database],
    );
    return result.rows.map((row) => ({
      query: row.query.replace(/\s+/g, ' ').trim(),
      calls: Number(row.calls),
      totalMs: row.total_ms,
      rows: Number(row.rows),
      dirtied: Number(row.dirtied),
      walBytes: Number(row.wal_bytes),
    }));
  });
}
