import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '@onewindow/activities';
import { WorkingCalendar } from '@onewindow/calendar';
import {
  caseDeadlineSearchAttribute,
  caseDeadlinesQuery,
  caseDepartmentsSearchAttribute,
  caseEventsQuery,
  caseOverdueSearchAttribute,
  caseStateQuery,
  caseStatusSearchAttribute,
  caseTemplateSearchAttribute,
  caseWarningLevelSearchAttribute,
  messageSignals,
  messageUpdates,
  MESSAGE_NAMES,
  missingDocumentsQuery,
  parseMessagePayload,
  toCommand,
  type CaseContextData,
  type CaseStartInput,
  type CommandOutcome,
  type RecordedEvent,
} from '@onewindow/contract';
import {
  CASE_RULES,
  caseView,
  decide,
  evolve,
  initialCaseState,
  isClosed,
  nextWakeUp,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CaseView,
  type KernelContext,
} from '@onewindow/case';

// Each attempt is one short transaction (the pool gives up connecting after 5 s). A 10 s limit bounds how long a
// case waits when the worker running its activity dies: the server retries the attempt on another worker then.
const { loadCaseContext, loadCalendar } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// Unlimited retries, like the reads above (no proxy here sets maximumAttempts): a database outage delays the read
// model and the audit log, it never loses them.
const { recordCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What a run of this design carried into the next when the history grew long (continue-as-new). */
export interface LegacyCarriedCase {
  state: CaseState;
  events: RecordedEvent[];
  context: CaseContextData;
  projected: number;
}

interface Pending {
  command: CaseCommand;
  settle?: (outcome: CommandOutcome) => void;
}

const SYSTEM = { id: 'system', role: 'system' };

/** Pinned to the rules of 2026-11, the only ones cases of this design ran by. */
function decisionContext(context: CaseContextData, calendar: WorkingCalendar): KernelContext {
  return {
    template: context.template,
    matters: context.matters,
    calendar,
    catalogVersion: context.catalogVersion,
    rules: CASE_RULES[1],
  };
}

/**
 * The case workflow as it ran until 2026-11 (a projector coroutine beside the decision loop, clock checks at the
 * wall time of the wake-up). Frozen: cases started before the `case-design-2026-12` patch, and their recorded
 * histories, replay through this code unchanged. Do not edit; see ../approval-case.workflow.ts.
 */
export async function legacyApprovalCase(input: CaseStartInput, carried?: LegacyCarriedCase): Promise<CaseView> {
  let state: CaseState = carried?.state ?? initialCaseState;
  const events: RecordedEvent[] = carried?.events ?? [];
  let projected = carried?.projected ?? 0;
  let context: CaseContextData | undefined = carried?.context;
  let calendar: WorkingCalendar | undefined = context ? new WorkingCalendar(context.calendar) : undefined;
  const queue: Pending[] = [];
  const now = (): string => new Date().toISOString();

  const view = (at: string = now()): CaseView => {
    if (!calendar || !context)
      throw ApplicationFailure.retryable('the case is still loading its context', 'case-loading');
    return caseView(state, at, calendar, context.template.kind);
  };

  // Every handler is registered before the first await, so no early message or query is lost.
  setHandler(caseStateQuery, (options) => view(options?.asOf ?? now()));
  setHandler(caseEventsQuery, () => events);
  setHandler(missingDocumentsQuery, () => view().missingDocuments);
  setHandler(caseDeadlinesQuery, () =>
    Object.entries(state.clocks).map(([key, clock]) => ({
      key,
      deadline: clock.deadline,
      provisional: clock.provisional,
      suspended: clock.suspendedSince !== undefined,
      ...(clock.stoppedAt ? { stoppedAt: clock.stoppedAt } : {}),
    })),
  );
  for (const name of MESSAGE_NAMES) {
    setHandler(messageSignals[name], (payload: unknown) => {
      const parsed = parseMessagePayload(name, payload);
      if (!parsed.ok) {
        // A signal cannot answer: an invalid one is logged and dropped (the API validates before sending).
        log.warn('invalid signal dropped', { name, problems: parsed.problems });
        return;
      }
      queue.push({ command: toCommand(name, parsed.value, now()) });
    });
    setHandler(
      messageUpdates[name],
      (payload: unknown) =>
        new Promise<CommandOutcome>((settle) => {
          const parsed = parseMessagePayload(name, payload);
          if (parsed.ok) queue.push({ command: toCommand(name, parsed.value, now()), settle });
        }),
      {
        // Validators reject before anything is written to history.
        validator: (payload: unknown) => {
          const parsed = parseMessagePayload(name, payload);
          if (!parsed.ok) {
            throw ApplicationFailure.nonRetryable(
              parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
              'invalid-payload',
              parsed.problems,
            );
          }
          if (isClosed(state)) throw ApplicationFailure.nonRetryable(`the case is ${state.status}`, 'case-closed');
          // Validators do not run on replay, so these checks are free to change without a patch.
          // Until its context is loaded the case cannot decide; an accepted update would wait on an activity (for as
          // long as Postgres is down), so it is refused and the caller retries.
          if (!context || !calendar) {
            throw ApplicationFailure.nonRetryable('the case is still loading its context', 'case-starting');
          }
          // The dry run runs only when no message is queued ahead of this one: then the decider sees exactly this state.
          if (queue.length > 0 || name === 'calendar-updated') return;
          const command = toCommand(name, parsed.value, now());
          if (state.handledCommandIds.includes(command.commandId)) return;
          const decision = decide(state, command, decisionContext(context, calendar));
          if (!decision.ok) {
            const { rejection } = decision;
            throw ApplicationFailure.nonRetryable(rejection.message, rejection.code, {
              ...(rejection.field ? { field: rejection.field } : {}),
              ...(rejection.details === undefined ? {} : { details: rejection.details }),
            });
          }
        },
      },
    );
  }

  function apply(command: CaseCommand): CommandOutcome {
    if (!context || !calendar) throw new Error('case context not loaded');
    if (state.handledCommandIds.includes(command.commandId)) {
      // Idempotent on commandId: a retried message counts once.
      return { ok: true, commandId: command.commandId, duplicate: true, events: [], lastSequence: events.length };
    }
    const decision = decide(state, command, decisionContext(context, calendar));
    if (!decision.ok) return { ok: false, commandId: command.commandId, rejection: decision.rejection };
    for (const event of decision.events) {
      state = evolve(state, event);
      events.push(record(events.length + 1, event));
    }
    return {
      ok: true,
      commandId: command.commandId,
      duplicate: false,
      events: decision.events.map((event) => event.type),
      lastSequence: events.length,
    };
  }

  function record(sequence: number, event: CaseEvent): RecordedEvent {
    return {
      sequence,
      type: event.type,
      at: event.at,
      actor: event.actor,
      commandId: event.commandId,
      event,
    };
  }

  // Projector: hands new events to Postgres in order, one batch at a time, beside the decision loop.
  let draining = false;
  const projector = (async () => {
    for (;;) {
      await condition(() => events.length > projected || draining);
      if (events.length === projected) return;
      const upTo = events.length;
      // The read-model snapshot this design sent with its events is gone: the projection folds the events itself
      // (an activity's input is not part of what a replay compares).
      await recordCaseEvents({ caseId: input.caseId, events: events.slice(projected, upTo) });
      projected = upTo;
    }
  })();

  let indexed = '';
  function updateSearchAttributes(): void {
    const current = view();
    const departments = [...new Set(current.steps.map((step) => step.department))];
    const key = JSON.stringify([current.status, current.deadline, current.overdue, current.warningLevel, departments]);
    if (key === indexed) return;
    indexed = key;
    upsertSearchAttributes([
      { key: caseStatusSearchAttribute, value: current.status },
      { key: caseTemplateSearchAttribute, value: input.templateId },
      { key: caseDepartmentsSearchAttribute, value: departments },
      { key: caseDeadlineSearchAttribute, value: current.deadline ? new Date(current.deadline) : null },
      { key: caseOverdueSearchAttribute, value: current.overdue },
      { key: caseWarningLevelSearchAttribute, value: current.warningLevel },
    ]);
  }

  if (!context) {
    // The catalogue version and calendar are read through an activity, so they are in the history and replay.
    context = await loadCaseContext({
      templateId: input.templateId,
      ...(input.catalogVersion ? { catalogVersion: input.catalogVersion } : {}),
    });
    calendar = new WorkingCalendar(context.calendar);
    const submitted = apply({
      type: 'SubmitCase',
      commandId: input.commandId,
      at: now(),
      actor: input.actor,
      caseId: input.caseId,
      templateId: input.templateId,
      applicant: input.applicant,
      project: input.project,
      documents: input.documents,
      receivedAt: input.receivedAt,
      ...(input.landContractSigned ? { landContractSigned: true } : {}),
    });
    if (!submitted.ok) throw ApplicationFailure.nonRetryable(submitted.rejection.message, submitted.rejection.code);
  }

  while (!isClosed(state)) {
    updateSearchAttributes();
    if (workflowInfo().continueAsNewSuggested && queue.length === 0) {
      draining = true;
      await projector;
      await condition(allHandlersFinished);
      // The next run is `approvalCase` (the same workflow type), which sends a carried legacy case here again.
      await continueAsNew<typeof legacyApprovalCase>(input, { state, events, context, projected });
    }
    const wake = nextWakeUp(state);
    // Sleep until the nearest deadline, or until a message arrives.
    const messaged =
      wake === undefined
        ? await condition(() => queue.length > 0).then(() => true)
        : await condition(() => queue.length > 0, Math.max(1, Date.parse(wake) - Date.now()));
    if (!messaged) {
      apply({ type: 'CheckClocks', commandId: `clock:${now()}`, at: now(), actor: SYSTEM });
      continue;
    }
    for (let pending = queue.shift(); pending; pending = queue.shift()) {
      if (pending.command.type === 'RecomputeDeadlines' && !isClosed(state)) {
        // calendar-updated: the new calendar is read through an activity, so the recomputation replays identically.
        context = { ...context, calendar: await loadCalendar() };
        calendar = new WorkingCalendar(context.calendar);
      }
      const outcome = apply(pending.command);
      if (!outcome.ok && !pending.settle) {
        // A signal cannot answer: its rejection goes to the worker log (the API's own dry run, on the read model, refuses
        // what no moment of the case could accept before sending).
        log.warn('signal rejected', {
          commandId: outcome.commandId,
          type: pending.command.type,
          rejection: outcome.rejection,
        });
      }
      pending.settle?.(outcome);
    }
  }
  updateSearchAttributes();
  // Messages that raced the closing are answered, then the projection drains before the run ends.
  for (let pending = queue.shift(); pending; pending = queue.shift()) pending.settle?.(apply(pending.command));
  draining = true;
  await projector;
  await condition(allHandlersFinished);
  return view();
}
