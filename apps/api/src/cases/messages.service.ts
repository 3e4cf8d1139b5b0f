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
  missingDocumentsQuery,
  parseMessagePayload,
  QUERY_NAMES,
  type CommandOutcome,
  type MessageName,
  type QueryResult,
  type Sender,
  type SignalAnswer,
  type UpdateAnswer,
} from '../../../../libs/contract';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId, caseQueryError, startedOrBusy } from './case-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { actorOf } from './cases.service';

/** How long a message waits for a just-started (or handing-over) case before answering 409 with Retry-After. */
const BUSY_WAIT_MS = 2_000;

/** The refusal an update validator threw, when the workflow refused the message before accepting it. */
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
 * Messages to a case. Both routes send a Temporal update and wait for its outcome: its validator dry-runs the decider,
 * so a refused command (out of order, another department's step, a closed case) is answered 403/409/422, mostly
 * before anything is written; and no query is ever sent before a message (a query right after a worker dies must
 * not shape the case's history). A signal answers 202 { commandId }; an update answers with the decision.
 */
@Injectable()
export class MessagesService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

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
    try {
      const outcome = await this.whenNotBusy(caseId, prepared.name, prepared.payload, prepared.commandId);
      return { prepared, outcome };
    } catch (error) {
      const refusal = validatorRefusal(error);
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

  /** 202 once the case has applied the message (a refusal is a 4xx, as for an update), without its events. */
  async signal(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<SignalAnswer> {
    const outcome = await this.update(caseId, name, body, principal, idempotencyKey);
    return { commandId: outcome.commandId, caseId, name };
  }

  async update(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<UpdateAnswer> {
    const { outcome } = await this.send(caseId, name, body, principal, idempotencyKey);
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
   * A case refuses messages (validator: case-starting) until it has loaded its context, a few tens of milliseconds
   * after its start, and for a moment while it hands over to a new run (case-continuing). A refused update leaves
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
        const busy = type === 'case-starting' || type === 'case-continuing';
        if (!busy || Date.now() - started + delay > BUSY_WAIT_MS) throw error;
      }
      if (Date.now() - started + delay > BUSY_WAIT_MS) {
        throw ApiError.refused('case-continuing', `case ${caseId} is handing over to a new run; retry`, { commandId });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
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
