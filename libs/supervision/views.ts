import { caseFacts, type CaseView } from '@onewindow/case';
import type { SupervisedCase, SupervisedStep } from './facts';

/**
 * What 电子监察 counts, taken straight from the cases' own views (the kernel's facts, not the read model): the third
 * reading the supervision property test holds the SQL and the loaded rows to.
 */
export function supervisedFromViews(views: readonly CaseView[]): { steps: SupervisedStep[]; cases: SupervisedCase[] } {
  const steps: SupervisedStep[] = [];
  const cases: SupervisedCase[] = [];
  for (const view of views) {
    const facts = caseFacts(view);
    cases.push({
      caseId: facts.caseId,
      departments: facts.departments,
      matters: facts.matters,
      receivedAt: facts.receivedAt,
      closedAt: facts.closedAt ?? null,
      deadline: facts.deadline ?? null,
      legalDeadline: facts.legalDeadline ?? null,
      deadlineRunning: facts.deadlineRunning,
      caseOverdue: facts.caseOverdue,
      caseLegalOverdue: facts.caseLegalOverdue,
    });
    for (const step of facts.steps) {
      if (!step.startedAt) continue;
      steps.push({
        caseId: facts.caseId,
        stepId: step.stepId,
        matterCode: step.matterCode,
        department: step.department,
        status: step.status,
        deadline: step.deadline ?? null,
        legalDeadline: step.legalDeadline ?? null,
        warningLevel: step.warningLevel,
        running: step.running,
        suspendedSince: step.suspendedSince ?? null,
        overdue: step.overdue,
        legalOverdue: step.legalOverdue,
        raised: step.raised,
        startedAt: step.startedAt,
        finishedAt: step.finishedAt ?? null,
        cancelledAt: step.cancelledAt ?? null,
        workingDaysUsed: step.workingDaysUsed ?? null,
        legalWorkingDays: step.legalWorkingDays ?? null,
        reviewer: step.reviewer ?? null,
      });
    }
  }
  return { steps, cases };
}
