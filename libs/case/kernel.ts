import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import type { CaseMatterSpec, TemplateSpec } from '@onewindow/catalog';
import type {
  Actor,
  CaseCommand,
  CaseCommandType,
  CaseEvent,
  CaseEventType,
  Rejection,
  RejectionClass,
  RejectionCode,
  RejectionMap,
} from './base';
import {
  isRejection,
  refuse,
  type DeciderContext,
  type Draft,
  type Evolver,
  type Handler,
  type Writable,
} from './context';
import { acceptanceEvolvers, acceptanceHandlers, acceptanceRejections } from './concerns/acceptance';
import { alarmEvolvers, dueAlarm, fireAlarm, nextWakeUp } from './concerns/alarms';
import { closingEvolvers, closingHandlers, closingRejections } from './concerns/closing';
import { documentEvolvers, documentHandlers, documentRejections } from './concerns/documents';
import { cancelUnsettledFees, feeEvolvers, feeHandlers, feeRejections, holdIssuanceForFees } from './concerns/fees';
import { hearingEvolvers, hearingHandlers, hearingRejections } from './concerns/hearings';
import { issuanceEvolvers, issuanceHandlers, issuanceRejections } from './concerns/issuance';
import { opinionEvolvers, opinionHandlers, opinionRejections } from './concerns/opinions';
import { periodEvolvers, periodHandlers, periodRejections } from './concerns/periods';
import { STEP_POLICIES, stepEvolvers, stepRejections, type Occasion } from './concerns/steps';
import { submissionEvolvers, submissionHandlers, submissionRejections } from './concerns/submission';
import { rulesOf, type CaseRules } from './rules';
import { initialCaseState, isClosed, type CaseState } from './state';
import { caseIndex, caseView, type CaseIndex, type CaseView } from './view';
import { SYSTEM_ACTOR } from './vocabulary';

/** Refusals of the kernel itself, before any handler runs. */
const dispatchRejections = {
  'duplicate-command': 'conflict',
  'case-not-submitted': 'conflict',
  'case-closed': 'conflict',
} as const satisfies RejectionMap;

declare module './base' {
  interface CaseRejectionMap extends Writable<typeof dispatchRejections> {}
}

/** Every refusal code with its HTTP class: one table, merged from the concerns that raise them. */
export const REJECTIONS: Readonly<Record<RejectionCode, RejectionClass>> = {
  ...dispatchRejections,
  ...submissionRejections,
  ...acceptanceRejections,
  ...documentRejections,
  ...stepRejections,
  ...opinionRejections,
  ...periodRejections,
  ...hearingRejections,
  ...issuanceRejections,
  ...feeRejections,
  ...closingRejections,
};

export function isRejectionCode(code: string): code is RejectionCode {
  return Object.prototype.hasOwnProperty.call(REJECTIONS, code);
}

export function rejectionClass(code: RejectionCode): RejectionClass {
  return REJECTIONS[code];
}

/** One handler per command type: the compiler refuses a command without one. */
const HANDLERS: { [T in CaseCommandType]: Handler<T> } = {
  ...submissionHandlers,
  ...acceptanceHandlers,
  ...documentHandlers,
  ...opinionHandlers,
  ...periodHandlers,
  ...hearingHandlers,
  ...issuanceHandlers,
  ...feeHandlers,
  ...closingHandlers,
  // A timer's clock check has no rule of its own: the kernel applies the alarms due by its instant.
  CheckClocks: () => [],
};

/** One evolver per event type. */
const EVOLVERS: { [T in CaseEventType]: Evolver<T> } = {
  ...submissionEvolvers,
  ...acceptanceEvolvers,
  ...documentEvolvers,
  ...stepEvolvers,
  ...opinionEvolvers,
  ...periodEvolvers,
  ...hearingEvolvers,
  ...alarmEvolvers,
  ...issuanceEvolvers,
  ...feeEvolvers,
  ...closingEvolvers,
};

/** The standing rules, in the order they apply: the steps' (start, skip, decide, cancel), then the fees'. */
const POLICIES: ReadonlyArray<(state: CaseState, ctx: DeciderContext, occasion: Occasion) => Draft[]> = [
  ...STEP_POLICIES,
  holdIssuanceForFees,
  cancelUnsettledFees,
];

/** Commands a closed case still takes: post-decision checks, timers, calendar updates. */
const AFTER_CLOSE: ReadonlySet<CaseCommandType> = new Set(['VerifyCommitment', 'CheckClocks', 'RecomputeDeadlines']);

/** Folds one event into the state. Pure and total: it never calls the calendar (deadlines travel in the events). */
export function evolve(current: CaseState, event: CaseEvent): CaseState {
  const handled = current.handledCommandIds.includes(event.commandId)
    ? current.handledCommandIds
    : [...current.handledCommandIds, event.commandId];
  const state: CaseState = { ...current, handledCommandIds: handled, version: current.version + 1 };
  return (EVOLVERS[event.type] as Evolver<CaseEventType>)(state, event);
}

export function fold(events: readonly CaseEvent[], from: CaseState = initialCaseState): CaseState {
  return events.reduce(evolve, from);
}

export type Decision = { ok: true; events: CaseEvent[]; state: CaseState } | { ok: false; rejection: Rejection };

/** The events of a decision so far and the state they lead to: the kernel folds, the rules never do. */
class Outcome {
  readonly events: CaseEvent[] = [];

  constructor(
    public state: CaseState,
    private readonly commandId: string,
  ) {}

  apply(drafts: readonly Draft[], at: Instant, actor: Actor, firedAt: Instant | undefined): void {
    for (const draft of drafts) {
      const event = {
        ...draft.event,
        at,
        actor: draft.actor ?? actor,
        commandId: this.commandId,
        ...(firedAt ? { firedAt } : {}),
      };
      this.events.push(event);
      this.state = evolve(this.state, event);
    }
  }

  /** The standing rules (start ready steps, skip, decide, cancel on close), until the state is at rest. */
  settle(ctx: DeciderContext, occasion: Occasion, firedAt: Instant | undefined): void {
    for (let guard = 0; guard < 1000; guard += 1) {
      const drafts = POLICIES.map((policy) => policy(this.state, ctx, occasion)).find((found) => found.length > 0);
      if (!drafts) return;
      this.apply(drafts, occasion.at, occasion.actor, firedAt);
    }
  }

  /** Every alarm due by `until`, each at its own instant (from 2026-12) with what follows from it. */
  alarms(ctx: DeciderContext, until: Instant, fallbackAt: Instant, firedAt: Instant | undefined): void {
    for (let guard = 0; guard < 1000; guard += 1) {
      const next = dueAlarm(this.state, until);
      if (!next) return;
      const at = ctx.rules.alarmsAtTheirInstant ? next.at : fallbackAt;
      const drafts = fireAlarm(this.state, ctx, next, at);
      this.apply(drafts, at, SYSTEM_ACTOR, firedAt);
      this.settle(ctx, { at, actor: SYSTEM_ACTOR, startFrom: acceptedFrom(drafts) ?? at }, firedAt);
    }
  }
}

/** The instant an acceptance among the drafts counts from: its first steps start there. */
function acceptedFrom(drafts: readonly Draft[]): Instant | undefined {
  for (const draft of drafts) if (draft.event.type === 'CaseAccepted') return draft.event.countedFrom;
  return undefined;
}

/** The rules a command is decided by: the case's own, or, for its submission, those it is submitted under. */
function rulesFor(state: CaseState, command: CaseCommand): CaseRules {
  return state.status === 'draft' && command.type === 'SubmitCase'
    ? rulesOf(command.rulesVersion)
    : rulesOf(state.rulesVersion);
}

/** What a case is decided with, besides its own state and rules. */
export interface KernelContext {
  template: TemplateSpec;
  matters: Readonly<Record<string, CaseMatterSpec>>;
  calendar: WorkingDayCalculator;
  catalogVersion: string;
  /** Pins the rules (the frozen 2026-11 workflow); by default each case's own. */
  rules?: CaseRules;
}

/** The decision on a command: its events (and the state they lead to), or why it is refused. Pure. */
export function decide(state: CaseState, command: CaseCommand, context: KernelContext): Decision {
  const ctx: DeciderContext = { ...context, rules: context.rules ?? rulesFor(state, command) };
  if (state.handledCommandIds.includes(command.commandId))
    return {
      ok: false,
      rejection: refuse('duplicate-command', `command ${command.commandId} was already handled`, 'commandId'),
    };
  if (command.type !== 'SubmitCase' && state.status === 'draft')
    return { ok: false, rejection: refuse('case-not-submitted', 'the case has not been submitted') };
  if (isClosed(state) && !AFTER_CLOSE.has(command.type))
    return { ok: false, rejection: refuse('case-closed', `the case is ${state.status}`) };
  const outcome = new Outcome(state, command.commandId);
  if (command.type === 'CheckClocks') {
    outcome.alarms(ctx, command.at, command.at, command.firedAt);
    return { ok: true, events: outcome.events, state: outcome.state };
  }
  if (ctx.rules.alarmsBeforeMessages && command.type !== 'SubmitCase') {
    // Alarms due by the message's time take effect first: the outcome never depends on when a timer ran.
    outcome.alarms(ctx, command.at, command.at, command.at);
    if (isClosed(outcome.state) && !AFTER_CLOSE.has(command.type))
      return { ok: false, rejection: refuse('case-closed', `the case is ${outcome.state.status}`) };
  }
  const handled = (HANDLERS[command.type] as Handler<CaseCommandType>)(outcome.state, command, ctx);
  if (isRejection(handled)) return { ok: false, rejection: handled };
  outcome.apply(handled, command.at, command.actor, undefined);
  outcome.settle(
    ctx,
    { at: command.at, actor: command.actor, startFrom: acceptedFrom(handled) ?? command.at },
    undefined,
  );
  return { ok: true, events: outcome.events, state: outcome.state };
}

/**
 * The one door to the case's rules: the workflow, the API's pre-check, the projection, the audit's as-of state and
 * 电子监察's reference all decide, fold and view a case through it.
 */
export interface CaseKernel {
  decide(state: CaseState, command: CaseCommand): Decision;
  evolve(state: CaseState, event: CaseEvent): CaseState;
  fold(events: readonly CaseEvent[], from?: CaseState): CaseState;
  /** The case as it stands at `at`. */
  view(state: CaseState, at: Instant): CaseView;
  /** What keeps it findable (search attributes), from its state alone. */
  index(state: CaseState): CaseIndex;
  /** When its next alarm falls due. */
  nextWakeUp(state: CaseState): Instant | undefined;
}

export function caseKernel(context: KernelContext): CaseKernel {
  return {
    decide: (state, command) => decide(state, command, context),
    evolve,
    fold: (events, from) => fold(events, from ?? initialCaseState),
    view: (state, at) => caseView(state, at, context.calendar, context.template.kind),
    index: caseIndex,
    nextWakeUp,
  };
}
