import { databaseUrlFromEnv } from '@onewindow/config';
import { migrate } from './data-source';
import { seed } from './seed';

/** `npm run migrate`: applies pending TypeORM migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const url = databaseUrlFromEnv();
  const applied = await migrate(url);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  await seed(url);
  console.log('reference data seeded (holiday notices, catalogue)');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
