import type { WorkingCalendar } from '@onewindow/calendar';
import {
  submissionCommand,
  toCommand,
  type CaseContextData,
  type CaseStartInput,
  type MessageName,
  type MessagePayload,
  type ProjectionBatch,
  type RecordedEvent,
} from '@onewindow/contract/http';
import {
  decide,
  CURRENT_RULES,
  evolve,
  initialCaseState,
  isFinished,
  nextWakeUp,
  stepClockKey,
  SYSTEM_ACTOR,
  type CaseCommand,
  type CaseState,
} from '@onewindow/case';

/**
 * A year of land-and-start cases for the supervision and search benchmarks, made by the case's own code: every
 * command goes through the decider with the context a workflow loads (`loadCaseContext`), every timer a workflow
 * would set fires as the same `CheckClocks` at the instant it was set for, and the events are recorded as the
 * workflow records them. `bench/supervision.ts` then writes each case through the projection (`projectBatch`).
 */

/** mulberry32: a small seeded generator, so the same seed gives the same year. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WINDOW = { id: 'bench-window', role: 'window' };
const HOUR = 3_600_000;

/** One case run by the decider, as its workflow would run it. */
export class SimulatedCase {
  state: CaseState = initialCaseState;
  readonly events: RecordedEvent[] = [];
  private clockChecks = 0;
  private commands = 0;

  constructor(
    private readonly context: CaseContextData,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** Refusals of the decider so far (a department answering a step the clock had already deemed consented). */
  readonly refusals: string[] = [];

  /** Applies a command at its own instant, after every timer due by then has fired. */
  apply(command: CaseCommand): void {
    this.clocksUntil(command.at);
    this.decideAndFold(command);
  }

  send<N extends MessageName>(name: N, payload: Omit<MessagePayload<N>, 'commandId'>, at: string): void {
    this.commands += 1;
    const commandId = `${this.state.caseId}.${this.commands}.${name}`;
    this.apply(toCommand(name, { ...payload, commandId } as MessagePayload<N>, at));
  }

  /** The timers a workflow would have set, fired in order up to `until`. */
  clocksUntil(until: string): void {
    for (let wake = nextWakeUp(this.state); wake !== undefined && wake <= until; wake = nextWakeUp(this.state)) {
      this.clockChecks += 1;
      const before = this.state.version;
      this.decideAndFold({
        type: 'CheckClocks',
        commandId: `clock:${this.clockChecks}:${wake}`,
        at: wake,
        firedAt: wake,
        actor: SYSTEM_ACTOR,
      });
      // A check that changed nothing would fire again at the same instant: the workflow's timer would not.
      if (this.state.version === before) break;
    }
  }

  batch(): ProjectionBatch {
    return { caseId: this.state.caseId, events: this.events, templateKind: this.context.template.kind };
  }

  private decideAndFold(command: CaseCommand): void {
    const decision = decide(this.state, command, {
      template: this.context.template,
      matters: this.context.matters,
      calendar: this.calendar,
      catalogVersion: this.context.catalogVersion,
    });
    if (!decision.ok) {
      this.refusals.push(`${command.type}: ${decision.rejection.code}`);
      return;
    }
    for (const event of decision.events) {
      this.state = evolve(this.state, event);
      this.events.push({
        sequence: this.events.length + 1,
        type: event.type,
        at: event.at,
        actor: event.actor,
        commandId: event.commandId,
        event,
      });
    }
  }
}

/** The start of a benchmark case, received by the window at `receivedAt`. */
export function yearCaseInput(
  context: CaseContextData,
  caseId: string,
  receivedAt: string,
  documents: Array<{ materialCode: string }>,
): CaseStartInput {
  return {
    caseId,
    templateId: context.template.id,
    applicant: { name: `基准申请人 ${caseId}`, creditCode: '91310000MA1FLBENCH' },
    project: { name: `年度项目 ${caseId}` },
    documents,
    receivedAt,
    actor: WINDOW,
    commandId: `${caseId}.submit`,
  };
}

export interface YearCaseOptions {
  index: number;
  prefix: string;
  /** The instant the year ends (the benchmark's now). */
  now: number;
  documents: Array<{ materialCode: string }>;
  /** How many of the steps answered are late (past their promised deadline), 0…1. */
  lateShare?: number;
}

/**
 * One case received at a random moment of the year before `now`: accepted a working day or so later, each
 * department answering its step at a random share of its promised period (`lateShare` of them past it), the land
 * contract signed after pre-review, the formal steps answered, the licence issued. Whatever would happen after
 * `now` does not: recent cases stay open, with their alarms fired up to `now`.
 */
export function yearCase(context: CaseContextData, calendar: WorkingCalendar, options: YearCaseOptions): SimulatedCase {
  const next = random(options.index * 7919 + 17);
  const lateShare = options.lateShare ?? 0.1;
  const receivedMs = options.now - Math.floor(next() * 365 * 24) * HOUR;
  const receivedAt = new Date(receivedMs).toISOString();
  const input = yearCaseInput(context, `${options.prefix}-${options.index}`, receivedAt, options.documents);
  const run = new SimulatedCase(context, calendar);
  run.apply(submissionCommand(input, receivedAt, CURRENT_RULES));
  const nowAt = new Date(options.now).toISOString();
  let cursor = receivedMs + (2 + next() * 30) * HOUR;
  const until = (at: number) => at <= options.now;
  const step = (at: number, act: (at: string) => void) => {
    if (!until(at) || isFinished(run.state)) return false;
    act(new Date(at).toISOString());
    cursor = at;
    return true;
  };
  if (!step(cursor, (at) => run.send('acceptance-decided', { actor: WINDOW, decision: 'accept' }, at))) {
    run.clocksUntil(nowAt);
    return run;
  }
  // Departments answer the steps in review, earliest planned answer first, until none is left in this phase.
  const answerSteps = (): boolean => {
    const planned = new Map<string, number>();
    for (;;) {
      const reviewing = Object.values(run.state.steps).filter((s) => s.status === 'in-review');
      if (reviewing.length === 0) return true;
      for (const s of reviewing) {
        if (planned.has(s.stepId)) continue;
        const clock = run.state.clocks[stepClockKey(s.stepId)];
        const started = Date.parse(clock?.startedAt ?? new Date(cursor).toISOString());
        const due = Date.parse(clock?.deadline ?? new Date(started + 10 * 24 * HOUR).toISOString());
        const share = next() < lateShare ? 1.05 + next() * 0.6 : 0.15 + next() * 0.8;
        planned.set(s.stepId, Math.max(cursor, started + (due - started) * share));
      }
      const [first] = reviewing.sort((a, b) => planned.get(a.stepId)! - planned.get(b.stepId)!);
      const department = first.department;
      const answered = step(planned.get(first.stepId)!, (at) =>
        run.send(
          'department-opinion',
          {
            actor: { id: `bench-${department}`, role: `department:${department}`, department },
            stepId: first.stepId,
            opinion: 'agree',
          },
          at,
        ),
      );
      // Not answered: `now` came first, or the decider refused (the loop would ask again): the case stays open.
      if (!answered || run.state.steps[first.stepId]?.status === 'in-review') return false;
    }
  };
  const signed = () =>
    step(cursor + (1 + next() * 48) * HOUR, (at) =>
      run.send('land-contract-signed', { actor: WINDOW, contractNumber: `YEAR-${options.index}` }, at),
    );
  const issued = () =>
    run.state.status === 'awaiting-issuance' &&
    step(cursor + (1 + next() * 24) * HOUR, (at) => run.send('licence-issued', { actor: WINDOW }, at));
  if (answerSteps() && signed() && answerSteps()) issued();
  run.clocksUntil(nowAt);
  return run;
}
