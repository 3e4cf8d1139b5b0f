import { databaseUrlFromEnv } from '../config';
import { migrate } from './data-source';

/** `npm run migrate`: applies pending TypeORM migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const applied = await migrate(databaseUrlFromEnv());
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
