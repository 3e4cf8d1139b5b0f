import type { Instant } from '@onewindow/calendar';
import type { CaseView, RaisedAlerts, StepView } from './view';
import { FINISHED_STEP_STATUSES, SETTLED_STEP_STATUSES } from './vocabulary';

/**
 * The legal facts of a case as the read model keeps them (`cases`, `case_steps`, `case_suspensions`): each decided
 * by the kernel and selected from its view, never judged again. 电子监察, 待办 and the lists select and sum these;
 * the one comparison with "now" left to them is a running clock against its current deadline, which is also what
 * the view answers at that instant.
 */
export interface StepFacts {
  stepId: string;
  matterCode: string;
  department: string;
  status: StepView['status'];
  opinion?: string;
  reviewer?: string;
  startedAt?: Instant;
  finishedAt?: Instant;
  cancelledAt?: Instant;
  cancelReason?: string;
  deadline?: Instant;
  deadlineProvisional: boolean;
  legalDeadline?: Instant;
  /** The level its alarms have reached (a finished step on time: none). */
  warningLevel: NonNullable<StepView['clock']>['warningLevel'];
  /** Its clock counts now: not stopped, not held still. */
  running: boolean;
  suspendedSince?: Instant;
  /** Past its promised limit (黄牌), by its clock: an extension asked too late, its alarm, or its stop. */
  overdue: boolean;
  /** Past its legal limit (法定时限), the graver fact. */
  legalOverdue: boolean;
  /** What its alarms have ever raised, even when it finished in time afterwards. */
  raised: RaisedAlerts;
  /** Finished or cancelled: the working days it used, and its legal limit in working days (null: none). */
  workingDaysUsed?: number;
  legalWorkingDays?: number | null;
}

export interface SuspensionFacts {
  /** Its hold id, or `#<index>` for the 2026-11 suspensions that had none. */
  suspensionId: string;
  stepId?: string;
  /** The whole case (every step's clock and the case's). */
  caseWide: boolean;
  reason: string;
  since: Instant;
  expectedEnd?: Instant;
  resumedAt?: Instant;
  overranAt?: Instant;
}

export interface CaseFacts {
  caseId: string;
  templateId: string;
  catalogVersion: string;
  rulesVersion: number;
  status: CaseView['status'];
  kind: CaseView['kind'];
  applicant: CaseView['applicant'];
  project: CaseView['project'];
  departments: string[];
  matters: string[];
  priority: boolean;
  receivedAt: Instant;
  closedAt?: Instant;
  /** The headline deadline (the issuance's while it runs, else the case's own), its legal one, and whether it runs. */
  deadline?: Instant;
  legalDeadline?: Instant;
  deadlineRunning: boolean;
  warningLevel: CaseView['warningLevel'];
  /** Any clock of the case (a step's too) past its promised limit; past its legal one. */
  overdue: boolean;
  legalOverdue: boolean;
  /** The case's own limit (joint or promised) or its issuance (Art. 44) past; the legal ones. */
  caseOverdue: boolean;
  caseLegalOverdue: boolean;
  steps: StepFacts[];
  suspensions: SuspensionFacts[];
}

const FINISHED: ReadonlySet<string> = new Set(FINISHED_STEP_STATUSES);
/** An exempt step's `finishedAt` is its acceptance instant: 电子监察 counts exemptions by it. */
const SETTLED: ReadonlySet<string> = new Set(SETTLED_STEP_STATUSES);

function stepFacts(step: StepView): StepFacts {
  const clock = step.clock;
  const counts = FINISHED.has(step.status) || step.status === 'cancelled';
  return {
    stepId: step.stepId,
    matterCode: step.matterCode,
    department: step.department,
    status: step.status,
    ...(step.opinion ? { opinion: step.opinion } : {}),
    ...(step.reviewer ? { reviewer: step.reviewer } : {}),
    ...(step.startedAt ? { startedAt: step.startedAt } : {}),
    ...(step.finishedAt && SETTLED.has(step.status) ? { finishedAt: step.finishedAt } : {}),
    ...(step.cancelled ? { cancelledAt: step.cancelled.at, cancelReason: step.cancelled.reason } : {}),
    ...(clock ? { deadline: clock.deadline } : {}),
    deadlineProvisional: clock?.provisional ?? false,
    ...(clock?.legalDeadline ? { legalDeadline: clock.legalDeadline } : {}),
    warningLevel: clock?.warningLevel ?? 'none',
    running: clock !== undefined && !clock.stoppedAt && !clock.suspended && !counts,
    ...(clock?.suspendedSince ? { suspendedSince: clock.suspendedSince } : {}),
    overdue: clock?.overdue ?? false,
    legalOverdue: clock?.legalOverdue ?? false,
    raised: step.raised,
    ...(counts && step.time
      ? { workingDaysUsed: step.time.workingDays, legalWorkingDays: step.time.legalWorkingDays }
      : {}),
  };
}

/** The facts of a case, from its view at the instant its last event took effect. */
export function caseFacts(view: CaseView): CaseFacts {
  return {
    caseId: view.caseId,
    templateId: view.templateId,
    catalogVersion: view.catalogVersion,
    rulesVersion: view.rulesVersion,
    status: view.status,
    kind: view.kind,
    applicant: view.applicant,
    project: view.project,
    departments: [...new Set(view.steps.map((step) => step.department))],
    matters: [...new Set(view.steps.map((step) => step.matterCode))].sort(),
    priority: view.priority,
    receivedAt: view.receivedAt,
    ...(view.closed ? { closedAt: view.closed.at } : {}),
    ...(view.deadline ? { deadline: view.deadline } : {}),
    ...(view.legalDeadline ? { legalDeadline: view.legalDeadline } : {}),
    deadlineRunning: view.deadlineRunning && !view.closed,
    warningLevel: view.warningLevel,
    overdue: view.overdue,
    legalOverdue: view.legalOverdue,
    caseOverdue: view.caseOverdue,
    caseLegalOverdue: view.caseLegalOverdue,
    steps: view.steps.map(stepFacts),
    suspensions: view.suspensions.map((suspension, index) => ({
      suspensionId: suspension.id ?? `#${index}`,
      ...(suspension.stepId ? { stepId: suspension.stepId } : {}),
      caseWide: suspension.keys.includes('case') && suspension.stepId === undefined,
      reason: suspension.reason,
      since: suspension.since,
      ...(suspension.expectedEnd ? { expectedEnd: suspension.expectedEnd } : {}),
      ...(suspension.resumedAt ? { resumedAt: suspension.resumedAt } : {}),
      ...(suspension.overranAt ? { overranAt: suspension.overranAt } : {}),
    })),
  };
}
