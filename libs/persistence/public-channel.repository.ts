import { randomBytes } from 'node:crypto';
import type { Queryable } from './queryable';

/**
 * A secret of this installation by name, made on first use (random, 32 bytes, hex) and the same for every process
 * from then on: the first writer wins, every other reads its value.
 */
export async function serviceSecret(db: Queryable, name: string): Promise<string> {
  await db.query('INSERT INTO service_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBytes(32).toString('hex'),
  ]);
  const rows = await db.query<Array<{ value: string }>>('SELECT value FROM service_secrets WHERE name = $1', [name]);
  const value = rows[0]?.value;
  if (value === undefined) throw new Error(`service secret ${name} could not be made`);
  return value;
}

/** Records a failed public lookup of a case (a wrong or missing code). */
export async function recordLookupFailure(db: Queryable, caseId: string, address: string): Promise<void> {
  await db.query('INSERT INTO public_lookup_failures (case_id, address) VALUES ($1, $2)', [caseId, address]);
}

/** How many lookups of this case failed in the last `minutes`. */
export async function recentLookupFailures(db: Queryable, caseId: string, minutes: number): Promise<number> {
  const rows = await db.query<Array<{ n: string }>>(
    `SELECT count(*) AS n FROM public_lookup_failures WHERE case_id = $1 AND at > now() - make_interval(mins => $2)`,
    [caseId, minutes],
  );
  return Number(rows[0]?.n ?? 0);
}
