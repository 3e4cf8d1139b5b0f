import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '@onewindow/activities';
import { submissionCommand, type CaseStartInput, type Refusal } from '@onewindow/contract';
import { isFinished, type CaseCommand, type CaseView } from '@onewindow/case';
import { registerCaseHandlers } from './case-handlers';
import { CaseRun, type CarriedCase, type Input } from './case-run';
import { legacyApprovalCase, type LegacyCarriedCase } from './legacy/approval-case-2026-11';

/**
 * Cases started from 2026-12 on run this design; older histories (no marker) replay through the frozen legacy code.
 * A patch rather than a new workflow type: integrators, search and the Web UI keep one type, `approvalCase`.
 */
export const CASE_DESIGN_PATCH = 'case-design-2026-12';

/**
 * New cases are decided by the rules of 2026-12b (the kernel's version 3: alarms before messages, the notice lists
 * every missing material, closed cases cancel their steps …); a history without the marker started under 2026-12.
 */
export const RULES_2026_12B_PATCH = 'rules-2026-12b';

/** New cases are decided by the rules of 2026-12c (version 4: the 审批豁免清单); before it, 2026-12b's marker. */
export const RULES_2026_12C_PATCH = 'rules-2026-12c';

/**
 * The timers that fired are taken before the messages queued with them. The SDK hands an activation's signals and
 * updates to the workflow before its fired timers, whatever their order in the history, so a timer and a message
 * that one worker saw in one activation and another (after a crash, or a legacy query) in two were taken in
 * different orders, and their events written in different batches: a different command list on replay
 * (replay-split `query2`). This takes the order the history most often has, not always: after a crash a message can
 * be recorded before a timer that fires while its task waits, and when a legacy query applies that message alone
 * the live run takes it first while replay, seeing both in one activation, takes the timer first (docs/architecture.md,
 * the known SDK limitation). The SDK does not tell a workflow the history order of the jobs of one activation.
 */
export const TIMERS_BEFORE_MESSAGES_PATCH = 'timers-before-messages';

/**
 * New runs read their context and write their projection as local activities: run by the worker that runs the case,
 * in the workflow task that asked for them, their results recorded as markers. Each command then costs the cluster
 * one workflow task instead of two plus an activity task (issue 26). A history without the marker keeps the
 * activities it scheduled.
 */
export const LOCAL_ACTIVITIES_PATCH = 'local-activities';

/** Signals that arrive while a run hands over travel to the next run (see the hand-over below). */
export const CARRY_LATE_SIGNALS_PATCH = 'continue-as-new-carries-late-signals';

/** A run hands over to a new one (continue-as-new) after this many inputs, well before Temporal's history limits. */
export const CONTINUE_AS_NEW_AFTER_INPUTS = 1000;

// Context and calendar reads: each attempt is one short transaction; 10 s bounds the wait when a worker dies.
const { loadCaseContext, loadCalendar } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// Unlimited attempts, like the reads above: a database outage delays the read model and the audit log, never
// loses them. A write that arrives before its predecessor is parked and written with it (activities/projection).
const { recordCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The same reads and writes as local activities (patched), with the same unlimited attempts and backoffs. An
// attempt runs inside the workflow task that asked for it: 5 s bounds it (Postgres's connect timeout), well inside
// the task's 10 s, so an attempt never outlives the task; the first retry (1 s) waits inside the task too, and
// later ones on a workflow timer, so during an outage the task closes after about 2 s and the case keeps answering
// messages and queries while the write waits (the projection catches up in sequence order).
const localOptions = { startToCloseTimeout: '5 seconds', localRetryThreshold: '1 second' } as const;
const localReads = proxyLocalActivities<CaseActivities>({
  ...localOptions,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const localWrites = proxyLocalActivities<CaseActivities>({
  ...localOptions,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const local = {
  loadCaseContext: localReads.loadCaseContext,
  loadCalendar: localReads.loadCalendar,
  recordCaseEvents: localWrites.recordCaseEvents,
};
const remote = { loadCaseContext, loadCalendar, recordCaseEvents };

/** One approval case (办件). Business rules live in libs/case (the kernel); this function only orchestrates. */
export async function approvalCase(
  input: CaseStartInput,
  carried?: CarriedCase | LegacyCarriedCase,
): Promise<CaseView> {
  if (carried ? !('design' in carried) : !patched(CASE_DESIGN_PATCH)) {
    return legacyApprovalCase(input, carried as LegacyCarriedCase | undefined);
  }
  // Which rules a new case runs by is decided in its first activation, before anything awaits: a patch marker
  // recorded after a split activation would not replay where it was recorded.
  const rules = carried ? undefined : patched(RULES_2026_12C_PATCH) ? 4 : patched(RULES_2026_12B_PATCH) ? 3 : 2;
  const timersFirst = patched(TIMERS_BEFORE_MESSAGES_PATCH);
  const activities = patched(LOCAL_ACTIVITIES_PATCH) ? local : remote;
  const run = new CaseRun(input, activities, carried as CarriedCase | undefined);
  let continuing = false;
  registerCaseHandlers(run, () => (continuing ? 'case-continuing' : undefined));

  if (!run.context) {
    // The catalogue version and calendar are read through an activity, so they are in the history and replay.
    run.load(
      await activities.loadCaseContext({
        templateId: input.templateId,
        ...(input.catalogVersion ? { catalogVersion: input.catalogVersion } : {}),
      }),
    );
    const submitted = run.apply(submissionCommand(input, workflowInfo().startTime.toISOString(), rules ?? 4));
    if (!submitted.ok) throw ApplicationFailure.nonRetryable(submitted.rejection.message, submitted.rejection.code);
  } else {
    run.follow();
  }

  const limit = input.continueAsNewAfterInputs ?? CONTINUE_AS_NEW_AFTER_INPUTS;
  while (!isFinished(run.state)) {
    await condition(() => run.inputs.length > 0);
    await take(run, nextInput(run.inputs, timersFirst), activities.loadCalendar);
    if (run.applied >= limit && !isFinished(run.state)) {
      continuing = true;
      break;
    }
  }
  if (continuing) {
    // Messages not applied yet travel to the next run, in order; an update's caller is told case-continuing and
    // retries with the same commandId, which the next run answers once the carried command is applied.
    const pending = handOver(run);
    await run.drain();
    await condition(allHandlersFinished);
    // A signal has no validator to refuse it: one that arrived while the run drained travels too (before this
    // patch it was left behind). Nothing can arrive after this check: the continue-as-new follows in the same step.
    if (patched(CARRY_LATE_SIGNALS_PATCH)) pending.push(...handOver(run));
    const next: CarriedCase = {
      design: 2,
      state: run.state,
      context: run.context!,
      sequence: run.sequence,
      pending,
    };
    return continueAsNew<typeof approvalCase>(input, next);
  }
  // Messages that raced the closing are answered (the case is closed), then the projection drains before the end.
  for (const next of run.inputs.splice(0)) if ('command' in next) next.settle?.(run.apply(next.command));
  await run.drain();
  await condition(allHandlersFinished);
  return run.view(new Date().toISOString())!;
}

const continuingRefusal: Refusal = { code: 'case-continuing', message: 'the case is handing over to a new run; retry' };

/** The messages not applied yet, for the next run; their updates are told case-continuing (timers re-arm there). */
function handOver(run: CaseRun): CaseCommand[] {
  const pending: CaseCommand[] = [];
  for (const next of run.inputs.splice(0)) {
    if ('timerDueAt' in next) continue;
    pending.push(next.command);
    next.settle?.({ ok: false, commandId: next.command.commandId, rejection: continuingRefusal });
  }
  return pending;
}
/** The next input to take: in arrival order, or (patched) the first timer that fired before any message. */
function nextInput(inputs: Input[], timersFirst: boolean): Input {
  const timer = timersFirst ? inputs.findIndex((input) => 'timerDueAt' in input) : -1;
  return inputs.splice(timer >= 0 ? timer : 0, 1)[0];
}

/** Applies one input: a message, or the clock check of a timer that fired. */
async function take(run: CaseRun, next: Input, loadCalendar: CaseActivities['loadCalendar']): Promise<void> {
  if ('timerDueAt' in next) {
    run.apply(run.timerCommand(next.timerDueAt));
    return;
  }
  if (next.command.type === 'RecomputeDeadlines' && run.context) {
    // calendar-updated: the new calendar is read through an activity, so the recomputation replays identically.
    run.load({ ...run.context, calendar: await loadCalendar() });
  }
  const outcome = run.apply(next.command);
  if (!outcome.ok && !next.settle) {
    // A signal cannot answer: its rejection goes to the worker log (the API sends messages as updates).
    log.warn('signal rejected', {
      commandId: outcome.commandId,
      type: next.command.type,
      rejection: outcome.rejection,
    });
  }
  next.settle?.(outcome);
}
