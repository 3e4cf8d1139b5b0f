import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createActivities } from '@onewindow/activities';
import {
  findTemplate,
  landContractMaterialOf,
  materialCodesOfTemplate,
  type CatalogSnapshot,
} from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import {
  caseStateQuery,
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  messageUpdates,
  type CaseStartInput,
  type CommandOutcome,
  type MessageName,
  type MessagePayload,
  type Refusal,
} from '@onewindow/contract/http';
import { CURRENT_RULES, rulesOf, type CaseView } from '@onewindow/case';
import { createDataSource, type CalendarSettings } from '@onewindow/persistence';
import { createTimeSkippingEnv } from './time-skipping';

export const windowActor = { id: 'window-7', role: 'window' };
export const dept = (code: string) => ({ id: `reviewer-${code}`, role: `department:${code}`, department: code });

/**
 * Cases on the Java time-skipping test server with the real activities against the real Postgres: a worker on its
 * own task queue, and helpers to start a case, send it messages as updates (answered, like the API does) and wait
 * for its state.
 */
export class WorkflowCases {
  env!: TestWorkflowEnvironment;
  dataSource!: DataSource;
  private worker?: Worker;
  private running?: Promise<void>;
  private counter = 0;

  constructor(
    readonly taskQueue: string,
    private readonly calendarSettings?: CalendarSettings,
  ) {}

  async start(): Promise<void> {
    this.env = await createTimeSkippingEnv();
    this.dataSource = createDataSource(process.env.DATABASE_URL!);
    await this.dataSource.initialize();
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! },
      activities: createActivities({
        dataSource: this.dataSource,
        ...(this.calendarSettings ? { calendarSettings: this.calendarSettings } : {}),
      }),
    });
    this.running = this.worker.run();
  }

  async stop(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
    await this.env?.teardown();
    await this.dataSource?.destroy();
  }

  id(): string {
    return `cmd-${++this.counter}`;
  }

  async now(): Promise<string> {
    return new Date(await this.env.currentTimeMs()).toISOString();
  }

  /** A start request for `templateId` with every material but `except` (and the land contract, which comes later). */
  async input(
    caseId: string,
    templateId: string,
    except: string[] = [],
    catalog: CatalogSnapshot = defaultCatalog(),
    extra: Partial<CaseStartInput> = {},
  ): Promise<CaseStartInput> {
    const template = findTemplate(catalog, templateId);
    // Before the land contract is signed (拿地即开工) it cannot be among the materials.
    const landContract = template && !extra.landContractSigned ? landContractMaterialOf(template) : undefined;
    return {
      caseId,
      templateId,
      applicant: { name: '临港某置业有限公司', creditCode: '91310000MA1FL0000X', creditRecord: 'good' },
      project: { name: '临港某产业园一期', landParcel: 'PDS2026-0012' },
      documents: materialCodesOfTemplate(catalog, templateId)
        .filter((code) => code !== landContract && !except.includes(code))
        .map((materialCode) => ({ materialCode })),
      receivedAt: await this.now(),
      actor: windowActor,
      commandId: this.id(),
      ...extra,
    };
  }

  async startCase(input: CaseStartInput): Promise<WorkflowHandle> {
    return this.env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
    });
  }

  /**
   * Sends a message as an update, retrying while the case is still loading its context, and returns the outcome; a
   * refusal of the update's validator (the decider's dry run) comes back as a refused outcome, as the API reports it.
   */
  async send<N extends MessageName>(
    caseId: string,
    name: N,
    payload: Omit<MessagePayload<N>, 'commandId'>,
  ): Promise<CommandOutcome> {
    const handle = this.env.client.workflow.getHandle(caseWorkflowId(caseId));
    const body = { ...payload, commandId: this.id() };
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await handle.executeUpdate(messageUpdates[name], { args: [body] });
      } catch (error) {
        const refusal =
          error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
            ? error.cause
            : undefined;
        if (refusal && refusal.type !== 'case-starting') {
          return {
            ok: false,
            commandId: body.commandId,
            rejection: { code: refusal.type as Refusal['code'], message: refusal.message },
          };
        }
        if (!refusal || attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Like `send`, and fails the test unless the decider accepted the command. */
  async apply<N extends MessageName>(caseId: string, name: N, payload: Omit<MessagePayload<N>, 'commandId'>) {
    const outcome = await this.send(caseId, name, payload);
    if (!outcome.ok) throw new Error(`${name} refused: ${outcome.rejection.code}: ${outcome.rejection.message}`);
    return outcome;
  }

  /** The case view (at the server's current time, or `asOf`) once `ready` holds. */
  async state(caseId: string, ready: (view: CaseView) => boolean = () => true, asOf?: string): Promise<CaseView> {
    let last: unknown;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        const view = await this.env.client.workflow
          .getHandle(caseWorkflowId(caseId))
          .query(caseStateQuery, asOf ? { asOf } : {});
        if (!view.starting && ready(view)) return view;
        last = view.status;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`case ${caseId} never reached the expected state (last: ${String(last)})`);
  }
}

/**
 * RECORD_HISTORIES=1 writes the replay fixture `test/fixtures/histories/<rules>-<scenario>.json` from this run,
 * named by the rules new cases start under (e.g. `2026-12b-hearing`): the fixtures of older rules stay as recorded.
 */
export async function recordHistory(
  scenario: string,
  handle: { fetchHistory(): ReturnType<WorkflowHandle['fetchHistory']> },
): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = join(__dirname, '..', 'fixtures', 'histories');
  mkdirSync(dir, { recursive: true });
  const name = `${rulesOf(CURRENT_RULES).label}-${scenario}`;
  writeFileSync(join(dir, `${name}.json`), historyToJSON(await handle.fetchHistory()));
}

export const stepOf = (view: CaseView, stepId: string) => {
  const step = view.steps.find((candidate) => candidate.stepId === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step;
};
