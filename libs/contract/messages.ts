import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CaseCommand, CaseCommandType, Rejection, RejectionMap } from '../domain';
import {
  ACCEPTANCE_DECISIONS,
  HANDLINGS,
  OPINION_KINDS,
  SUSPENSION_REASONS,
  VERIFICATION_RESULTS,
} from '../domain/vocabulary';
import { actor, code, commandId, document, instant, text } from './schemas';

/** Who may send a message (admin may send every one); which step or department it concerns, the decider judges. */
export type Sender = 'window' | 'department' | 'integrator' | 'supervisor';

const WINDOW: Sender[] = ['window', 'integrator'];
/** Messages on a department's step: only that department's keys pass the decider (rules 2). */
const DEPARTMENT: Sender[] = ['department', 'integrator', 'window'];

const envelope = { commandId, actor };

/**
 * The commands an integrator may send to a case, as a signal (202 once the case has accepted it) or as an update
 * (answered with the decision). Wire names are kebab-case and never renamed; each maps to one decider command, has
 * one strict schema (unknown fields are refused, every rule names its field) and says who may send it.
 */
export const MESSAGES = {
  'acceptance-decided': {
    command: 'DecideAcceptance',
    senders: WINDOW,
    schema: z.strictObject({
      ...envelope,
      decision: z.enum(ACCEPTANCE_DECISIONS),
      missing: z
        .array(
          z.strictObject({
            materialCode: code,
            stepId: code.optional(),
            form: text(200).optional(),
            note: text().optional(),
          }),
        )
        .max(200)
        .optional(),
      supplementWithinWorkingDays: z.number().int().min(1).max(365).optional(),
      commitmentLetter: z.boolean().optional(),
      commitments: z
        .array(z.strictObject({ materialCode: code, text: text() }))
        .max(200)
        .optional(),
      reason: text().optional(),
      legalBasis: text().optional(),
      handling: z.enum(HANDLINGS).optional(),
    }),
  },
  'documents-supplemented': {
    command: 'SupplementDocuments',
    senders: [...WINDOW, 'department'],
    schema: z.strictObject({ ...envelope, documents: z.array(document).min(1).max(500) }),
  },
  'department-opinion': {
    command: 'RecordOpinion',
    senders: DEPARTMENT,
    schema: z.strictObject({
      ...envelope,
      stepId: code,
      opinion: z.enum(OPINION_KINDS),
      reasons: text().optional(),
      corrections: z.array(code).max(200).optional(),
      higherOrgan: z.boolean().optional(),
    }),
  },
  'clock-suspended': {
    command: 'SuspendClock',
    senders: DEPARTMENT,
    schema: z.strictObject({
      ...envelope,
      stepId: code.optional(),
      reason: z.enum(SUSPENSION_REASONS),
      note: text(),
      expectedWorkingDays: z.number().int().min(1).max(365),
    }),
  },
  'clock-resumed': {
    command: 'ResumeClock',
    senders: DEPARTMENT,
    schema: z.strictObject({ ...envelope, stepId: code.optional() }),
  },
  'extension-granted': {
    command: 'GrantExtension',
    senders: [...DEPARTMENT, 'supervisor'],
    schema: z.strictObject({ ...envelope, stepId: code.optional(), reason: text(), approvedBy: text(200) }),
  },
  'land-contract-signed': {
    command: 'SignLandContract',
    senders: WINDOW,
    schema: z.strictObject({ ...envelope, contractNumber: text(200) }),
  },
  'commitment-verified': {
    command: 'VerifyCommitment',
    senders: [...WINDOW, 'department'],
    schema: z.strictObject({ ...envelope, materialCode: code, result: z.enum(VERIFICATION_RESULTS), note: text() }),
  },
  withdrawn: {
    command: 'Withdraw',
    senders: WINDOW,
    schema: z.strictObject({ ...envelope, reason: text() }),
  },
  'joint-review-held': {
    command: 'HoldJointReview',
    senders: DEPARTMENT,
    schema: z.strictObject({ ...envelope, present: z.array(code).max(100), note: text().optional() }),
  },
  'step-urged': {
    command: 'UrgeStep',
    senders: ['supervisor'],
    schema: z.strictObject({ ...envelope, stepId: code, note: text() }),
  },
  'hearing-notified': {
    command: 'NotifyHearingRight',
    senders: DEPARTMENT,
    schema: z.strictObject({ ...envelope, stepId: code, note: text().optional() }),
  },
  'hearing-requested': {
    command: 'RequestHearing',
    senders: WINDOW,
    schema: z.strictObject({ ...envelope, stepId: code, requestedBy: text(200) }),
  },
  'hearing-scheduled': {
    command: 'ScheduleHearing',
    senders: DEPARTMENT,
    schema: z.strictObject({ ...envelope, stepId: code, scheduledFor: instant, place: text(200) }),
  },
  'hearing-held': {
    command: 'HoldHearing',
    senders: DEPARTMENT,
    schema: z.strictObject({ ...envelope, stepId: code, record: text() }),
  },
  'calendar-updated': {
    command: 'RecomputeDeadlines',
    senders: [],
    schema: z.strictObject({ ...envelope }),
  },
  'licence-issued': {
    command: 'IssueLicence',
    senders: [...WINDOW, 'department'],
    schema: z.strictObject({
      ...envelope,
      licences: z
        .array(z.strictObject({ stepId: code, number: text(100) }))
        .max(100)
        .optional(),
    }),
  },
} as const satisfies Record<string, { command: CaseCommandType; senders: readonly Sender[]; schema: z.ZodType }>;

export type MessageName = keyof typeof MESSAGES;
export const MESSAGE_NAMES = Object.keys(MESSAGES) as MessageName[];

export function isMessageName(name: string): name is MessageName {
  return Object.prototype.hasOwnProperty.call(MESSAGES, name);
}

type CommandOf<N extends MessageName> = Extract<CaseCommand, { type: (typeof MESSAGES)[N]['command'] }>;

/** What travels for message N: the command without `type` and `at` (the workflow stamps its own clock). */
export type MessagePayload<N extends MessageName> = Omit<CommandOf<N>, 'type' | 'at'>;

// Compile-time proofs: every schema produces exactly what its command needs, and every command a caller can send
// (all but the submission, which is the start, and the clock check, which is a timer) has a message.
type SchemaMatches<N extends MessageName> =
  z.infer<(typeof MESSAGES)[N]['schema']> extends MessagePayload<N> ? true : false;
const schemasMatchCommands: { [N in MessageName]: SchemaMatches<N> } = Object.fromEntries(
  MESSAGE_NAMES.map((name) => [name, true]),
) as { [N in MessageName]: true };
type Unsendable = Exclude<CaseCommandType, 'SubmitCase' | 'CheckClocks' | (typeof MESSAGES)[MessageName]['command']>;
const everyCommandHasAMessage: [Unsendable] extends [never] ? true : Unsendable = true;
void schemasMatchCommands;
void everyCommandHasAMessage;

export interface PayloadProblem {
  field: string;
  rule: string;
  message: string;
}

export type ParsedMessage<N extends MessageName> =
  { ok: true; value: MessagePayload<N> } | { ok: false; problems: PayloadProblem[] };

/** Zod issues as the API reports them: the field, the rule (a refinement's own name when it has one), the message. */
export function payloadProblems(error: z.ZodError): PayloadProblem[] {
  return error.issues.map((issue) => ({
    field:
      issue.code === 'unrecognized_keys'
        ? [...issue.path, ...issue.keys].map(String).join('.')
        : issue.path.map(String).join('.') || '(body)',
    rule: issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code,
    message: issue.message,
  }));
}

/** Validates a message payload against its schema (in the API before sending, and again in the workflow). */
export function parseMessagePayload<N extends MessageName>(name: N, payload: unknown): ParsedMessage<N> {
  const result = MESSAGES[name].schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data as MessagePayload<N> };
  return { ok: false, problems: payloadProblems(result.error) };
}

/** The decider command for a validated message, stamped with the workflow's time. */
export function toCommand<N extends MessageName>(name: N, payload: MessagePayload<N>, at: string): CaseCommand {
  return { ...payload, type: MESSAGES[name].command, at } as unknown as CaseCommand;
}

/**
 * Refusals of the workflow itself, before the decider sees a command (its update validators and its hand-over to a
 * new run); with their HTTP class, as the decider's rejections have theirs.
 */
export const WORKFLOW_REFUSALS = {
  'invalid-payload': 'unprocessable',
  'case-starting': 'conflict',
  'case-continuing': 'conflict',
} as const satisfies RejectionMap;

export type WorkflowRefusalCode = keyof typeof WORKFLOW_REFUSALS;

export interface Refusal extends Omit<Rejection, 'code'> {
  code: Rejection['code'] | WorkflowRefusalCode;
}

/** The answer of an update: what the decider did with the command. */
export type CommandOutcome =
  | { ok: true; commandId: string; duplicate: boolean; events: string[]; lastSequence: number }
  | { ok: false; commandId: string; rejection: Refusal };

export const messageSignals = Object.fromEntries(
  MESSAGE_NAMES.map((name) => [name, defineSignal<[unknown]>(name)]),
) as { [N in MessageName]: ReturnType<typeof defineSignal<[unknown]>> };

export const messageUpdates = Object.fromEntries(
  MESSAGE_NAMES.map((name) => [name, defineUpdate<CommandOutcome, [unknown]>(name)]),
) as { [N in MessageName]: ReturnType<typeof defineUpdate<CommandOutcome, [unknown]>> };
