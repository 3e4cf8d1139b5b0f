import { Inject, Injectable } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import {
  caseDeadlinesQuery,
  caseEventsQuery,
  caseStateQuery,
  caseWorkflowId,
  isMessageName,
  MESSAGES,
  messageUpdates,
  messageSignals,
  missingDocumentsQuery,
  parseMessagePayload,
  toCommand,
  QUERY_NAMES,
  type CommandOutcome,
  type MessageName,
  type QueryResult,
  type Sender,
  type SignalAnswer,
  type UpdateAnswer,
} from '@onewindow/contract/http';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId, caseBusy, caseQueryError, startedOrBusy, workflowTaskFailing } from './case-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { actorOf } from './cases.service';
import { CaseReadService } from './case-read.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { findTemplate, mattersOfTemplate } from '@onewindow/catalog';
import { findLicence } from '@onewindow/persistence';
import { DataSource } from 'typeorm';
import { decide, isFinished, rejectionClass, type CaseCommand, type CaseState } from '@onewindow/case';

/** How long a message waits for a just-started (or handing-over) case before answering 409 with Retry-After. */
const BUSY_WAIT_MS = 2_000;

/** The refusal an update validator threw, when the workflow refused the message before accepting it. */
/** The failure type Temporal gives an accepted update whose run completed (or continued as new) before it did. */
const RUN_CLOSED_UNDER_UPDATE = 'AcceptedUpdateCompletedWorkflow';

function validatorRefusal(error: unknown): ApplicationFailure | undefined {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
    ? error.cause
    : undefined;
}

function senderOf(principal: Principal): Sender | 'admin' | 'auditor' {
  if (principal.department && principal.role.startsWith('department:')) return 'department';
  if (principal.role.startsWith('integrator')) return 'integrator';
  return principal.role as Sender | 'admin' | 'auditor';
}

/**
 * Messages to a case. An update is a Temporal update whose validator dry-runs the decider, answered with the
 * decision once the read model holds its events; a signal is a Temporal signal checked first against the read model
 * by the same decider. No query is ever sent before a message: a query right after a worker dies must not be what
 * shapes a case's history.
 */
@Injectable()
export class MessagesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly reads: CaseReadService,
    private readonly reference: ReferenceDataService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * 电子证照: a licence number is one licence. Issuing a number another case's licence already has is refused (409
   * `licence-number-taken`, naming the licence), before the case records it.
   */
  private async assertLicenceNumbersFree(caseId: string, name: string, payload: unknown): Promise<void> {
    if (name !== 'licence-issued') return;
    const licences = (payload as { licences?: Array<{ number: string }> }).licences ?? [];
    for (const [index, licence] of licences.entries()) {
      const taken = await findLicence(this.dataSource, licence.number);
      if (taken && taken.caseId !== caseId)
        throw ApiError.conflict('licence-number-taken', `licence ${licence.number} is already another case's`, {
          field: `licences.${index}.number`,
        });
    }
  }

  private handle(caseId: string): WorkflowHandle {
    return this.client.workflow.getHandle(caseWorkflowId(caseId));
  }

  /** Validates name, role and payload; nothing here asks Temporal. */
  private parse(caseId: string, name: string, body: unknown, principal: Principal, idempotencyKey?: string) {
    assertCaseId(caseId);
    if (!isMessageName(name)) throw ApiError.notFound('unknown-message', `no signal or update named ${name}`);
    const sender = senderOf(principal);
    if (sender !== 'admin' && !(MESSAGES[name].senders as readonly string[]).includes(sender)) {
      throw new ApiError(403, 'forbidden-role', `role ${principal.role} may not send ${name}`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ApiError.unprocessable('invalid-payload', 'the body must be a JSON object');
    }
    // An explicit null is sent on to the schema (a 422 naming commandId), never replaced by a fresh id.
    const sent = (body as { commandId?: unknown }).commandId;
    const commandId = sent !== undefined ? sent : (idempotencyKey ?? randomUUID());
    if (idempotencyKey !== undefined && sent !== undefined && sent !== idempotencyKey) {
      throw ApiError.unprocessable('invalid-payload', 'commandId and Idempotency-Key differ', [
        {
          field: 'commandId',
          rule: 'matches-idempotency-key',
          message: 'must equal the Idempotency-Key header when both are sent',
        },
      ]);
    }
    const parsed = parseMessagePayload(name, { ...body, commandId, actor: actorOf(principal) });
    if (!parsed.ok) {
      throw ApiError.unprocessable(
        'invalid-payload',
        parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
        parsed.problems,
      );
    }
    return { name, payload: parsed.value, commandId: parsed.value.commandId };
  }

  /** An unknown workflow is either a case that never existed (404) or one that has closed (409). */
  private async notFound(caseId: string): Promise<ApiError> {
    try {
      const description = await this.handle(caseId).describe();
      return ApiError.conflict('case-closed', `case ${caseId} is ${description.status.name.toLowerCase()}`);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        return ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      throw error;
    }
  }

  /** Sends the message as an update and waits for `stage`; refusals become the API's errors. */
  private async send(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey: string | undefined,
  ) {
    const prepared = this.parse(caseId, name, body, principal, idempotencyKey);
    await this.assertLicenceNumbersFree(caseId, prepared.name, prepared.payload);
    try {
      const outcome = await this.whenNotBusy(caseId, prepared.name, prepared.payload, prepared.commandId);
      return { prepared, outcome };
    } catch (error) {
      const refusal = validatorRefusal(error);
      if (refusal?.type === RUN_CLOSED_UNDER_UPDATE)
        throw ApiError.refused('case-continuing', `case ${caseId} is handing over to a new run; retry`, {
          commandId: prepared.commandId,
        });
      if (refusal) {
        const [details] = refusal.details ?? [];
        throw ApiError.refused(refusal.type ?? 'rejected', refusal.message, {
          ...(typeof details === 'object' && details !== null ? details : {}),
          commandId: prepared.commandId,
        });
      }
      if (error instanceof WorkflowNotFoundError) throw await this.notFound(caseId);
      throw error;
    }
  }

  /**
   * A Temporal signal, sent once the decider, run here on the read model's state, finds nothing that no moment of
   * the case could accept (wrong department 403, a payload that does not fit the case 422). Whether it comes at
   * the right time (409 rules) the workflow decides, with everything that arrived before it; a signal that is
   * refused there is logged by the worker. 202 { commandId }: a retried commandId counts once.
   */
  async signal(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<SignalAnswer> {
    const prepared = this.parse(caseId, name, body, principal, idempotencyKey);
    await this.assertLicenceNumbersFree(caseId, prepared.name, prepared.payload);
    const stored = await this.reads.storedWhenStarted(caseId);
    if (isFinished(stored.state))
      throw ApiError.refused('case-closed', `case ${caseId} is ${stored.state.status}`, {
        commandId: prepared.commandId,
      });
    const decision = await this.dryRun(
      stored.state,
      toCommand(prepared.name, prepared.payload, new Date().toISOString()),
    );
    if (decision && !decision.ok && rejectionClass(decision.rejection.code) !== 'conflict') {
      const { rejection } = decision;
      throw ApiError.refused(rejection.code, rejection.message, {
        ...(rejection.field ? { field: rejection.field } : {}),
        ...(rejection.details === undefined ? {} : { details: rejection.details }),
        commandId: prepared.commandId,
      });
    }
    try {
      await this.handle(caseId).signal(messageSignals[prepared.name], prepared.payload);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw await this.notFound(caseId);
      throw error;
    }
    return { commandId: prepared.commandId, caseId, name };
  }

  /** The decider's answer to `command` in `state`, with the case's own catalogue version and today's calendar. */
  private async dryRun(state: CaseState, command: CaseCommand) {
    const catalog = await this.reference.catalog(state.catalogVersion);
    const template = catalog ? findTemplate(catalog, state.templateId) : undefined;
    if (!catalog || !template) return undefined;
    const context = {
      template,
      matters: mattersOfTemplate(catalog, template.id),
      calendar: await this.reference.calendar(),
      catalogVersion: catalog.version,
    };
    return decide(state, command, context);
  }

  async update(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<UpdateAnswer> {
    const { outcome } = await this.send(caseId, name, body, principal, idempotencyKey);
    // Read-your-writes: a GET right after the answer sees the command's events.
    if (outcome.ok) await this.reads.reached(caseId, outcome.lastSequence);
    if (!outcome.ok) {
      const { rejection } = outcome;
      throw ApiError.refused(rejection.code, rejection.message, {
        ...(rejection.field ? { field: rejection.field } : {}),
        ...(rejection.details === undefined ? {} : { details: rejection.details }),
        commandId: outcome.commandId,
      });
    }
    return outcome;
  }

  /**
   * A case refuses messages (validator: case-starting) until it has loaded its context (in its first workflow task;
   * a case whose context cannot load, Postgres being down, refuses them until it can), and for a moment while it
   * hands over to a new run (case-continuing). A refused update leaves
   * nothing in the history, so it is retried here briefly; then the caller gets 409 with Retry-After.
   */
  private async whenNotBusy(
    caseId: string,
    name: MessageName,
    payload: unknown,
    commandId: string,
  ): Promise<CommandOutcome> {
    const started = Date.now();
    for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
      let starting = false;
      let failing = false;
      try {
        const handle = await this.handle(caseId).startUpdate(messageUpdates[name], {
          args: [payload],
          updateId: commandId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        const outcome = await handle.result();
        if (outcome.ok || outcome.rejection.code !== 'case-continuing') return outcome;
      } catch (error) {
        const type = validatorRefusal(error)?.type;
        // The server fails an update that was accepted when the run closed under it (continue-as-new in the same
        // task): sent again with the same update id, it lands on the new run, which counts its commandId once.
        // A case whose last workflow task failed or timed out refuses updates until Temporal's retry of it passes.
        failing = workflowTaskFailing(error);
        const busy =
          failing || type === 'case-starting' || type === 'case-continuing' || type === RUN_CLOSED_UNDER_UPDATE;
        if (!busy) throw error;
        if (Date.now() - started + delay > BUSY_WAIT_MS) {
          if (failing) throw caseBusy(caseId, { commandId });
          throw error;
        }
        starting = type === 'case-starting';
      }
      if (Date.now() - started + delay > BUSY_WAIT_MS) {
        if (failing) throw caseBusy(caseId, { commandId });
        throw ApiError.refused('case-continuing', `case ${caseId} is handing over to a new run; retry`, { commandId });
      }
      // A case that is starting has loaded its context once its submission is projected: wait for that (the
      // projection announces it), or `delay` when announcements are not coming.
      if (starting) await this.reads.started(caseId, delay);
      else await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async query(caseId: string, name: string): Promise<QueryResult> {
    if (!(QUERY_NAMES as readonly string[]).includes(name)) {
      throw ApiError.notFound('unknown-query', `no query named ${name}; known: ${QUERY_NAMES.join(', ')}`);
    }
    assertCaseId(caseId);
    const handle = this.handle(caseId);
    try {
      switch (name as (typeof QUERY_NAMES)[number]) {
        case 'case-state':
          return startedOrBusy(caseId, await handle.query(caseStateQuery, {}));
        case 'case-events':
          return await handle.query(caseEventsQuery);
        case 'case-deadlines':
          return await handle.query(caseDeadlinesQuery);
        case 'missing-documents':
          return await handle.query(missingDocumentsQuery);
      }
    } catch (error) {
      throw caseQueryError(caseId, error);
    }
  }
}
