import { QueryNotRegisteredError, WorkflowNotFoundError } from '@temporalio/client';
import { ApiError } from '../common/api-error';
import { caseQueryError, startedOrBusy } from './case-errors';

describe('caseQueryError: what a failed case query answers', () => {
  it('an unknown workflow is 404 case-not-found', () => {
    const mapped = caseQueryError('C-1', new WorkflowNotFoundError('not found', 'case-C-1', undefined));
    expect(mapped).toMatchObject({ status: 404, code: 'case-not-found' });
  });

  it('a case still loading its context (its view says starting) is 409 case-starting', () => {
    expect(() => startedOrBusy('C-1', { starting: true })).toThrow(ApiError);
    try {
      startedOrBusy('C-1', { starting: true });
    } catch (mapped) {
      expect(mapped).toMatchObject({ status: 409, code: 'case-starting' });
    }
    const ready = { starting: undefined };
    expect(startedOrBusy('C-1', ready)).toBe(ready);
  });

  it('a history the worker cannot replay is 500 history-not-replayable, naming where the case can be read', () => {
    // As the client reports it (seen in npm run faults): the worker's replay failed while answering the query.
    const failure = new QueryNotRegisteredError(
      '[TMPRL1100] Nondeterminism error: UpsertWorkflowSearchAttributesMachine does not handle HistoryEvent(id: 15, ActivityTaskScheduled)',
      3,
    );
    const mapped = caseQueryError('C-1', failure);
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped).toMatchObject({ status: 500, code: 'history-not-replayable' });
    expect((mapped as ApiError).message).toContain('/v1/cases/C-1/history');
  });

  it('anything else is passed on unchanged (the error filter decides: 503 when a dependency is down, else 500)', () => {
    const other = new Error('14 UNAVAILABLE: connection refused');
    expect(caseQueryError('C-1', other)).toBe(other);
  });
});
