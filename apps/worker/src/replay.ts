import type { Client } from '@temporalio/client';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { CASE_WORKFLOW_TYPE } from '@onewindow/contract';

export interface ReplayReport {
  replayed: number;
  failures: Array<{ workflowId: string; error: string }>;
}

/**
 * Replays the histories of cases against the given workflow code (release check): every closed case, or the ones
 * named. A non-empty `failures` means today's code would not reproduce those histories.
 */
export async function replayCases(
  client: Client,
  code: Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>,
  options: { workflowIds?: string[]; includeRunning?: boolean } = {},
): Promise<ReplayReport> {
  const query = options.workflowIds?.length
    ? `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND WorkflowId IN (${options.workflowIds.map((id) => `'${id.replace(/'/g, '')}'`).join(', ')})`
    : `WorkflowType = '${CASE_WORKFLOW_TYPE}'${options.includeRunning ? '' : ` AND ExecutionStatus != 'Running'`}`;
  const histories = client.workflow.list({ query }).intoHistories();
  const report: ReplayReport = { replayed: 0, failures: [] };
  for await (const result of Worker.runReplayHistories(code, histories)) {
    report.replayed += 1;
    if (result.error)
      report.failures.push({ workflowId: result.workflowId, error: `${result.error.name}: ${result.error.message}` });
  }
  return report;
}
