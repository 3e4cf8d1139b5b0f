import { createHash } from 'node:crypto';
import type { CatalogSnapshot } from '../catalog/types';
import type { Queryable, Transactional } from './queryable';

/**
 * `catalog_versions`: published catalogue snapshots (matters and templates). At most one is active, for new cases;
 * a case keeps the version it started with.
 */
interface CatalogVersionRow {
  version: string;
  /** SHA-256 of the snapshot's JSON: a version is never republished with other content. */
  digest: string;
  snapshot: CatalogSnapshot;
  active: boolean;
  published_at: Date;
}

/** Whether any catalogue version is active yet. */
export async function hasActiveCatalog(db: Queryable): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM catalog_versions WHERE active');
  return rows.length > 0;
}

/** Stores a catalogue version (idempotent) and, if asked, makes it the active one for new cases. */
export async function publishCatalog(db: Transactional, snapshot: CatalogSnapshot, activate: boolean): Promise<void> {
  const digest = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
  await db.transaction(async (manager) => {
    const existing = await manager.query<Array<Pick<CatalogVersionRow, 'digest'>>>(
      'SELECT digest FROM catalog_versions WHERE version = $1',
      [snapshot.version],
    );
    if (existing[0] && existing[0].digest !== digest) {
      throw new Error(
        `catalogue version ${snapshot.version} is already published with other content: publish a new version`,
      );
    }
    if (!existing[0]) {
      await manager.query(
        'INSERT INTO catalog_versions (version, digest, snapshot, active) VALUES ($1, $2, $3, false)',
        [snapshot.version, digest, JSON.stringify(snapshot)],
      );
    }
    if (activate) {
      await manager.query('UPDATE catalog_versions SET active = false WHERE active AND version <> $1', [
        snapshot.version,
      ]);
      await manager.query('UPDATE catalog_versions SET active = true WHERE version = $1', [snapshot.version]);
    }
  });
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
