import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Input of the case workflow: a validated start request. */
export interface CaseStartInput {
  caseId: string;
  templateId: string;
  applicant: Record<string, unknown>;
  project: Record<string, unknown>;
  documents: Array<{ materialCode: string; stepId?: string }>;
  receivedAt: string;
  actor: { id: string; role: string; department?: string };
}

export interface CaseSummary {
  caseId: string;
  templateId: string;
  status: string;
  receivedAt: string;
  eventCount: number;
}

export const caseSummaryQuery = defineQuery<CaseSummary>('case-summary');
export const withdrawnSignal = defineSignal<[{ commandId: string; reason: string }]>('withdrawn');
