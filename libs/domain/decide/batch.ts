import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import type { MatterSpec, TemplateSpec, TimeLimit } from '@onewindow/catalog';
import { newClock, stopClock, type ClockSettings } from '../clocks';
import type { Actor, CaseCommand } from '../commands';
import type { CaseEvent, ClockPatch, EventBody } from '../events';
import { evolve } from '../evolve';
import type { Rejection, RejectionCode } from '../rejections';
import type { CaseState, Clock, ClockKey, ClockPurpose } from '../state';

export interface DeciderContext {
  template: TemplateSpec;
  matters: Readonly<Record<string, MatterSpec>>;
  calendar: WorkingDayCalculator;
  catalogVersion: string;
}

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

/** Thrown by `reject` inside a handler; `decide` turns it into a refused decision. */
export class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/** Refuses the command: `field` names the payload field at fault, when one is. */
export function reject(code: RejectionCode, message: string, field?: string, details?: unknown): never {
  throw new Rejected({ code, message, ...(field ? { field } : {}), ...(details === undefined ? {} : { details }) });
}

/** Collects the events of one decision, folding each into the state as it goes so later rules see it. */
export class Batch<C extends CaseCommand = CaseCommand> {
  readonly events: CaseEvent[] = [];
  private legalTime?: Instant;

  constructor(
    public state: CaseState,
    readonly command: C,
    readonly ctx: DeciderContext,
  ) {}

  /** When the events take effect: the command's time, or the instant of the timer rule being applied. */
  get at(): Instant {
    return this.legalTime ?? this.command.at;
  }

  /** Applies a timer's rule as of its own instant (its events and the clocks it starts or stops are dated `at`). */
  dated(at: Instant, apply: () => void): void {
    const outer = this.legalTime;
    this.legalTime = at;
    try {
      apply();
    } finally {
      this.legalTime = outer;
    }
  }

  emit(body: EventBody, actor: Actor = this.command.actor): void {
    const firedAt = this.command.type === 'CheckClocks' ? this.command.firedAt : undefined;
    const event = {
      ...body,
      at: this.at,
      actor,
      commandId: this.command.commandId,
      ...(firedAt ? { firedAt } : {}),
    };
    this.events.push(event);
    this.state = evolve(this.state, event);
  }

  get settings(): ClockSettings {
    return {
      warningThresholdWorkingDays: this.ctx.template.warningThresholdWorkingDays,
      supervisionGraceWorkingDays: this.ctx.template.supervisionGraceWorkingDays,
    };
  }

  clock(key: ClockKey): Clock | undefined {
    return this.state.clocks[key];
  }

  /** The case is decided by the rules of 2026-12 (`RulesVersion` 2). */
  get rules2(): boolean {
    return this.state.rulesVersion >= 2;
  }

  /** A new clock under the case's rules; rules 2 clocks track the legal limit beside the promised one. */
  newClock(purpose: ClockPurpose, startedAt: Instant, limit: TimeLimit, legal?: TimeLimit): Clock {
    return newClock(
      purpose,
      startedAt,
      limit,
      this.ctx.calendar,
      this.settings,
      this.rules2 ? { model: 2, ...(legal ? { legal } : {}) } : {},
    );
  }

  /** The hold id of the next suspension (rules 2): its index in the case's list. */
  nextSuspensionId(): string {
    return `s${this.state.suspensions.length}`;
  }

  matterOf(stepId: string): MatterSpec {
    const step = this.ctx.template.steps.find((candidate) => candidate.id === stepId);
    const matter = step ? this.ctx.matters[step.matterCode] : undefined;
    if (!matter) reject('unknown-step', `step ${stepId} is not in template ${this.ctx.template.id}`, 'stepId');
    return matter;
  }

  /** Stops every running clock: the case is closing. */
  stopAll(): ClockPatch {
    return Object.fromEntries(
      Object.entries(this.state.clocks)
        .filter(([, clock]) => !clock.stoppedAt)
        .map(([key, clock]) => [key, stopClock(clock, this.at)]),
    );
  }
}

/** A command handler: reads the batch's state and emits events, or rejects. */
export type Handler<C extends CaseCommand> = (batch: Batch<C>, command: C) => void;

/** One handler per command type of a module: `decide` dispatches on the command's type. */
export type Handlers<C extends CaseCommand> = { [T in C['type']]: Handler<Extract<C, { type: T }>> };
