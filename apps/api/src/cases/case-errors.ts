import { WorkflowNotFoundError } from '@temporalio/client';
import { CASE_ID_PATTERN } from '@onewindow/contract/http';
import { ApiError } from '../common/api-error';

/** A case id that cannot exist is answered like an unknown case, before Temporal is asked. */
export function assertCaseId(caseId: string): void {
  if (!CASE_ID_PATTERN.test(caseId))
    throw ApiError.notFound('case-not-found', `case ${caseId.slice(0, 80)} does not exist`);
}

/**
 * Temporal refuses updates and queries while a case's last workflow task has failed or timed out (FAILED_PRECONDITION
 * "Workflow Task in failed state"): the server retries the task on its own, so this passes in a moment (a worker that
 * was too busy to finish a task in time, a worker that died with it).
 */
export function workflowTaskFailing(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (/Workflow Task in failed state/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** 503 case-busy, Retry-After 1: the case cannot answer this moment, through no fault of the caller. */
export function caseBusy(caseId: string, details?: unknown): ApiError {
  return new ApiError(
    503,
    'case-busy',
    `case ${caseId} is recovering a failed workflow task (Temporal retries it); retry in a moment`,
    details,
  );
}

/** Maps what Temporal answers for a case query to the HTTP contract (never a 500 for a caller's mistake). */
export function caseQueryError(caseId: string, error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError)
    return ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
  if (workflowTaskFailing(error)) return caseBusy(caseId);
  const text =
    error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}` : '';
  // TMPRL1100 is Temporal's stable code for a nondeterminism error; the query failure carries no other type.
  if (text.includes('[TMPRL1100]')) {
    // The worker could not replay the case's history (see docs/architecture.md, "Failures and recovery"): a fault of
    // the server side, said plainly, with where the case can still be read.
    return new ApiError(
      500,
      'history-not-replayable',
      `case ${caseId}: its Temporal history does not replay on this worker; its audit log is at ` +
        `/v1/cases/${caseId}/history and its state at /v1/cases/${caseId}/state?asOf=<instant>`,
    );
  }
  return error;
}

/** A case still loading its context answers its view with `starting`: 409 case-starting, retry in a moment. */
export function startedOrBusy<T extends { starting?: true }>(caseId: string, view: T): T {
  if (view.starting) throw ApiError.refused('case-starting', `case ${caseId} is starting; retry in a moment`);
  return view;
}
