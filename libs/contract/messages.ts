import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CaseCommand, CaseCommandType, Rejection, RejectionMap } from '@onewindow/domain';
import {
  ACCEPTANCE_DECISIONS,
  HANDLINGS,
  OPINION_KINDS,
  SUSPENSION_REASONS,
  VERIFICATION_RESULTS,
} from '@onewindow/domain';
import { messageBlocks, type MessageBlocks } from './schemas';

/** Who may send a message (admin may send every one); which step or department it concerns, the decider judges. */
export type Sender = 'window' | 'department' | 'integrator' | 'supervisor';

const WINDOW: Sender[] = ['window', 'integrator'];
/** Messages on a department's step: only that department's keys pass the decider (rules 2). */
const DEPARTMENT: Sender[] = ['department', 'integrator', 'window'];

const envelope = (b: MessageBlocks) => ({ commandId: b.commandId, actor: b.actor });

/**
 * One entry per message: its decider command, who may send it, and how its schema is built from the blocks (a
 * function, so that fresh schemas can be built after a workflow sandbox has frozen this module; see MESSAGES and
 * parseMessagePayload).
 */
const MESSAGE_TABLE = {
  'acceptance-decided': {
    command: 'DecideAcceptance',
    senders: WINDOW,
    build: (b: MessageBlocks) =>
      z.strictObject({
        ...envelope(b),
        decision: z.enum(ACCEPTANCE_DECISIONS),
        missing: z
          .array(
            z.strictObject({
              materialCode: b.code,
              stepId: b.code.optional(),
              form: b.text(200).optional(),
              note: b.text().optional(),
            }),
          )
          .max(200)
          .optional(),
        supplementWithinWorkingDays: z.number().int().min(1).max(365).optional(),
        commitmentLetter: z.boolean().optional(),
        commitments: z
          .array(z.strictObject({ materialCode: b.code, text: b.text() }))
          .max(200)
          .optional(),
        reason: b.text().optional(),
        legalBasis: b.text().optional(),
        handling: z.enum(HANDLINGS).optional(),
      }),
  },
  'documents-supplemented': {
    command: 'SupplementDocuments',
    senders: [...WINDOW, 'department'],
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), documents: z.array(b.document).min(1).max(500) }),
  },
  'department-opinion': {
    command: 'RecordOpinion',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) =>
      z.strictObject({
        ...envelope(b),
        stepId: b.code,
        opinion: z.enum(OPINION_KINDS),
        reasons: b.text().optional(),
        corrections: z.array(b.code).max(200).optional(),
        higherOrgan: z.boolean().optional(),
      }),
  },
  'clock-suspended': {
    command: 'SuspendClock',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) =>
      z.strictObject({
        ...envelope(b),
        stepId: b.code.optional(),
        reason: z.enum(SUSPENSION_REASONS),
        note: b.text(),
        expectedWorkingDays: z.number().int().min(1).max(365),
      }),
  },
  'clock-resumed': {
    command: 'ResumeClock',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), stepId: b.code.optional() }),
  },
  'extension-granted': {
    command: 'GrantExtension',
    senders: [...DEPARTMENT, 'supervisor'],
    build: (b: MessageBlocks) =>
      z.strictObject({ ...envelope(b), stepId: b.code.optional(), reason: b.text(), approvedBy: b.text(200) }),
  },
  'land-contract-signed': {
    command: 'SignLandContract',
    senders: WINDOW,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), contractNumber: b.text(200) }),
  },
  'commitment-verified': {
    command: 'VerifyCommitment',
    senders: [...WINDOW, 'department'],
    build: (b: MessageBlocks) =>
      z.strictObject({ ...envelope(b), materialCode: b.code, result: z.enum(VERIFICATION_RESULTS), note: b.text() }),
  },
  withdrawn: {
    command: 'Withdraw',
    senders: WINDOW,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), reason: b.text() }),
  },
  'joint-review-held': {
    command: 'HoldJointReview',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) =>
      z.strictObject({ ...envelope(b), present: z.array(b.code).max(100), note: b.text().optional() }),
  },
  'step-urged': {
    command: 'UrgeStep',
    senders: ['supervisor'],
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), stepId: b.code, note: b.text() }),
  },
  'hearing-notified': {
    command: 'NotifyHearingRight',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), stepId: b.code, note: b.text().optional() }),
  },
  'hearing-requested': {
    command: 'RequestHearing',
    senders: WINDOW,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), stepId: b.code, requestedBy: b.text(200) }),
  },
  'hearing-scheduled': {
    command: 'ScheduleHearing',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) =>
      z.strictObject({ ...envelope(b), stepId: b.code, scheduledFor: b.instant, place: b.text(200) }),
  },
  'hearing-held': {
    command: 'HoldHearing',
    senders: DEPARTMENT,
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b), stepId: b.code, record: b.text() }),
  },
  'calendar-updated': {
    command: 'RecomputeDeadlines',
    senders: [],
    build: (b: MessageBlocks) => z.strictObject({ ...envelope(b) }),
  },
  'licence-issued': {
    command: 'IssueLicence',
    senders: [...WINDOW, 'department'],
    build: (b: MessageBlocks) =>
      z.strictObject({
        ...envelope(b),
        licences: z
          .array(z.strictObject({ stepId: b.code, number: b.text(100) }))
          .max(100)
          .optional(),
      }),
  },
} as const satisfies Record<
  string,
  { command: CaseCommandType; senders: readonly Sender[]; build: (blocks: MessageBlocks) => z.ZodType }
>;

type MessageTable = typeof MESSAGE_TABLE;
type MessageSchemas = { [N in keyof MessageTable]: ReturnType<MessageTable[N]['build']> };

function buildMessageSchemas(blocks: MessageBlocks): MessageSchemas {
  return Object.fromEntries(
    Object.entries(MESSAGE_TABLE).map(([name, entry]) => [name, entry.build(blocks)]),
  ) as MessageSchemas;
}

/**
 * The commands an integrator may send to a case, as a signal (202 once the case has accepted it) or as an update
 * (answered with the decision). Wire names are kebab-case and never renamed; each maps to one decider command, has
 * one strict schema (unknown fields are refused, every rule names its field) and says who may send it.
 */
export const MESSAGES = (() => {
  const schemas = buildMessageSchemas(messageBlocks());
  return Object.fromEntries(
    Object.entries(MESSAGE_TABLE).map(([name, { command, senders }]) => [
      name,
      { command, senders, schema: schemas[name as keyof MessageTable] },
    ]),
  ) as {
    [N in keyof MessageTable]: {
      command: MessageTable[N]['command'];
      senders: MessageTable[N]['senders'];
      schema: MessageSchemas[N];
    };
  };
})();

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

/**
 * What parseMessagePayload parses with: the same schemas as MESSAGES, built on the first parse. In a workflow thread
 * this module is shared by every cached workflow and frozen before any of them runs (`sharedWorkflowModules`), so
 * the schemas built at load (MESSAGES) cannot parse there, and schemas built per workflow cost each cached case
 * about 1.3 MiB. Built on first use, one set serves every workflow of the thread: a memo of pure values, which
 * changes no workflow command.
 */
let parsers: MessageSchemas | undefined;

/** Validates a message payload against its schema (in the API before sending, and again in the workflow). */
export function parseMessagePayload<N extends MessageName>(name: N, payload: unknown): ParsedMessage<N> {
  parsers ??= buildMessageSchemas(messageBlocks());
  const result = (parsers[name] as z.ZodType).safeParse(payload);
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
