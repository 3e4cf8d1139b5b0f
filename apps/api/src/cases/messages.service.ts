import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import {
  caseDeadlinesQuery,
  caseEventsQuery,
  caseStateQuery,
  caseWorkflowId,
  isMessageName,
  MESSAGE_NAMES,
  messageSignals,
  messageUpdates,
  missingDocumentsQuery,
  parseMessagePayload,
  QUERY_NAMES,
  type CommandOutcome,
  type MessageName,
} from '../../../../libs/contract';
import { rejectionStatus, type CaseView } from '../../../../libs/domain';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId, caseQueryError } from './case-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { actorOf } from './cases.service';

/** Window staff and integrators may send every message but calendar-updated (admin only, like everything). */
const CASE_HANDLERS: ReadonlySet<MessageName> = new Set(MESSAGE_NAMES.filter((name) => name !== 'calendar-updated'));

/** Which messages each role may send (admin may send all). */
const ALLOWED: Record<string, ReadonlySet<MessageName>> = {
  window: CASE_HANDLERS,
  integrator: CASE_HANDLERS,
  department: new Set([
    'department-opinion',
    'clock-suspended',
    'clock-resumed',
    'extension-granted',
    'commitment-verified',
    'documents-supplemented',
    'licence-issued',
  ]),
  supervisor: new Set(['extension-granted']),
  auditor: new Set(),
};

/** How long an update waits for a just-started case to load its context before answering 409 case-starting. */
const UPDATE_START_WAIT_MS = 2_000;

/** The failure an update validator threw, when the workflow refused the update before accepting it. */
function validatorRefusal(error: unknown): ApplicationFailure | undefined {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
    ? error.cause
    : undefined;
}

@Injectable()
export class MessagesService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  private handle(caseId: string): WorkflowHandle {
    return this.client.workflow.getHandle(caseWorkflowId(caseId));
  }

  private async view(caseId: string): Promise<CaseView> {
    assertCaseId(caseId);
    try {
      return await this.handle(caseId).query(caseStateQuery, {});
    } catch (error) {
      throw caseQueryError(caseId, error);
    }
  }

  /** Validates name, role and payload; nothing here asks Temporal. */
  private parse(caseId: string, name: string, body: unknown, principal: Principal, idempotencyKey?: string) {
    assertCaseId(caseId);
    if (!isMessageName(name)) throw ApiError.notFound('unknown-message', `no signal or update named ${name}`);
    if (principal.role !== 'admin') {
      const allowed = ALLOWED[principal.department ? 'department' : principal.role];
      if (!allowed?.has(name)) {
        throw new ApiError(403, 'forbidden-role', `role ${principal.role} may not send ${name}`);
      }
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

  /**
   * A signal cannot answer, so before one is sent the case is asked (a query) whether it is open and whether the
   * step exists and belongs to the caller's department. An update needs no such round trip: the workflow's
   * validator dry-runs the decider and refuses before anything enters the history.
   */
  private async precheckSignal(caseId: string, stepId: string | undefined, principal: Principal): Promise<void> {
    const view = await this.view(caseId);
    if (view.closed) throw ApiError.conflict('case-closed', `case ${caseId} is ${view.status}`);
    if (stepId === undefined) return;
    const step = view.steps.find((candidate) => candidate.stepId === stepId);
    if (!step) {
      throw ApiError.unprocessable('unknown-step', `stepId: ${stepId} is not a step of case ${caseId}`, [
        { field: 'stepId', rule: 'known-step', message: `known: ${view.steps.map((s) => s.stepId).join(', ')}` },
      ]);
    }
    if (principal.department && principal.department !== step.department) {
      throw new ApiError(
        403,
        'wrong-department',
        `step ${stepId} belongs to ${step.department}, not ${principal.department}`,
      );
    }
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

  async signal(caseId: string, name: string, body: unknown, principal: Principal, idempotencyKey?: string) {
    const prepared = this.parse(caseId, name, body, principal, idempotencyKey);
    await this.precheckSignal(caseId, (prepared.payload as { stepId?: string }).stepId, principal);
    try {
      await this.handle(caseId).signal(messageSignals[prepared.name], prepared.payload);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw await this.notFound(caseId);
      throw error;
    }
    return { commandId: prepared.commandId, caseId, name: prepared.name };
  }

  async update(
    caseId: string,
    name: string,
    body: unknown,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<CommandOutcome> {
    const prepared = this.parse(caseId, name, body, principal, idempotencyKey);
    let outcome: CommandOutcome;
    try {
      outcome = await this.executeUpdateOnceStarted(caseId, prepared.name, prepared.payload);
    } catch (error) {
      const refusal = validatorRefusal(error);
      if (refusal) {
        // Refused by the validator: the payload (422), a closed case (409) or the decider's dry run.
        const code = refusal.type ?? 'rejected';
        const status = code === 'invalid-payload' ? 422 : rejectionStatus(code);
        const [details] = refusal.details ?? [];
        throw new ApiError(status, code, refusal.message, {
          ...(typeof details === 'object' && details !== null ? details : {}),
          commandId: prepared.commandId,
        });
      }
      if (error instanceof WorkflowNotFoundError) throw await this.notFound(caseId);
      throw error;
    }
    if (!outcome.ok) {
      const { rejection } = outcome;
      throw new ApiError(rejectionStatus(rejection.code), rejection.code, rejection.message, {
        ...(rejection.field ? { field: rejection.field } : {}),
        ...(rejection.details === undefined ? {} : { details: rejection.details }),
        commandId: outcome.commandId,
      });
    }
    return outcome;
  }

  /**
   * A case refuses updates (validator: case-starting) until it has loaded its context, which normally takes a few
   * tens of milliseconds after the start. A refused update leaves nothing in the history, so it is retried here for
   * a moment; if the case is still starting (Postgres down), the caller gets 409 case-starting with Retry-After.
   */
  private async executeUpdateOnceStarted(caseId: string, name: MessageName, payload: unknown): Promise<CommandOutcome> {
    const started = Date.now();
    for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
      try {
        return await this.handle(caseId).executeUpdate(messageUpdates[name], { args: [payload] });
      } catch (error) {
        const starting = validatorRefusal(error)?.type === 'case-starting';
        if (!starting || Date.now() - started + delay > UPDATE_START_WAIT_MS) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async query(caseId: string, name: string): Promise<unknown> {
    if (!(QUERY_NAMES as readonly string[]).includes(name)) {
      throw ApiError.notFound('unknown-query', `no query named ${name}; known: ${QUERY_NAMES.join(', ')}`);
    }
    assertCaseId(caseId);
    const handle = this.handle(caseId);
    try {
      switch (name as (typeof QUERY_NAMES)[number]) {
        case 'case-state':
          return await handle.query(caseStateQuery, {});
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
