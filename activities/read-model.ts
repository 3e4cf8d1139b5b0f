import type { WorkingDayCalculator } from '@onewindow/calendar';
import type { HandlingKind } from '@onewindow/catalog';
import { caseWorkflowId, type CaseProjection } from '@onewindow/contract';
import { caseView, SYSTEM_ACTOR, type CaseState } from '@onewindow/domain';

/**
 * The key that recorded the step's last opinion (电子监察 per reviewer); an outcome the engine itself recorded (即办件,
 * deemed consent) has no reviewer.
 */
function reviewerOf(state: CaseState, stepId: string): { reviewer?: string } {
  const opinions = state.steps[stepId]?.opinions ?? [];
  const last = opinions[opinions.length - 1];
  return last && last.actor.role !== SYSTEM_ACTOR.role ? { reviewer: last.actor.id } : {};
}

/**
 * The read-model row of a case (lists, search, supervision), from its state: the same `caseView` the API answers
 * with, evaluated at `at` (when the case's last event took effect).
 */
export function readModelRow(
  state: CaseState,
  at: string,
  calendar: WorkingDayCalculator,
  templateKind?: string,
): CaseProjection {
  const view = caseView(state, at, calendar, templateKind as HandlingKind | undefined);
  return {
    caseId: state.caseId,
    workflowId: caseWorkflowId(state.caseId),
    templateId: state.templateId,
    catalogVersion: state.catalogVersion,
    status: view.status,
    kind: view.kind,
    applicant: { ...state.applicant },
    project: { ...state.project },
    departments: [...new Set(view.steps.map((step) => step.department))],
    ...(view.deadline ? { deadline: view.deadline } : {}),
    overdue: view.overdue,
    warningLevel: view.warningLevel,
    priority: view.priority,
    legalOverdue: view.legalOverdue,
    receivedAt: state.receivedAt,
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
      ...reviewerOf(state, step.stepId),
      // 电子监察 sums these over a year's steps in SQL: counted once, here, when the step has finished.
      ...(step.startedAt && step.finishedAt
        ? { workingDaysUsed: calendar.workingDaysBetween(step.startedAt, step.finishedAt) }
        : {}),
    })),
  };
}
