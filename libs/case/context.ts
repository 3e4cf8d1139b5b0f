import type { z } from 'zod';
import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import type { CaseMatterSpec, TemplateSpec, TimeLimit } from '@onewindow/catalog';
import type {
  Actor,
  CaseCommandType,
  CaseEventType,
  CommandOf,
  EventBody,
  EventOf,
  Rejection,
  RejectionCode,
  Shape,
} from './base';
import {
  newClock,
  stopClock,
  type Clock,
  type ClockKey,
  type ClockPatch,
  type ClockPurpose,
  type ClockSettings,
} from './clocks';
import type { CaseFields } from './fields';
import type { CaseRules } from './rules';
import type { CaseState } from './state';
import type { Sender } from './vocabulary';

/** What a case is decided with: its catalogue version's template and matters, the calendar, and its rules. */
export interface DeciderContext {
  template: TemplateSpec;
  matters: Readonly<Record<string, CaseMatterSpec>>;
  calendar: WorkingDayCalculator;
  catalogVersion: string;
  rules: CaseRules;
}

/** An event a rule decides; the kernel stamps it with the decision's time and actor unless it names its own. */
export interface Draft {
  event: EventBody;
  actor?: Actor;
}

/** What a handler answers: the events it decides, in order, or why it refuses the command. */
export type Handled = Draft[] | Rejection;

export function isRejection<T>(result: T | Rejection): result is Rejection {
  return (
    typeof result === 'object' && result !== null && !Array.isArray(result) && 'code' in result && 'message' in result
  );
}

/** A refusal: `field` names the payload field at fault, when one is. */
export function refuse(code: RejectionCode, message: string, field?: string, details?: unknown): Rejection {
  return { code, message, ...(field ? { field } : {}), ...(details === undefined ? {} : { details }) };
}

/** Drafts of event bodies with the decision's actor. */
export function drafts(...events: EventBody[]): Draft[] {
  return events.map((event) => ({ event }));
}

/** A command handler: the events a command decides in a state, or its refusal. Pure: no evolve, no throw. */
export type Handler<T extends CaseCommandType> = (
  state: CaseState,
  command: CommandOf<T>,
  ctx: DeciderContext,
) => Handled;
export type Handlers<T extends CaseCommandType> = { [K in T]: Handler<K> };

/** Folds one event of a concern into the state (the kernel keeps the count and the handled command ids). */
export type Evolver<T extends CaseEventType> = (state: CaseState, event: EventOf<T>) => CaseState;
export type Evolvers<T extends CaseEventType> = { [K in T]: Evolver<K> };

/** How a command is declared: its payload's fields, and its wire name and senders when integrators may send it. */
export interface CommandSpec<S extends Shape = Shape> {
  /** The message's wire name (kebab-case, never renamed); none: only the engine issues it. */
  message?: string;
  /** Who may send the message (admin too, except where the kernel keeps a step to its department). */
  senders?: readonly Sender[];
  description: string;
  /** Built from fresh fields on each call (see `caseFields`). */
  payload: (fields: CaseFields) => S;
}

/** The payload type a command spec declares. */
export type PayloadOf<C extends CommandSpec> = [keyof ReturnType<C['payload']>] extends [never]
  ? object
  : z.infer<z.ZodObject<ReturnType<C['payload']>>>;

/** A `readonly` table as an interface may extend it (the refusals a concern adds to `CaseRejectionMap`). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The payload types of a concern's commands, by type: what it adds to `CaseCommandMap`. */
export type PayloadsOf<C extends Record<string, CommandSpec>> = { [K in keyof C]: PayloadOf<C[K]> };

/** The body types of a concern's events, by type: what it adds to `CaseEventMap`. */
export type BodiesOf<E extends Record<string, z.ZodType>> = { [K in keyof E]: z.infer<E[K]> };

/** The clock settings of the template (warning threshold, supervision grace). */
export function settingsOf(ctx: DeciderContext): ClockSettings {
  return {
    warningThresholdWorkingDays: ctx.template.warningThresholdWorkingDays,
    supervisionGraceWorkingDays: ctx.template.supervisionGraceWorkingDays,
  };
}

/** A new clock under the case's rules; 2026-12 clocks track the legal limit beside the promised one. */
export function clockOf(
  ctx: DeciderContext,
  purpose: ClockPurpose,
  startedAt: Instant,
  limit: TimeLimit,
  legal?: TimeLimit,
): Clock {
  return newClock(
    purpose,
    startedAt,
    limit,
    ctx.calendar,
    settingsOf(ctx),
    ctx.rules.clockModel2 ? { model: 2, ...(legal ? { legal } : {}) } : {},
  );
}

/** The matter of a template step, when the step is the template's. */
export function matterOf(ctx: DeciderContext, stepId: string): CaseMatterSpec | undefined {
  const step = ctx.template.steps.find((candidate) => candidate.id === stepId);
  return step ? ctx.matters[step.matterCode] : undefined;
}

/** The refusal of a step the template does not have. */
export function unknownStep(ctx: DeciderContext, stepId: string): Rejection {
  return refuse('unknown-step', `step ${stepId} is not in template ${ctx.template.id}`, 'stepId');
}

/** Every running clock stopped at `at`: the case is closing. */
export function stopAll(clocks: Readonly<Record<ClockKey, Clock>>, at: Instant): ClockPatch {
  return Object.fromEntries(
    Object.entries(clocks)
      .filter(([, clock]) => !clock.stoppedAt)
      .map(([key, clock]) => [key, stopClock(clock, at)]),
  );
}

/** The hold id of the next suspension: its index in the case's list. */
export function nextSuspensionId(state: CaseState): string {
  return `s${state.suspensions.length}`;
}

/** Who acts for a department: its `department:<code>` key, an `integrator:<code>` key, or (until 2026-12b) an admin. */
export function actsFor(actor: Actor, department: string, ctx: DeciderContext): boolean {
  return (
    (actor.role === 'admin' && !ctx.rules.adminDecidesNoStep) ||
    actor.role === 'system' ||
    actor.department === department
  );
}
