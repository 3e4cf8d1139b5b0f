export const DEFAULT_TASK_QUEUE = 'onewindow-cases';

/** Workflow type name of an approval case. */
export const CASE_WORKFLOW_TYPE = 'approvalCase';

/** Every case runs as workflow `case-<caseId>`. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
