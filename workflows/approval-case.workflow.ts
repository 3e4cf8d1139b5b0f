import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import {
  caseSummaryQuery,
  withdrawnSignal,
  type CaseStartInput,
  type CaseSummary,
  type RecordedEvent,
} from '../libs/contract';

const { recordCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function approvalCase(input: CaseStartInput): Promise<CaseSummary> {
  let status = 'submitted';
  const log: RecordedEvent[] = [];
  // Handlers first, so no early signal or query is dropped.
  setHandler(caseSummaryQuery, () => summary());
  setHandler(withdrawnSignal, ({ commandId, reason }) => {
    if (status === 'withdrawn') return;
    status = 'withdrawn';
    log.push({
      sequence: log.length + 1,
      type: 'CaseWithdrawn',
      at: new Date().toISOString(),
      actor: input.actor,
      commandId,
      event: { type: 'CaseWithdrawn', reason },
    });
  });

  function summary(): CaseSummary {
    return {
      caseId: input.caseId,
      templateId: input.templateId,
      status,
      receivedAt: input.receivedAt,
      eventCount: log.length,
    };
  }

  log.push({
    sequence: 1,
    type: 'CaseSubmitted',
    at: input.receivedAt,
    actor: input.actor,
    event: { type: 'CaseSubmitted', templateId: input.templateId, documents: input.documents },
  });
  let projected = 0;
  const project = async () => {
    const events = log.slice(projected);
    projected = log.length;
    await recordCaseEvents({
      caseId: input.caseId,
      events,
      snapshot: {
        caseId: input.caseId,
        workflowId: workflowInfo().workflowId,
        templateId: input.templateId,
        catalogVersion: 'slice',
        status,
        applicant: input.applicant,
        project: input.project,
        departments: [],
        overdue: false,
        warningLevel: 'none',
        receivedAt: input.receivedAt,
        steps: [],
      },
    });
  };
  await project();
  await condition(() => status === 'withdrawn');
  await project();
  return summary();
}
