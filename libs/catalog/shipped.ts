import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareCatalogVersions } from './catalog';
import { parseCatalog } from './format';
import type { CatalogSnapshot } from './types';

/**
 * The catalogue versions shipped with this release, as files of the published format in `libs/catalog/data/`
 * (`ONEWINDOW_CATALOG_DIR` points elsewhere). Node-side: the seed publishes them, tests start cases with them.
 */
export function catalogDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEWINDOW_CATALOG_DIR) return resolve(env.ONEWINDOW_CATALOG_DIR);
  // From the sources (libs/catalog) or a build (dist/libs/catalog, dist-bench/libs/catalog, …): the files stay in
  // the source tree, which a build folder sits in.
  const here = __dirname;
  const fromBuild = resolve(here, '..', '..', '..', 'libs', 'catalog', 'data');
  return here.split(/[\\/]/).some((part) => part === 'dist' || part.startsWith('dist-'))
    ? fromBuild
    : join(here, 'data');
}

/** Reads and validates one catalogue file; a shipped file that breaks a rule is a build error, said with its path. */
export function readCatalogFile(file: string): CatalogSnapshot {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = parseCatalog(content);
  if (!parsed.ok)
    throw new Error(
      `${file}: ${parsed.problems.map((problem) => `${problem.path} ${problem.rule}: ${problem.message}`).join('; ')}`,
    );
  return parsed.catalog;
}

/** Every shipped catalogue version, oldest first. */
export function shippedCatalogs(dir: string = catalogDataDir()): CatalogSnapshot[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => readCatalogFile(join(dir, name)))
    .sort((a, b) => compareCatalogVersions(a.version, b.version));
}

let newest: CatalogSnapshot | undefined;

/** The newest shipped catalogue version (a fresh copy each call). */
export function defaultCatalog(): CatalogSnapshot {
  newest ??= shippedCatalogs().at(-1);
  if (!newest) throw new Error(`no catalogue file in ${catalogDataDir()}`);
  return structuredClone(newest);
}
