import type { Applicant, CommandOf, Project, RulesVersion } from '@onewindow/case';

/** Input of the case workflow: a validated start request. */
export interface CaseStartInput {
  caseId: string;
  templateId: string;
  applicant: Applicant;
  project: Project;
  /** The materials received; one given by an electronic licence (免提交) names its number. */
  documents: Array<{ materialCode: string; stepId?: string; licenceNumber?: string }>;
  receivedAt: string;
  landContractSigned?: boolean;
  /** Catalogue version to use; the active one when absent. */
  catalogVersion?: string;
  actor: { id: string; role: string; department?: string };
  commandId: string;
  /** Continue as new after this many inputs (tests force it; the workflow has its own default). */
  continueAsNewAfterInputs?: number;
}

/**
 * 收件: the start request as the case's first command, at `at` (the workflow's start; the API's dry run: now), under
 * the rules the case will be decided by (the workflow picks them, replay-safely).
 */
export function submissionCommand(
  input: CaseStartInput,
  at: string,
  rulesVersion: RulesVersion,
): CommandOf<'SubmitCase'> {
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
    rulesVersion,
  };
}
