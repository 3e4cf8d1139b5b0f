import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCatalog, type CatalogFileProblem } from '@onewindow/catalog/format';
import { databaseUrlFromEnv } from '@onewindow/config';
import { publishCatalog, type CatalogVersionRecord } from './catalog.repository';
import { createDataSource } from './data-source';
import type { Transactional } from './queryable';

export type PublishedFile =
  { ok: true; created: boolean; version: CatalogVersionRecord } | { ok: false; problems: CatalogFileProblem[] };

/** Reads, validates and publishes one catalogue file; nothing is stored unless it breaks no rule. */
export async function publishCatalogFile(
  db: Transactional,
  file: string,
  options: { activate: boolean; by?: string },
): Promise<PublishedFile> {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', rule: 'json', message: (error as Error).message }] };
  }
  const parsed = parseCatalog(content);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const published = await publishCatalog(db, parsed.catalog, { activate: options.activate, by: options.by ?? 'cli' });
  return { ok: true, ...published };
}

/**
 * `npm run catalog:publish -- file.json [--activate]`: publishes a catalogue version from a file of the published
 * format (the format of libs/catalog/data/*.json and of POST /v1/admin/catalog/versions) to DATABASE_URL. Every
 * problem is printed with its path and rule, and nothing is stored unless there are none.
 */
async function main(argv: string[]): Promise<number> {
  const activate = argv.includes('--activate');
  const files = argv.filter((arg) => !arg.startsWith('--'));
  if (files.length !== 1) {
    console.error('usage: npm run catalog:publish -- <catalogue.json> [--activate]');
    return 2;
  }
  const file = resolve(files[0]);
  const dataSource = createDataSource(databaseUrlFromEnv());
  await dataSource.initialize();
  try {
    const published = await publishCatalogFile(dataSource, file, { activate });
    if (!published.ok) {
      console.error(`${file}: ${published.problems.length} problem(s), nothing published`);
      for (const problem of published.problems)
        console.error(`  ${problem.path}  [${problem.rule}]  ${problem.message}`);
      return 1;
    }
    const { version, digest, active, counts } = published.version;
    console.log(
      `${published.created ? 'published' : 'already published'} catalogue ${version} (sha256 ${digest.slice(0, 12)}…): ` +
        `${counts.departments} departments, ${counts.matters} matters, ${counts.templates} templates; ` +
        (active ? 'active for new cases' : 'not active (activate with --activate or POST …/activate)'),
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
