import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ToolPaths {
  temporalCli?: string;
  testServer?: string;
  /** The console suite's browser (Debian's chromium), when the bootstrap found or installed one. */
  chromium?: string;
  /** Why there is none, and what to install: one line, which the console suite fails with. */
  chromiumMissing?: string;
  /** `bootstrap-tools.js --cluster`: the self-hosted server, its schema tool and the PostgreSQL schema files. */
  temporalServer?: string;
  temporalSqlTool?: string;
  temporalSchemaDir?: string;
}

/** Paths recorded by scripts/bootstrap-tools.js in the tool cache (ONEWINDOW_CACHE, default ~/.cache/onewindow). */
export function toolPaths(): ToolPaths {
  const cacheDir = process.env.ONEWINDOW_CACHE ?? join(homedir(), '.cache', 'onewindow');
  const file = join(cacheDir, 'tools.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run 'node scripts/bootstrap-tools.js' first (npm test does)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as ToolPaths;
}
