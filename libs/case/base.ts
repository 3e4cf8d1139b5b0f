import type { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import type { ClockPatch } from './clocks';

/**
 * The open declarations of the case kernel. Each concern module (concerns/*.ts) declares its commands, events and
 * refusals in one place and adds them to these maps by declaration merging (`declare module '../base'`), so the
 * unions below grow with the modules while this file imports none of them: no cycle, and a new message touches only
 * its concern's file.
 */

/** Who did it: from the API key (or `system` for timers and rules that fire by themselves). */
export interface Actor {
  id: string;
  role: string;
  department?: string;
}

/** What every command carries besides its payload. */
export interface CommandBase {
  /** Idempotency key: a command with a handled id is not applied again. */
  commandId: string;
  /** When it happened (the workflow's clock). */
  at: Instant;
  actor: Actor;
}

/** What every event carries besides its body. */
export interface EventBase {
  at: Instant;
  actor: Actor;
  /** The command that produced it. */
  commandId: string;
  /**
   * Set on events of a timer (default acceptance, warnings, cards, deemed consent): when the timer fired (or the
   * message that found the alarm due arrived), while `at` is the instant the rule took effect (the legal time).
   */
  firedAt?: Instant;
}

/** Payloads of the commands, by type: concern modules add theirs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseCommandMap {}

/** Bodies of the events, by type: concern modules add theirs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseEventMap {}

/**
 * How a refusal answers over HTTP: `forbidden` (403) says who may not, `unprocessable` (422) that the request does
 * not fit the case, `conflict` (409) that it comes at the wrong time.
 */
export const REJECTION_CLASSES = ['forbidden', 'unprocessable', 'conflict'] as const;
export type RejectionClass = (typeof REJECTION_CLASSES)[number];
export type RejectionMap = Readonly<Record<string, RejectionClass>>;

/** Every refusal code with its class: concern modules add theirs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseRejectionMap {}

export type CaseCommandType = Extract<keyof CaseCommandMap, string>;
export type CaseEventType = Extract<keyof CaseEventMap, string>;
export type RejectionCode = Extract<keyof CaseRejectionMap, string>;

export type CommandOf<T extends CaseCommandType> = { type: T } & CommandBase & CaseCommandMap[T];
export type CaseCommand = { [T in CaseCommandType]: CommandOf<T> }[CaseCommandType];

export type EventBodyOf<T extends CaseEventType> = { type: T } & CaseEventMap[T];
export type EventOf<T extends CaseEventType> = EventBodyOf<T> & EventBase;
/** An event as a handler decides it: the kernel adds the time, the actor and the command id. */
export type EventBody = { [T in CaseEventType]: EventBodyOf<T> }[CaseEventType];
export type CaseEvent = { [T in CaseEventType]: EventOf<T> }[CaseEventType];

/** Why a command was refused; `field` names the payload field at fault, when one is. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: string;
  details?: unknown;
}

/** A shape of zod fields (a command's payload, an event's body). */
export type Shape = Record<string, z.ZodType>;

/** Clock changes ride on the events that cause them: `evolve` merges them into `state.clocks`. */
export type { ClockPatch };
