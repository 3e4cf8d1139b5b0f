import type { CaseCommand } from '../commands';
import { isClosed, type CaseState } from '../state';
import { acceptanceHandlers } from './acceptance';
import { alarmHandlers } from './alarms';
import { Batch, reject, Rejected, type DeciderContext, type Decision, type Handler, type Handlers } from './batch';
import { closingHandlers } from './closing';
import { documentHandlers } from './documents';
import { hearingHandlers } from './hearings';
import { issuanceHandlers } from './issuance';
import { opinionHandlers } from './opinions';
import { periodHandlers } from './periods';
import { submissionHandlers } from './submission';

/** One handler per command type; the compiler refuses a command without one. */
const HANDLERS: Handlers<CaseCommand> = {
  ...submissionHandlers,
  ...acceptanceHandlers,
  ...documentHandlers,
  ...opinionHandlers,
  ...periodHandlers,
  ...hearingHandlers,
  ...issuanceHandlers,
  ...closingHandlers,
  ...alarmHandlers,
};

/** Commands a closed case still takes: post-decision checks, timers, calendar updates. */
const AFTER_CLOSE: ReadonlySet<CaseCommand['type']> = new Set([
  'VerifyCommitment',
  'CheckClocks',
  'RecomputeDeadlines',
]);

/** The decider: the events a command produces in this state, or why it is refused. Pure. */
export function decide(state: CaseState, command: CaseCommand, ctx: DeciderContext): Decision {
  try {
    const batch = new Batch(state, command, ctx);
    if (state.handledCommandIds.includes(command.commandId)) {
      reject('duplicate-command', `command ${command.commandId} was already handled`, 'commandId');
    }
    if (command.type !== 'SubmitCase' && state.status === 'draft')
      reject('case-not-submitted', 'the case has not been submitted');
    if (isClosed(state) && !AFTER_CLOSE.has(command.type)) reject('case-closed', `the case is ${state.status}`);
    (HANDLERS[command.type] as Handler<CaseCommand>)(batch, command);
    return { ok: true, events: batch.events };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

export { nextWakeUp } from './alarms';
export { SPECIAL_HANDLING_FACTOR } from './steps';
export type { DeciderContext, Decision };
