import type { Instant } from '@onewindow/calendar';
import { FINISHED_STEP_STATUSES, OPEN_STEP_STATUSES, type RaisedAlerts } from '@onewindow/case';

/**
 * A department step as the read model (`case_steps`) holds it: the kernel's facts, selected. 电子监察 sums these and
 * judges nothing again; the one comparison with `now` is a running clock against its current deadline (what the
 * case view answers at that instant).
 */
export interface SupervisedStep {
  caseId: string;
  stepId: string;
  matterCode: string;
  department: string;
  status: string;
  deadline: Instant | null;
  legalDeadline: Instant | null;
  /** `none`, 预警 `warning`, 黄牌 `yellow`, 红牌 `red`: the level its alarms have reached. */
  warningLevel: string;
  /** Its clock counts now (not stopped, not held still). */
  running: boolean;
  /** Held still since (补正, Art. 45). */
  suspendedSince: Instant | null;
  overdue: boolean;
  legalOverdue: boolean;
  raised: RaisedAlerts;
  startedAt: Instant;
  finishedAt: Instant | null;
  cancelledAt: Instant | null;
  /** The working days a finished (or cancelled) step used, and its legal limit in working days. */
  workingDaysUsed: number | null;
  legalWorkingDays: number | null;
  /** The key (actor id) that recorded the step's last opinion; null before any, or for the engine's own. */
  reviewer: string | null;
}

/** A case (办件) as the read model (`cases`) holds it, for the case counts of 电子监察. */
export interface SupervisedCase {
  caseId: string;
  /** The departments and matters of its steps. */
  departments: readonly string[];
  matters: readonly string[];
  receivedAt: Instant;
  closedAt: Instant | null;
  /** Its headline deadline (its own limit, or the issuance's while it runs), the legal one, whether that runs. */
  deadline: Instant | null;
  legalDeadline: Instant | null;
  deadlineRunning: boolean;
  /** Its own limit (joint or promised) or its issuance (Art. 44) past; the legal ones. */
  caseOverdue: boolean;
  caseLegalOverdue: boolean;
}

const FINISHED: ReadonlySet<string> = new Set(FINISHED_STEP_STATUSES);
const OPEN: ReadonlySet<string> = new Set(OPEN_STEP_STATUSES);

/** A step is finished once it has an outcome (agreed, deemed consent, refused): the kernel's own list. */
export function isFinishedStep(status: string): boolean {
  return FINISHED.has(status);
}

/** A department still owes the step its work: in review, awaiting a correction, referred (its 待办). */
export function isOpenStep(status: string): boolean {
  return OPEN.has(status);
}

const past = (deadline: Instant | null, now: Instant) => deadline !== null && Date.parse(deadline) < Date.parse(now);

/** Past its promised limit: the kernel said so, or its clock runs past its current deadline at `now`. */
export function isLate(step: Pick<SupervisedStep, 'overdue' | 'running' | 'deadline'>, now: Instant): boolean {
  return step.overdue || (step.running && past(step.deadline, now));
}

/** Past its legal limit, the same way. */
export function isLegallyLate(
  step: Pick<SupervisedStep, 'legalOverdue' | 'running' | 'legalDeadline'>,
  now: Instant,
): boolean {
  return step.legalOverdue || (step.running && past(step.legalDeadline, now));
}

/** A case past its own limit, or its issuance's: the kernel said so, or its headline clock runs past it at `now`. */
export function isCaseLate(supervised: SupervisedCase, now: Instant): boolean {
  return supervised.caseOverdue || (supervised.deadlineRunning && past(supervised.deadline, now));
}

export function isCaseLegallyLate(supervised: SupervisedCase, now: Instant): boolean {
  return supervised.caseLegalOverdue || (supervised.deadlineRunning && past(supervised.legalDeadline, now));
}
