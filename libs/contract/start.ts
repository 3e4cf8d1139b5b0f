import { z } from 'zod';
import { CURRENT_RULES, type SubmitCase } from '@onewindow/domain';
import { applicant, code, document, instant, project } from './schemas';
import { CASE_ID_PATTERN } from './workflow';

/** `POST /v1/cases`: the start request as integrators send it (the actor comes from the API key). */
export const startCaseSchema = z.strictObject({
  caseId: z
    .string()
    .regex(CASE_ID_PATTERN, '1-64 letters, digits, dot, dash or underscore, starting with a letter or digit')
    .optional()
    .describe('办件编号; assigned when absent'),
  templateId: code.describe('a template of the active catalogue, e.g. land-and-start'),
  applicant,
  project,
  documents: z.array(document).max(500).describe('the materials received, by catalogue material code'),
  landContractSigned: z.boolean().optional().describe('the land contract is already signed (no pre-review phase)'),
  receivedAt: instant.optional().describe('when the materials were received; defaults to now'),
});

export type StartCaseRequest = z.infer<typeof startCaseSchema>;

/** Input of the case workflow: a validated start request. */
export interface CaseStartInput {
  caseId: string;
  templateId: string;
  applicant: StartCaseRequest['applicant'];
  project: StartCaseRequest['project'];
  documents: Array<{ materialCode: string; stepId?: string }>;
  receivedAt: string;
  landContractSigned?: boolean;
  /** Catalogue version to use; the active one when absent. */
  catalogVersion?: string;
  actor: { id: string; role: string; department?: string };
  commandId: string;
  /** Continue as new after this many inputs (tests force it; the workflow has its own default). */
  continueAsNewAfterInputs?: number;
}

/** 收件: the start request as the case's first command, at `at` (the workflow's start; the API's dry run: now). */
export function submissionCommand(input: CaseStartInput, at: string): SubmitCase {
  return {
    type: 'SubmitCase',
    commandId: input.commandId,
    at,
    actor: input.actor,
    caseId: input.caseId,
    templateId: input.templateId,
    applicant: input.applicant,
    project: input.project,
    documents: input.documents,
    receivedAt: input.receivedAt,
    ...(input.landContractSigned ? { landContractSigned: true } : {}),
    rulesVersion: CURRENT_RULES,
  };
}
