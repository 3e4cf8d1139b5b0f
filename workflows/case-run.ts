import { sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { WorkingCalendar } from '@onewindow/calendar';
import type {
  CaseContextData,
  CaseStartInput,
  CommandOutcome,
  ProjectionBatch,
  RecordedEvent,
} from '@onewindow/contract';
import {
  caseKernel,
  initialCaseState,
  SYSTEM_ACTOR,
  type CaseCommand,
  type CaseEvent,
  type CaseKernel,
  type CaseState,
  type CaseView,
} from '@onewindow/case';
import { caseSearchAttributeUpdates } from './search-attributes';

/** What the next run needs when the history grows long (continue-as-new): no event list, no timers. */
export interface CarriedCase {
  design: 2;
  state: CaseState;
  context: CaseContextData;
  /** Sequence number of the last event of the case so far. */
  sequence: number;
  /** Signals that arrived before the run continued as new, in arrival order, still to be applied. */
  pending: CaseCommand[];
}

/** One input of the case, in arrival order: a message (signal or update) or a timer that fired. */
export type Input = { command: CaseCommand; settle?: (outcome: CommandOutcome) => void } | { timerDueAt: string };

export interface RunEffects {
  recordCaseEvents(batch: ProjectionBatch): Promise<unknown>;
}

/**
 * The state of one run of a case and everything it does after a command: the events go to Postgres, the search
 * attributes follow the state, the timer follows the nearest deadline. Every command this emits is a function of
 * the state and the command alone, never of the wall clock or of how inputs were grouped into activations.
 */
export class CaseRun {
  state: CaseState;
  context?: CaseContextData;
  /** The case's rules, through the kernel's one door, once its catalogue version and calendar are loaded. */
  kernel?: CaseKernel;
  /** Events of this run (earlier ones are in the audit log); `firstSequence` is the first one's number. */
  readonly events: RecordedEvent[] = [];
  readonly firstSequence: number;
  readonly inputs: Input[] = [];
  /** The projection writes in flight; awaited before the run ends. */
  private readonly writes: Array<Promise<unknown>> = [];
  /** Instants the running timers were set for. */
  private armed: string[] = [];
  private indexed?: string;
  private timerInputs = 0;
  applied = 0;

  constructor(
    readonly input: CaseStartInput,
    private readonly effects: RunEffects,
    carried?: CarriedCase,
  ) {
    this.state = carried?.state ?? initialCaseState;
    this.firstSequence = (carried?.sequence ?? 0) + 1;
    if (carried) this.load(carried.context);
    for (const command of carried?.pending ?? []) this.inputs.push({ command });
  }

  get sequence(): number {
    return this.firstSequence - 1 + this.events.length;
  }

  load(context: CaseContextData): void {
    this.context = context;
    this.kernel = caseKernel({
      template: context.template,
      matters: context.matters,
      calendar: new WorkingCalendar(context.calendar),
      catalogVersion: context.catalogVersion,
    });
  }

  view(at: string): CaseView | undefined {
    return this.kernel?.view(this.state, at);
  }

  /** Dry run for an update validator: what the kernel would say now. */
  dryRun(command: CaseCommand) {
    return this.kernel?.decide(this.state, command);
  }

  /** Applies one command; its events are recorded and everything that follows from the new state is done. */
  apply(command: CaseCommand): CommandOutcome {
    this.applied += 1;
    if (this.state.handledCommandIds.includes(command.commandId)) {
      // Idempotent on commandId: a retried message counts once.
      return { ok: true, commandId: command.commandId, duplicate: true, events: [], lastSequence: this.sequence };
    }
    if (!this.kernel) throw new Error('case context not loaded');
    const decision = this.kernel.decide(this.state, command);
    if (!decision.ok) return { ok: false, commandId: command.commandId, rejection: decision.rejection };
    // The kernel folded its events already: the run takes the state it reached.
    this.state = decision.state;
    const recorded = decision.events.map((event) => this.recordOf(event));
    if (recorded.length > 0) this.record(recorded);
    this.follow();
    return {
      ok: true,
      commandId: command.commandId,
      duplicate: false,
      events: decision.events.map((event) => event.type),
      lastSequence: this.sequence,
    };
  }

  /** The command for a timer that fired: the rules due by the instant it was set for take effect. */
  timerCommand(dueAt: string): CaseCommand {
    this.timerInputs += 1;
    const firedAt = new Date().toISOString();
    return {
      type: 'CheckClocks',
      commandId: `clock:${this.timerInputs}:${dueAt}`,
      at: dueAt,
      firedAt,
      actor: SYSTEM_ACTOR,
    };
  }

  /** Search attributes and the timer, as functions of the state (after the submission, after each input). */
  follow(): void {
    if (!this.kernel) throw new Error('case context not loaded');
    const index = this.kernel.index(this.state);
    const key = JSON.stringify(index);
    if (key !== this.indexed) {
      this.indexed = key;
      upsertSearchAttributes(caseSearchAttributeUpdates(this.input.templateId, index));
    }
    this.arm();
  }

  /** Resolves once every projection write of this run is done. */
  async drain(): Promise<void> {
    await Promise.all(this.writes);
  }

  private recordOf(event: CaseEvent): RecordedEvent {
    const recorded: RecordedEvent = {
      sequence: this.sequence + 1,
      type: event.type,
      at: event.at,
      actor: event.actor,
      commandId: event.commandId,
      event,
    };
    this.events.push(recorded);
    return recorded;
  }

  /**
   * Schedules the write of one command's events now, in this step: the activity keeps them in sequence order and
   * folds them into the read model itself (no view is computed here).
   */
  private record(events: RecordedEvent[]): void {
    const templateKind = this.context?.template.kind;
    this.writes.push(
      this.effects.recordCaseEvents({ caseId: this.input.caseId, events, ...(templateKind ? { templateKind } : {}) }),
    );
  }

  /** A timer for the nearest deadline unless one set for it (or earlier) is running; timers are never cancelled. */
  private arm(): void {
    const wake = this.kernel?.nextWakeUp(this.state);
    if (wake === undefined || this.armed.some((target) => Date.parse(target) <= Date.parse(wake))) return;
    this.armed.push(wake);
    void sleep(Math.max(1, Date.parse(wake) - Date.now())).then(() => {
      this.armed.splice(this.armed.indexOf(wake), 1);
      this.inputs.push({ timerDueAt: wake });
    });
  }
}
