import type { CaseView } from '@onewindow/domain';
import type { CaseProjection, CaseStartInput } from '@onewindow/contract';

/** The read-model row of a case, from its current view. */
export function projectionSnapshot(
  input: CaseStartInput,
  workflowId: string,
  catalogVersion: string,
  view: CaseView,
): CaseProjection {
  return {
    caseId: input.caseId,
    workflowId,
    templateId: input.templateId,
    catalogVersion,
    status: view.status,
    kind: view.kind,
    applicant: { ...input.applicant },
    project: { ...input.project },
    departments: [...new Set(view.steps.map((step) => step.department))],
    ...(view.deadline ? { deadline: view.deadline } : {}),
    overdue: view.overdue,
    warningLevel: view.warningLevel,
    priority: view.priority,
    legalOverdue: view.legalOverdue ?? false,
    receivedAt: input.receivedAt,
    ...(view.closed ? { closedAt: view.closed.at } : {}),
    steps: view.steps.map((step) => ({
      stepId: step.stepId,
      matterCode: step.matterCode,
      department: step.department,
      status: step.status,
      ...(step.opinion ? { opinion: step.opinion } : {}),
      ...(step.clock ? { deadline: step.clock.deadline } : {}),
      deadlineProvisional: step.clock?.provisional ?? false,
      warningLevel: step.clock?.warningLevel ?? 'none',
      ...(step.startedAt ? { startedAt: step.startedAt } : {}),
      ...(step.finishedAt ? { finishedAt: step.finishedAt } : {}),
      ...(step.clock?.legalDeadline ? { legalDeadline: step.clock.legalDeadline } : {}),
      legalOverdue: step.clock?.legalOverdue ?? false,
    })),
  };
}
