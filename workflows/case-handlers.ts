import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import {
  caseDeadlinesQuery,
  caseEventsQuery,
  caseStateQuery,
  MESSAGE_NAMES,
  messageSignals,
  messageUpdates,
  missingDocumentsQuery,
  parseMessagePayload,
  toCommand,
  type CommandOutcome,
  type MessageName,
} from '@onewindow/contract';
import { isFinished, startingView } from '@onewindow/case';
import type { CaseRun } from './case-run';

const now = (): string => new Date().toISOString();

/**
 * Registers every query, signal and update of the contract (before the first await, so nothing early is lost).
 * Handlers only enqueue: the main loop applies one input at a time, in arrival order (patched: a timer that fired
 * in the same activation as messages first).
 */
export function registerCaseHandlers(run: CaseRun, refusing: () => 'case-continuing' | undefined): void {
  // A case that has not loaded its context yet answers with what its start said (the API answers 409).
  const view = (at: string = now()) => run.view(at) ?? startingView(run.input, run.state.rulesVersion);
  setHandler(caseStateQuery, (options) => view(options?.asOf));
  setHandler(caseEventsQuery, () => run.events);
  setHandler(missingDocumentsQuery, () => view().missingDocuments);
  setHandler(caseDeadlinesQuery, () =>
    Object.entries(run.state.clocks).map(([key, clock]) => ({
      key,
      deadline: clock.deadline,
      provisional: clock.provisional,
      suspended: clock.suspendedSince !== undefined,
      ...(clock.stoppedAt ? { stoppedAt: clock.stoppedAt } : {}),
    })),
  );
  for (const name of MESSAGE_NAMES) registerMessage(run, name, refusing);
}

function registerMessage(run: CaseRun, name: MessageName, refusing: () => 'case-continuing' | undefined): void {
  setHandler(messageSignals[name], (payload: unknown) => {
    const parsed = parseMessagePayload(name, payload);
    if (!parsed.ok) {
      // A signal cannot answer: an invalid one is logged and dropped (the API validates before sending).
      log.warn('invalid signal dropped', { name, problems: parsed.problems });
      return;
    }
    run.inputs.push({ command: toCommand(name, parsed.value, now()) });
  });
  setHandler(
    messageUpdates[name],
    (payload: unknown) =>
      new Promise<CommandOutcome>((settle) => {
        const parsed = parseMessagePayload(name, payload);
        if (parsed.ok) run.inputs.push({ command: toCommand(name, parsed.value, now()), settle });
      }),
    {
      // Validators refuse before anything is written to history; they do not run on replay, so they may change freely.
      validator: (payload: unknown) => {
        const parsed = parseMessagePayload(name, payload);
        if (!parsed.ok) {
          throw ApplicationFailure.nonRetryable(
            parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
            'invalid-payload',
            parsed.problems,
          );
        }
        if (isFinished(run.state))
          throw ApplicationFailure.nonRetryable(`the case is ${run.state.status}`, 'case-closed');
        // Until its context is loaded the case cannot decide; an accepted update would wait on an activity (for as
        // long as Postgres is down), so it is refused and the caller retries. Likewise while the run hands over.
        const busy = run.context ? refusing() : 'case-starting';
        if (busy) throw ApplicationFailure.nonRetryable(`the case is ${busy.slice(5)}; retry`, busy);
        // The dry run only when nothing is queued ahead of this update: then the decider sees exactly this state.
        if (run.inputs.length > 0 || name === 'calendar-updated') return;
        const command = toCommand(name, parsed.value, now());
        if (run.state.handledCommandIds.includes(command.commandId)) return;
        const decision = run.dryRun(command);
        if (decision && !decision.ok) {
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
