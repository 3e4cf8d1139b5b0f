import { CN_HOLIDAY_NOTICES } from '../calendar';
import { defaultCatalog } from '../catalog';
import type { CatalogSnapshot } from '../catalog/types';
import { NATIONAL_REGION, storeCalendarDays } from './calendar.repository';
import { hasActiveCatalog, publishCatalog } from './catalog.repository';
import { createDataSource } from './data-source';
import type { Transactional } from './queryable';

/**
 * Idempotent seed of the reference data every deployment needs: the State Council holiday notices of the years
 * this release knows, and the catalogue shipped with it (activated when no catalogue is active yet).
 */
export async function seedReferenceData(db: Transactional, catalog: CatalogSnapshot): Promise<void> {
  for (const notice of CN_HOLIDAY_NOTICES) {
    await storeCalendarDays(db, NATIONAL_REGION, notice.days, [{ year: notice.year, source: notice.source }]);
  }
  await publishCatalog(db, catalog, !(await hasActiveCatalog(db)));
}

/** Seeds the shipped holiday notices and catalogue (idempotent): run after the migrations. */
export async function seed(databaseUrl: string): Promise<void> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await seedReferenceData(dataSource, defaultCatalog());
  } finally {
    await dataSource.destroy();
  }
}
