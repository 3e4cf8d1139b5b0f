import type { Instant } from '@onewindow/calendar';
import { assessDocuments } from '@onewindow/catalog';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import { newClock } from '../clocks';
import type { Applicant, CommandBase, Project, SubmittedDocument } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import type { RulesVersion, StepState } from '../state';
import { reject, type Handlers } from './batch';

/** 收件: the window receives an application (the workflow's start). */
export interface SubmitCase extends CommandBase {
  type: 'SubmitCase';
  caseId: string;
  templateId: string;
  applicant: Applicant;
  project: Project;
  documents: SubmittedDocument[];
  /** When the window received the materials (Art. 32 counts from here). */
  receivedAt: Instant;
  landContractSigned?: boolean;
  /** The rules the case is decided by (see `RulesVersion`); cases submitted before 2026-12 had none: 1. */
  rulesVersion?: RulesVersion;
}

export type SubmissionCommand = SubmitCase;

export type SubmissionEvent = {
  type: 'CaseSubmitted';
  caseId: string;
  templateId: string;
  catalogVersion: string;
  applicant: Applicant;
  project: Project;
  documents: SubmittedDocument[];
  receivedAt: Instant;
  landContractSigned: boolean;
  rulesVersion?: RulesVersion;
  steps: Array<Pick<StepState, 'stepId' | 'matterCode' | 'department' | 'phase' | 'required'>>;
  clocks: ClockPatch;
};

/** How far a receipt time may lie ahead of the case's clock: the window's and the server's clocks differ a little. */
export const RECEIPT_CLOCK_SKEW_MS = 60_000;

export const submissionRejections = {
  'case-exists': 'conflict',
  'unknown-template': 'unprocessable',
  'unknown-material': 'unprocessable',
  'received-in-future': 'unprocessable',
} as const satisfies RejectionMap;

export const submissionHandlers: Handlers<SubmissionCommand> = {
  SubmitCase(b, command) {
    if (b.state.status !== 'draft') reject('case-exists', `case ${b.state.caseId} was already submitted`);
    if (command.templateId !== b.ctx.template.id) {
      reject('unknown-template', `template ${command.templateId} is not ${b.ctx.template.id}`, 'templateId');
    }
    if (Date.parse(command.receivedAt) > Date.parse(command.at) + RECEIPT_CLOCK_SKEW_MS) {
      reject('received-in-future', 'receivedAt lies in the future', 'receivedAt');
    }
    const assessment = assessDocuments(b.ctx.template, b.ctx.matters, command.documents);
    if (assessment.unknownMaterials.length > 0 || assessment.unknownSteps.length > 0) {
      reject(
        'unknown-material',
        `documents name materials or steps that template ${b.ctx.template.id} does not use: ${[...assessment.unknownMaterials, ...assessment.unknownSteps].join(', ')}`,
        'documents',
        { unknownMaterials: assessment.unknownMaterials, unknownSteps: assessment.unknownSteps },
      );
    }
    b.emit({
      type: 'CaseSubmitted',
      caseId: command.caseId,
      templateId: command.templateId,
      catalogVersion: b.ctx.catalogVersion,
      applicant: command.applicant,
      project: command.project,
      documents: command.documents,
      receivedAt: command.receivedAt,
      landContractSigned: command.landContractSigned === true,
      ...(command.rulesVersion && command.rulesVersion > 1 ? { rulesVersion: command.rulesVersion } : {}),
      steps: b.ctx.template.steps.map((step) => ({
        stepId: step.id,
        matterCode: step.matterCode,
        department: b.ctx.matters[step.matterCode]?.department ?? 'unknown',
        phase: step.phase,
        required: step.required,
      })),
      // Art. 32: the one-time notice is due within 5 working days of receipt.
      clocks: {
        notice: newClock('notice', command.receivedAt, DEFAULT_LIMITS.oneTimeNotice, b.ctx.calendar, b.settings),
      },
    });
  },
};
