import { WorkflowNotFoundError } from '@temporalio/client';
import { CASE_ID_PATTERN } from '../../../../libs/contract';
import { ApiError } from '../common/api-error';

/** A case id that cannot exist is answered like an unknown case, before Temporal is asked. */
export function assertCaseId(caseId: string): void {
  if (!CASE_ID_PATTERN.test(caseId))
    throw ApiError.notFound('case-not-found', `case ${caseId.slice(0, 80)} does not exist`);
}

/** Maps what Temporal answers for a case query to the HTTP contract (never a 500 for a caller's mistake). */
export function caseQueryError(caseId: string, error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError)
    return ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
  const text =
    error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}` : '';
  if (text.includes('still loading its context')) {
    return ApiError.conflict('case-starting', `case ${caseId} is starting; retry in a moment`);
  }
  return error;
}
