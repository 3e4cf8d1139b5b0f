import { queryReturning } from './data-source';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/** `api_keys`: API keys as SHA-256 hashes only; the token itself is shown once and never stored. */
interface ApiKeyRow {
  id: string;
  name: string;
  /** `window`, `department:<code>`, `supervisor`, `auditor`, `integrator`, `admin`. */
  role: string;
  key_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** A key as the admin API lists it: never its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  id: string;
  name: string;
  role: string;
  keyHash: string;
}

/** The key with this hash, unless it is unknown or revoked. */
export async function findActiveApiKey(
  db: Queryable,
  keyHash: string,
): Promise<Pick<ApiKeyRecord, 'id' | 'name' | 'role'> | undefined> {
  const rows = await db.query<Array<Pick<ApiKeyRow, 'id' | 'name' | 'role'>>>(
    'SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash],
  );
  return rows[0];
}

export async function insertApiKey(db: Queryable, key: NewApiKey): Promise<void> {
  await db.query('INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)', [
    key.id,
    key.name,
    key.role,
    key.keyHash,
  ]);
}

/** For seeding: a key whose hash is already stored is left as it is (with its id and revocation). */
export async function insertApiKeyUnlessKnown(db: Queryable, key: NewApiKey): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT uq_api_keys_key_hash DO NOTHING`,
    [key.id, key.name, key.role, key.keyHash],
  );
}

/** Every key, revoked ones too, oldest first. */
export async function listApiKeys(db: Queryable): Promise<ApiKeyRecord[]> {
  const rows = await db.query<Array<Omit<ApiKeyRow, 'key_hash'>>>(
    'SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at',
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: instantOf(row.created_at),
    revokedAt: instantOrNull(row.revoked_at),
  }));
}

/** Revokes an active key; false when there is no active key with this id. */
export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const rows = await queryReturning<Pick<ApiKeyRow, 'id'>>(
    db,
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id],
  );
  return rows.length > 0;
}
