import type { CaseEvent } from '@onewindow/case';

/** What the workflow hands to the projection activity after each batch of new events. */

export interface RecordedEvent {
  /** 1-based position in the case's log. */
  sequence: number;
  type: string;
  at: string;
  actor: { id: string; role: string; department?: string };
  commandId?: string;
  /** The whole event, as the kernel decided it. */
  event: CaseEvent;
}

export interface StepProjection {
  stepId: string;
  matterCode: string;
  department: string;
  status: string;
  opinion?: string;
  deadline?: string;
  deadlineProvisional: boolean;
  warningLevel: string;
  startedAt?: string;
  finishedAt?: string;
  /** Rules 2: the legal limit beside the promised deadline, and whether it has passed. */
  legalDeadline?: string;
  legalOverdue?: boolean;
  /** The key (actor id) that recorded the step's last opinion: the reviewer handling it. */
  reviewer?: string;
  /** Working days from start to finish, with the calendar the projection had when the step finished. */
  workingDaysUsed?: number;
}

export interface CaseProjection {
  caseId: string;
  workflowId: string;
  templateId: string;
  catalogVersion: string;
  status: string;
  kind?: string;
  applicant: Record<string, unknown>;
  project: Record<string, unknown>;
  departments: string[];
  deadline?: string;
  overdue: boolean;
  warningLevel: string;
  /** 特办件. */
  priority?: boolean;
  legalOverdue?: boolean;
  receivedAt: string;
  closedAt?: string;
  steps: StepProjection[];
}

/** One command's events, to append to the audit log; the projection folds them into the read model itself. */
export interface ProjectionBatch {
  caseId: string;
  events: RecordedEvent[];
  /** The template's handling kind (联办件, 承诺件 …), which the case view needs besides the state. */
  templateKind?: string;
  /** Sent by the workflow design of 2026-11 (a view taken in the workflow); the projection no longer reads it. */
  snapshot?: CaseProjection;
}
