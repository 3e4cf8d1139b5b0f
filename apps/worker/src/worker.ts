import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '@onewindow/activities';
import type { TemporalSettings } from '@onewindow/config';
import { caseWorkflowBundlerOptions } from '@onewindow/workflows/bundle';

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
