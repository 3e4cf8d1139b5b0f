import type { Instant } from '@onewindow/calendar';
import type { Actor } from './commands';
import type { AcceptanceEvent } from './decide/acceptance';
import type { AlarmEvent } from './decide/alarms';
import type { ClosingEvent } from './decide/closing';
import type { DocumentEvent } from './decide/documents';
import type { HearingEvent } from './decide/hearings';
import type { IssuanceEvent } from './decide/issuance';
import type { OpinionEvent } from './decide/opinions';
import type { PeriodEvent } from './decide/periods';
import type { StepEvent } from './decide/steps';
import type { SubmissionEvent } from './decide/submission';
import type { Clock, ClockKey } from './state';

export interface EventBase {
  at: Instant;
  actor: Actor;
  /** The command that produced it. */
  commandId: string;
  /**
   * Set on events of a timer (default acceptance, warnings, cards, deemed consent): when the timer fired, while `at`
   * is the instant the rule took effect (the legal time). Absent on events of a message, which take effect when
   * they happen.
   */
  firedAt?: Instant;
}

export type AlertLevel = 'warning' | 'yellow' | 'red';

/** Clock changes ride on the events that cause them: `evolve` merges them into `state.clocks`. */
export type ClockPatch = Record<ClockKey, Clock>;

/** Every event of a case's log; each is declared by the module in `decide/` that emits it. */
export type CaseEvent = EventBase &
  (
    | SubmissionEvent
    | AcceptanceEvent
    | DocumentEvent
    | StepEvent
    | OpinionEvent
    | PeriodEvent
    | HearingEvent
    | AlarmEvent
    | IssuanceEvent
    | ClosingEvent
  );

export type CaseEventType = CaseEvent['type'];

/** An event as a handler writes it: `Batch.emit` adds the time, the actor and the command id. */
export type EventBody = CaseEvent extends infer E
  ? E extends CaseEvent
    ? Omit<E, 'at' | 'actor' | 'commandId'>
    : never
  : never;
