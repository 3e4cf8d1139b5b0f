import { defaultCatalog } from '../catalog';
import { createDataSource } from './data-source';
import { seedReferenceData } from './reference-data';

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
