import { SHIPPED_NOTICES } from '@onewindow/calendar';
import { compareCatalogVersions } from '@onewindow/catalog';
import { shippedCatalogs } from '@onewindow/catalog/shipped';
import type { CatalogSnapshot } from '@onewindow/catalog';
import { publishNotice } from './calendar.repository';
import { activeCatalogVersion, publishCatalog } from './catalog.repository';
import { createDataSource } from './data-source';
import type { Transactional } from './queryable';

export const SEED_PUBLISHER = 'seed';

/**
 * Idempotent seed of the reference data every deployment needs: the holiday notices this release ships (a notice
 * already published with the same content stays as it is; one with other content, e.g. a correction, becomes a new
 * revision), and every catalogue version it ships. The newest shipped version becomes active when none is, or when
 * the active one is an older shipped version; a version an admin published and activated is left active.
 */
export async function seedReferenceData(
  db: Transactional,
  catalogs: readonly CatalogSnapshot[] = shippedCatalogs(),
): Promise<void> {
  for (const notice of SHIPPED_NOTICES) await publishNotice(db, notice, SEED_PUBLISHER);
  const shipped = [...catalogs].sort((a, b) => compareCatalogVersions(a.version, b.version));
  const active = await activeCatalogVersion(db);
  const newest = shipped.at(-1);
  const follow =
    active === undefined ||
    (shipped.some((catalog) => catalog.version === active) &&
      newest !== undefined &&
      compareCatalogVersions(active, newest.version) < 0);
  for (const catalog of shipped)
    await publishCatalog(db, catalog, { activate: follow && catalog === newest, by: SEED_PUBLISHER });
}

/** Seeds the shipped holiday notices and catalogue versions (idempotent): run after the migrations. */
export async function seed(databaseUrl: string): Promise<void> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await seedReferenceData(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
