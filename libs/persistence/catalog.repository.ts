import { createHash } from 'node:crypto';
import { canonicalJson } from '@onewindow/audit';
import type { CatalogSnapshot } from '@onewindow/catalog';
import { instantOf, type Queryable, type Transactional } from './queryable';

/**
 * `catalog_versions`: published catalogue snapshots (departments, matters, materials, templates), immutable once
 * stored (a trigger refuses any change but activation). At most one is active, for new cases; a case keeps the
 * version it started with. `catalog_activations` keeps who activated which version when.
 */
interface CatalogVersionRow {
  version: string;
  digest: string;
  snapshot: CatalogSnapshot;
  active: boolean;
  published_at: Date;
  published_by: string;
  activated_at: Date | null;
}

export interface CatalogVersionRecord {
  version: string;
  /** SHA-256 of the canonical JSON of the snapshot. */
  digest: string;
  active: boolean;
  publishedAt: string;
  publishedBy: string;
  activatedAt?: string;
  counts: { departments: number; matters: number; templates: number };
}

/** A catalogue version already published with other content; a version's content never changes. */
export class CatalogVersionConflictError extends Error {
  constructor(readonly version: string) {
    super(`catalogue version ${version} is already published with other content: publish it as a new version`);
  }
}

export class CatalogVersionNotFoundError extends Error {
  constructor(readonly version: string) {
    super(`no catalogue version ${version}`);
  }
}

export function catalogSha256(snapshot: CatalogSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

const SUMMARY_COLUMNS = `version, digest, active, published_at, published_by, activated_at,
  jsonb_array_length(snapshot->'departments') AS departments, jsonb_array_length(snapshot->'matters') AS matters,
  jsonb_array_length(snapshot->'templates') AS templates`;

type SummaryRow = Omit<CatalogVersionRow, 'snapshot'> & { departments: number; matters: number; templates: number };

function recordOf(row: SummaryRow): CatalogVersionRecord {
  return {
    version: row.version,
    digest: row.digest,
    active: row.active,
    publishedAt: instantOf(row.published_at),
    publishedBy: row.published_by,
    ...(row.activated_at ? { activatedAt: instantOf(row.activated_at) } : {}),
    counts: { departments: row.departments, matters: row.matters, templates: row.templates },
  };
}

/** Whether any catalogue version is active yet. */
export async function hasActiveCatalog(db: Queryable): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM catalog_versions WHERE active');
  return rows.length > 0;
}

/** The active version's name, if any. */
export async function activeCatalogVersion(db: Queryable): Promise<string | undefined> {
  const rows = await db.query<Array<{ version: string }>>('SELECT version FROM catalog_versions WHERE active');
  return rows[0]?.version;
}

async function activateIn(manager: Queryable, version: string, by: string): Promise<void> {
  const current = await manager.query<Array<{ version: string }>>(
    'SELECT version FROM catalog_versions WHERE active FOR UPDATE',
  );
  if (current[0]?.version === version) return;
  await manager.query('UPDATE catalog_versions SET active = false WHERE active');
  await manager.query('UPDATE catalog_versions SET active = true, activated_at = now() WHERE version = $1', [version]);
  await manager.query('INSERT INTO catalog_activations (version, activated_by) VALUES ($1, $2)', [version, by]);
}

/**
 * Stores a catalogue version (the same content again is a no-op: `created` false) and, if asked, makes it the
 * active one for new cases. Content is compared canonically, so key order does not matter.
 */
export async function publishCatalog(
  db: Transactional,
  snapshot: CatalogSnapshot,
  options: { activate: boolean; by: string },
): Promise<{ created: boolean; version: CatalogVersionRecord }> {
  const digest = catalogSha256(snapshot);
  const created = await db.transaction(async (manager) => {
    // One publisher at a time per version: the advisory lock makes "read, compare, insert" atomic.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog:${snapshot.version}`]);
    const existing = await manager.query<Array<Pick<CatalogVersionRow, 'snapshot'>>>(
      'SELECT snapshot FROM catalog_versions WHERE version = $1',
      [snapshot.version],
    );
    if (existing[0] && canonicalJson(existing[0].snapshot) !== canonicalJson(snapshot))
      throw new CatalogVersionConflictError(snapshot.version);
    if (!existing[0]) {
      await manager.query(
        'INSERT INTO catalog_versions (version, digest, snapshot, active, published_by) VALUES ($1, $2, $3, false, $4)',
        [snapshot.version, digest, JSON.stringify(snapshot), options.by],
      );
    }
    if (options.activate) await activateIn(manager, snapshot.version, options.by);
    return !existing[0];
  });
  return { created, version: (await catalogVersion(db, snapshot.version))! };
}

/** Makes a published version the active one for new cases; running cases keep theirs. */
export async function activateCatalog(db: Transactional, version: string, by: string): Promise<CatalogVersionRecord> {
  await db.transaction(async (manager) => {
    const rows = await manager.query<unknown[]>('SELECT 1 FROM catalog_versions WHERE version = $1', [version]);
    if (rows.length === 0) throw new CatalogVersionNotFoundError(version);
    await activateIn(manager, version, by);
  });
  return (await catalogVersion(db, version))!;
}

export async function catalogVersion(db: Queryable, version: string): Promise<CatalogVersionRecord | undefined> {
  const rows = await db.query<SummaryRow[]>(`SELECT ${SUMMARY_COLUMNS} FROM catalog_versions WHERE version = $1`, [
    version,
  ]);
  return rows[0] ? recordOf(rows[0]) : undefined;
}

/** Every published version, newest first. */
export async function listCatalogVersions(db: Queryable): Promise<CatalogVersionRecord[]> {
  const rows = await db.query<SummaryRow[]>(
    `SELECT ${SUMMARY_COLUMNS} FROM catalog_versions ORDER BY published_at DESC, version DESC`,
  );
  return rows.map(recordOf);
}

/** Loads one catalogue version, or the active one. */
export async function loadCatalog(db: Queryable, version?: string): Promise<CatalogSnapshot | undefined> {
  const rows = await db.query<Array<Pick<CatalogVersionRow, 'snapshot'>>>(
    version
      ? 'SELECT snapshot FROM catalog_versions WHERE version = $1'
      : 'SELECT snapshot FROM catalog_versions WHERE active LIMIT 1',
    version ? [version] : [],
  );
  return rows[0]?.snapshot;
}
