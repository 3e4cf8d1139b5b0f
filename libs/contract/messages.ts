import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CaseCommand, CaseView, Rejection } from '../domain';
import type { RecordedEvent } from './projection';

/**
 * The commands an integrator may send to a case, as a signal (fire and forget, 202) or as an update (answered with
 * the decision). Wire names are kebab-case and never renamed; each maps to one decider command.
 */
export const COMMAND_TYPE_BY_MESSAGE = {
  'acceptance-decided': 'DecideAcceptance',
  'documents-supplemented': 'SupplementDocuments',
  'department-opinion': 'RecordOpinion',
  'clock-suspended': 'SuspendClock',
  'clock-resumed': 'ResumeClock',
  'extension-granted': 'GrantExtension',
  'land-contract-signed': 'SignLandContract',
  'commitment-verified': 'VerifyCommitment',
  withdrawn: 'Withdraw',
  'calendar-updated': 'RecomputeDeadlines',
  'licence-issued': 'IssueLicence',
} as const satisfies Record<string, CaseCommand['type']>;

export type MessageName = keyof typeof COMMAND_TYPE_BY_MESSAGE;
export const MESSAGE_NAMES = Object.keys(COMMAND_TYPE_BY_MESSAGE) as MessageName[];

export function isMessageName(name: string): name is MessageName {
  return Object.prototype.hasOwnProperty.call(COMMAND_TYPE_BY_MESSAGE, name);
}

type CommandOf<N extends MessageName> = Extract<CaseCommand, { type: (typeof COMMAND_TYPE_BY_MESSAGE)[N] }>;

/** What travels for message N: the command without `type` and `at` (the workflow stamps its own clock). */
export type MessagePayload<N extends MessageName> = Omit<CommandOf<N>, 'type' | 'at'>;

const text = (max = 2000) => z.string().trim().min(1).max(max);
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');
const document = z.strictObject({ materialCode: code, stepId: code.optional() });

const envelope = {
  commandId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, '1-128 letters, digits, dot, colon, dash or underscore'),
  actor: z.strictObject({ id: text(200), role: text(100), department: code.optional() }),
};

/** One strict schema per message: unknown fields are refused, every rule names its field. */
export const messageSchemas = {
  'acceptance-decided': z.strictObject({
    ...envelope,
    decision: z.enum(['accept', 'accept-with-tolerance', 'accept-with-commitment', 'notify-missing', 'reject']),
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
    handling: z.enum(['normal', 'immediate', 'special']).optional(),
  }),
  'documents-supplemented': z.strictObject({ ...envelope, documents: z.array(document).min(1).max(500) }),
  'department-opinion': z.strictObject({
    ...envelope,
    stepId: code,
    opinion: z.enum(['agree', 'disagree', 'agree-refer-upward', 'request-correction', 'absent']),
    reasons: text().optional(),
    corrections: z.array(code).max(200).optional(),
    higherOrgan: z.boolean().optional(),
  }),
  'clock-suspended': z.strictObject({
    ...envelope,
    stepId: code.optional(),
    reason: z.enum([
      'hearing',
      'tendering',
      'auction',
      'inspection',
      'testing',
      'quarantine',
      'appraisal',
      'expert-review',
    ]),
    note: text(),
    expectedWorkingDays: z.number().int().min(1).max(365),
  }),
  'clock-resumed': z.strictObject({ ...envelope, stepId: code.optional() }),
  'extension-granted': z.strictObject({ ...envelope, stepId: code.optional(), reason: text(), approvedBy: text(200) }),
  'land-contract-signed': z.strictObject({ ...envelope, contractNumber: text(200) }),
  'commitment-verified': z.strictObject({
    ...envelope,
    materialCode: code,
    result: z.enum(['true', 'false']),
    note: text(),
  }),
  withdrawn: z.strictObject({ ...envelope, reason: text() }),
  'calendar-updated': z.strictObject({ ...envelope }),
  'licence-issued': z.strictObject({
    ...envelope,
    licences: z
      .array(z.strictObject({ stepId: code, number: text(100) }))
      .max(100)
      .optional(),
  }),
} satisfies Record<MessageName, z.ZodType>;

// Compile-time proof that every schema produces exactly what its command needs.
type SchemaMatches<N extends MessageName> =
  z.infer<(typeof messageSchemas)[N]> extends MessagePayload<N> ? true : false;
const schemasMatchCommands: { [N in MessageName]: SchemaMatches<N> } = {
  'acceptance-decided': true,
  'documents-supplemented': true,
  'department-opinion': true,
  'clock-suspended': true,
  'clock-resumed': true,
  'extension-granted': true,
  'land-contract-signed': true,
  'commitment-verified': true,
  withdrawn: true,
  'calendar-updated': true,
  'licence-issued': true,
};
void schemasMatchCommands;

export interface PayloadProblem {
  field: string;
  rule: string;
  message: string;
}

export type ParsedMessage<N extends MessageName> =
  { ok: true; value: MessagePayload<N> } | { ok: false; problems: PayloadProblem[] };

/** Validates a message payload against its schema (in the API before sending, and again in the workflow). */
export function parseMessagePayload<N extends MessageName>(name: N, payload: unknown): ParsedMessage<N> {
  const result = messageSchemas[name].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as MessagePayload<N> };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      field:
        issue.code === 'unrecognized_keys'
          ? [...issue.path, ...issue.keys].map(String).join('.')
          : issue.path.map(String).join('.') || '(body)',
      rule: issue.code,
      message: issue.message,
    })),
  };
}

/** The decider command for a validated message, stamped with the workflow's time. */
export function toCommand<N extends MessageName>(name: N, payload: MessagePayload<N>, at: string): CaseCommand {
  return { ...payload, type: COMMAND_TYPE_BY_MESSAGE[name], at } as unknown as CaseCommand;
}

/** The answer of an update: what the decider did with the command. */
export type CommandOutcome =
  | { ok: true; commandId: string; duplicate: boolean; events: string[]; lastSequence: number }
  | { ok: false; commandId: string; rejection: Rejection };

export const messageSignals = Object.fromEntries(
  MESSAGE_NAMES.map((name) => [name, defineSignal<[unknown]>(name)]),
) as {
  [N in MessageName]: ReturnType<typeof defineSignal<[unknown]>>;
};

export const messageUpdates = Object.fromEntries(
  MESSAGE_NAMES.map((name) => [name, defineUpdate<CommandOutcome, [unknown]>(name)]),
) as { [N in MessageName]: ReturnType<typeof defineUpdate<CommandOutcome, [unknown]>> };

/** Input of the case workflow: a validated start request. */
export interface CaseStartInput {
  caseId: string;
  templateId: string;
  applicant: { name: string; creditCode: string; creditRecord?: 'good' | 'bad'; contact?: string };
  project: { name: string; code?: string; landParcel?: string };
  documents: Array<{ materialCode: string; stepId?: string }>;
  receivedAt: string;
  landContractSigned?: boolean;
  /** Catalogue version to use; the active one when absent. */
  catalogVersion?: string;
  actor: { id: string; role: string; department?: string };
  commandId: string;
}

export const caseStateQuery = defineQuery<CaseView, [{ asOf?: string }?]>('case-state');
export const caseEventsQuery = defineQuery<RecordedEvent[]>('case-events');
export const caseDeadlinesQuery =
  defineQuery<Array<{ key: string; deadline: string; provisional: boolean; stoppedAt?: string; suspended: boolean }>>(
    'case-deadlines',
  );
export const missingDocumentsQuery = defineQuery<CaseView['missingDocuments']>('missing-documents');

export const QUERY_NAMES = ['case-state', 'case-events', 'case-deadlines', 'missing-documents'] as const;
