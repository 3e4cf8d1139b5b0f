import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(__dirname, '..', '..');

/**
 * Compiles the code as `npm run build` does (tsc, then the path aliases rewritten to relative paths) into `dist/`,
 * for tests that run it in processes of their own (the stack, a worker that is killed).
 */
export function buildCompiledCode(): void {
  for (const [tool, bin] of [
    ['typescript', 'bin/tsc'],
    ['tsc-alias', 'dist/bin/index.js'],
  ]) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', tool, ...bin.split('/')), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
}
