import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type Logger,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../../activities';
import type { TemporalSettings } from '../../../libs/config';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** A Temporal client for activities that message cases (the calendar recomputation). */
  client?: Client;
  /** A prebuilt workflow bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: { codePath: string } | { code: string };
  /** Extra worker options (tuning: concurrency, sticky cache, …). */
  tuning?: Partial<
    Pick<
      WorkerOptions,
      'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows'
    >
  >;
}

export function workflowsPath(): string {
  return require.resolve('../../../workflows');
}

/**
 * The pure libraries the case workflows import (and, through them, zod and the SDK's own workflow modules). With
 * `reuseV8Context` (the SDK's default) every workflow in the sticky cache would otherwise evaluate its own copy of
 * each module: the contract's zod schemas, the decider, the calendar and the catalogue defaults, about 2 MiB per
 * cached case (BENCHMARKS.md). Preloaded modules are evaluated once per workflow thread, before any workflow
 * exists, and shared deep-frozen by all of them. That is safe because these modules keep no state of their own
 * (no module-level `let`, Map or cache: they are pure functions and constant tables) and never read the workflow
 * context at load time; the workflow modules themselves (`workflows/`) stay per workflow.
 */
export function sharedWorkflowModules(): string[] {
  return [
    require.resolve('../../../libs/contract'),
    require.resolve('../../../libs/domain'),
    require.resolve('../../../libs/calendar'),
    require.resolve('../../../libs/catalog'),
  ];
}

/** How the worker, every replayer and the tests bundle the case workflows: one definition, one bundle shape. */
export function caseWorkflowBundlerOptions(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  return { workflowsPath: workflowsPath(), bundlerOptions: { preloadModules: sharedWorkflowModules() } };
}

/** The case workflows' bundle, built once (tests, the fault run, the API's replay). */
export function bundleCaseWorkflows(logger?: Logger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    preloadModules: sharedWorkflowModules(),
    ...(logger ? { logger } : {}),
  });
}

/** The worker runs every case workflow and its activities; the same factory serves production and tests. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({
      dataSource: options.dataSource,
      ...(options.client ? { client: options.client } : {}),
    }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : caseWorkflowBundlerOptions()),
    ...options.tuning,
  });
}

export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
}

/** The client the worker's activities use to message cases (the same address, namespace and credentials). */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  return new Client({ connection, namespace: settings.namespace });
}
