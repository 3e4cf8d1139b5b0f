import {
  bundleWorkflowCode,
  type Logger,
  type WorkflowBundleWithSourceMap,
  type WorkerOptions,
} from '@temporalio/worker';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Configuration } from 'webpack';

/**
 * How the case workflows are bundled for a worker, a replayer, the API's audit replay and the tests: one definition,
 * one bundle shape. Node-side code beside the workflows it describes; no workflow imports it (workflows/index.ts
 * does not), so it never enters the bundle itself.
 */

/** The bundle's entry: workflows/index (the .ts source under jest, the compiled .js under dist/). */
export function workflowsPath(): string {
  return require.resolve('./index');
}

/** The libraries beside this folder (libs/ in the repository, dist/libs once compiled). */
const LIBS = resolve(__dirname, '..', 'libs');

/**
 * The pure libraries the case workflows import (and, through them, zod and the SDK's own workflow modules). With
 * `reuseV8Context` (the SDK's default) every workflow in the sticky cache would otherwise evaluate its own copy of
 * each module: the contract's zod schemas, the kernel, the calendar and the catalogue defaults, about 2 MiB per
 * cached case (BENCHMARKS.md). Preloaded modules are evaluated once per workflow thread, before any workflow
 * exists, and shared deep-frozen by all of them. That is safe because these modules keep no state of their own
 * (no module-level `let`, Map or cache: they are pure functions and constant tables) and never read the workflow
 * context at load time; the workflow modules themselves (`workflows/`) stay per workflow.
 */
export function sharedWorkflowModules(): string[] {
  return ['contract', 'case', 'calendar', 'catalog'].map((lib) => require.resolve(join(LIBS, lib)));
}

/**
 * The packages' path aliases (`@onewindow/<lib>`, tsconfig.json's `paths`) for the bundler: compiled code has them
 * rewritten to relative paths (tsc-alias), the sources bundled by the tests do not.
 */
function withPathAliases(config: Configuration): Configuration {
  const aliases = Object.fromEntries(
    readdirSync(LIBS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => [`@onewindow/${entry.name}`, join(LIBS, entry.name)]),
  );
  return { ...config, resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...aliases } } };
}

export function caseWorkflowBundlerOptions(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  return {
    workflowsPath: workflowsPath(),
    bundlerOptions: { preloadModules: sharedWorkflowModules(), webpackConfigHook: withPathAliases },
  };
}

/** The case workflows' bundle, built once (tests, the fault run, the API's replay). */
export function bundleCaseWorkflows(logger?: Logger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    preloadModules: sharedWorkflowModules(),
    webpackConfigHook: withPathAliases,
    ...(logger ? { logger } : {}),
  });
}
