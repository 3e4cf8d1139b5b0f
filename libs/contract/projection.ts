/** What the workflow hands to the projection activity after each batch of new events. */

export interface RecordedEvent {
  /** 1-based position in the case's log. */
  sequence: number;
  type: string;
  at: string;
  actor: { id: string; role: string; department?: string };
  commandId?: string;
  /** The whole event, as emitted by the decider. */
  event: Record<string, unknown>;
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

export interface ProjectionBatch {
  caseId: string;
  events: RecordedEvent[];
  /** The case as it stands after the last event of the batch. */
  snapshot: CaseProjection;
}
