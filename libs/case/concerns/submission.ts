import { z } from 'zod';
import { assessDocuments, DEFAULT_LIMITS } from '@onewindow/catalog';
import type { RejectionMap } from '../base';
import { newClock } from '../clocks';
import {
  drafts,
  refuse,
  settingsOf,
  type BodiesOf,
  type Evolvers,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { RULES_VERSIONS } from '../rules';
import { withClocks, type StepState } from '../state';

/** 收件: the window receives an application (the workflow's start). */
export const submissionCommands = {
  SubmitCase: {
    description: '收件: the window receives an application',
    payload: (f: CaseFields) => ({
      caseId: z.string(),
      templateId: f.code,
      applicant: f.applicant,
      project: f.project,
      documents: z.array(f.document),
      /** When the window received the materials (Art. 32 counts from here). */
      receivedAt: f.instant,
      landContractSigned: z.boolean().optional(),
      /** The rules the case is decided by; cases submitted before 2026-12 had none: 1. */
      rulesVersion: z.union(RULES_VERSIONS.map((version) => z.literal(version))).optional(),
    }),
  },
  HandOverCase: {
    message: 'case-handed-over',
    senders: ['window', 'supervisor'],
    description:
      '首问负责制: the staff member answering for the case hands it to a colleague, with the reason (a supervisor may too)',
    payload: (f: CaseFields) => ({
      to: z.strictObject({ id: f.text(100), name: f.text(100) }).describe('the colleague: staff id (工号) and name'),
      reason: f.text(),
    }),
  },
} as const;

export const submissionEvents = (f: EventKit) => {
  const stepOfCase = z.strictObject({
    stepId: z.string(),
    matterCode: z.string(),
    department: z.string(),
    phase: z.enum(['pre-review', 'formal']),
    required: z.boolean(),
  });
  return {
    CaseSubmitted: z.strictObject({
      caseId: z.string(),
      templateId: z.string(),
      catalogVersion: z.string(),
      applicant: f.applicant,
      project: f.project,
      documents: z.array(f.document),
      receivedAt: f.instant,
      landContractSigned: z.boolean(),
      rulesVersion: z.union(RULES_VERSIONS.map((version) => z.literal(version))).optional(),
      steps: z.array(stepOfCase),
      clocks: f.clockPatch,
    }),
    CaseHandedOver: z.strictObject({
      from: z.strictObject({ id: z.string(), name: z.string().optional() }),
      to: z.strictObject({ id: z.string(), name: z.string() }),
      reason: z.string(),
    }),
  } as const;
};

export const submissionRejections = {
  'case-exists': 'conflict',
  'unknown-template': 'unprocessable',
  'unknown-material': 'unprocessable',
  'received-in-future': 'unprocessable',
  'not-responsible': 'forbidden',
  'hand-over-to-self': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof submissionCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof submissionEvents>> {}
  interface CaseRejectionMap extends Writable<typeof submissionRejections> {}
}

/** How far a receipt time may lie ahead of the case's clock: the window's and the server's clocks differ a little. */
export const RECEIPT_CLOCK_SKEW_MS = 60_000;

export const submissionHandlers: Handlers<'SubmitCase' | 'HandOverCase'> = {
  SubmitCase(state, command, ctx) {
    if (state.status !== 'draft') return refuse('case-exists', `case ${state.caseId} was already submitted`);
    if (command.templateId !== ctx.template.id) {
      return refuse('unknown-template', `template ${command.templateId} is not ${ctx.template.id}`, 'templateId');
    }
    if (Date.parse(command.receivedAt) > Date.parse(command.at) + RECEIPT_CLOCK_SKEW_MS) {
      return refuse('received-in-future', 'receivedAt lies in the future', 'receivedAt');
    }
    const assessment = assessDocuments(ctx.template, ctx.matters, command.documents);
    if (assessment.unknownMaterials.length > 0 || assessment.unknownSteps.length > 0) {
      return refuse(
        'unknown-material',
        `documents name materials or steps that template ${ctx.template.id} does not use: ${[...assessment.unknownMaterials, ...assessment.unknownSteps].join(', ')}`,
        'documents',
        { unknownMaterials: assessment.unknownMaterials, unknownSteps: assessment.unknownSteps },
      );
    }
    return drafts({
      type: 'CaseSubmitted',
      caseId: command.caseId,
      templateId: command.templateId,
      catalogVersion: ctx.catalogVersion,
      applicant: command.applicant,
      project: command.project,
      documents: command.documents,
      receivedAt: command.receivedAt,
      landContractSigned: command.landContractSigned === true,
      ...(command.rulesVersion && command.rulesVersion > 1 ? { rulesVersion: command.rulesVersion } : {}),
      steps: ctx.template.steps.map((step) => ({
        stepId: step.id,
        matterCode: step.matterCode,
        department: ctx.matters[step.matterCode]?.department ?? 'unknown',
        phase: step.phase,
        required: step.required,
      })),
      // Art. 32: the one-time notice is due within 5 working days of receipt.
      clocks: {
        notice: newClock('notice', command.receivedAt, DEFAULT_LIMITS.oneTimeNotice, ctx.calendar, settingsOf(ctx)),
      },
    });
  },

  HandOverCase(state, command) {
    const current = state.responsibility?.current;
    if (!current) return refuse('not-responsible', 'the case records no first responder to hand it over from');
    if (command.actor.role !== 'supervisor' && command.actor.id !== current.id) {
      return refuse(
        'not-responsible',
        `首问负责制: ${current.name ?? current.id} answers for the case; only they or a supervisor hand it over`,
      );
    }
    const to = { id: command.to.id.trim(), name: command.to.name.trim() };
    if (to.id === current.id) return refuse('hand-over-to-self', `${to.id} already answers for the case`, 'to.id');
    return drafts({
      type: 'CaseHandedOver',
      from: { id: current.id, ...(current.name ? { name: current.name } : {}) },
      to,
      reason: command.reason.trim(),
    });
  },
};

export const submissionEvolvers: Evolvers<'CaseSubmitted' | 'CaseHandedOver'> = {
  CaseSubmitted: (state, event) =>
    withClocks(
      {
        ...state,
        status: 'received',
        rulesVersion: event.rulesVersion ?? 1,
        caseId: event.caseId,
        templateId: event.templateId,
        catalogVersion: event.catalogVersion,
        applicant: event.applicant,
        project: event.project,
        receivedAt: event.receivedAt,
        documents: event.documents,
        ...(event.landContractSigned ? { landContract: { number: 'submitted', signedAt: event.receivedAt } } : {}),
        steps: Object.fromEntries(
          event.steps.map((step) => [
            step.stepId,
            { ...step, status: 'waiting', opinions: [], escalated: false, immediate: false } satisfies StepState,
          ]),
        ),
        stepOrder: event.steps.map((step) => step.stepId),
        responsibility: {
          firstResponder: { ...event.actor, at: event.at },
          current: { id: event.actor.id, since: event.at },
          handOvers: [],
        },
      },
      event.clocks,
    ),
  CaseHandedOver: (state, event) =>
    state.responsibility
      ? {
          ...state,
          responsibility: {
            ...state.responsibility,
            current: { ...event.to, since: event.at },
            handOvers: [
              ...state.responsibility.handOvers,
              { at: event.at, from: event.from, to: event.to, reason: event.reason, by: event.actor },
            ],
          },
        }
      : state,
};
