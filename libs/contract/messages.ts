import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import {
  caseFields,
  COMMAND_SPECS,
  type CaseCommand,
  type CaseCommandType,
  type CaseFields,
  type CommandOf,
  type Rejection,
  type RejectionMap,
  type Sender,
} from '@onewindow/case';

export type { Sender };

type Specs = typeof COMMAND_SPECS;
type MessageOfCommand<T extends CaseCommandType> = Specs[T] extends { message: infer M extends string } ? M : never;

/** The wire names of the messages integrators may send (kebab-case, never renamed): the kernel declares them. */
export type MessageName = { [T in CaseCommandType]: MessageOfCommand<T> }[CaseCommandType];

/** The kernel command a message stands for. */
export type CommandOfMessage<N extends MessageName> = {
  [T in CaseCommandType]: [MessageOfCommand<T>] extends [never] ? never : MessageOfCommand<T> extends N ? T : never;
}[CaseCommandType];

/** What travels for message N: the command without `type` and `at` (the workflow stamps its own clock). */
export type MessagePayload<N extends MessageName> = Omit<CommandOf<CommandOfMessage<N>>, 'type' | 'at'>;

interface MessageEntry {
  name: MessageName;
  command: CaseCommandType;
  senders: readonly Sender[];
  description: string;
  build: (fields: CaseFields) => z.ZodType;
}

/** Every command the kernel declares with a wire name, as a message: its envelope (commandId, actor) and payload. */
const MESSAGE_ENTRIES: MessageEntry[] = Object.entries(COMMAND_SPECS).flatMap(([command, spec]) =>
  'message' in spec
    ? [
        {
          name: spec.message,
          command: command as CaseCommandType,
          senders: spec.senders,
          description: spec.description,
          build: (f: CaseFields) => z.strictObject({ commandId: f.commandId, actor: f.actor, ...spec.payload(f) }),
        },
      ]
    : [],
);

type MessageSchemas = Record<MessageName, z.ZodType>;

function buildMessageSchemas(fields: CaseFields): MessageSchemas {
  return Object.fromEntries(MESSAGE_ENTRIES.map((entry) => [entry.name, entry.build(fields)])) as MessageSchemas;
}

/**
 * The commands an integrator may send to a case, as a signal (202 once the case has accepted it) or as an update
 * (answered with the decision). Each maps to one kernel command, has one strict schema (unknown fields are refused,
 * every rule names its field) and says who may send it: all from the kernel's declarations (`COMMAND_SPECS`).
 */
export const MESSAGES = (() => {
  const schemas = buildMessageSchemas(caseFields());
  return Object.fromEntries(
    MESSAGE_ENTRIES.map(({ name, command, senders, description }) => [
      name,
      { command, senders, description, schema: schemas[name] },
    ]),
  ) as {
    [N in MessageName]: {
      command: CommandOfMessage<N>;
      senders: readonly Sender[];
      description: string;
      schema: z.ZodType<MessagePayload<N>>;
    };
  };
})();

export const MESSAGE_NAMES = Object.keys(MESSAGES) as MessageName[];

export function isMessageName(name: string): name is MessageName {
  return Object.prototype.hasOwnProperty.call(MESSAGES, name);
}

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
  parsers ??= buildMessageSchemas(caseFields());
  const result = parsers[name].safeParse(payload);
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
