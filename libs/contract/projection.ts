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

/** One command's events, to append to the audit log; the projection folds them into the read model itself. */
export interface ProjectionBatch {
  caseId: string;
  events: RecordedEvent[];
  /** The template's handling kind (联办件, 承诺件 …), which the case view needs besides the state. */
  templateKind?: string;
}
