import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { stopClock } from '../clocks';
import { isClosed, POST_CHECK_CLOCK } from '../state';
import type { VerificationResult } from '../vocabulary';
import { reject, type Handlers } from './batch';

/** 告知承诺制: a check of what the applicant committed to, true or false. */
export interface VerifyCommitment extends CommandBase {
  type: 'VerifyCommitment';
  materialCode: string;
  result: VerificationResult;
  note: string;
}

/** The applicant withdraws the application. */
export interface Withdraw extends CommandBase {
  type: 'Withdraw';
  reason: string;
}

export type ClosingCommand = VerifyCommitment | Withdraw;

export type ClosingEvent =
  | { type: 'CaseTerminated'; reason: string; clocks: ClockPatch }
  | { type: 'CommitmentVerified'; materialCode: string; result: VerificationResult; note: string }
  | { type: 'CreditEventRecorded'; materialCode: string; note: string }
  | { type: 'DecisionRevoked'; reason: string; clocks?: ClockPatch }
  | { type: 'PostDecisionCheckEnded'; clocks: ClockPatch }
  | { type: 'CaseWithdrawn'; reason: string; clocks: ClockPatch };

export const closingRejections = {
  'unknown-commitment': 'unprocessable',
} as const satisfies RejectionMap;

export const closingHandlers: Handlers<ClosingCommand> = {
  VerifyCommitment(b, command) {
    if (b.rules2 && isClosed(b.state)) {
      const check = b.clock(POST_CHECK_CLOCK);
      if (b.state.status !== 'completed' || !check || check.stoppedAt)
        reject('case-closed', `the case is ${b.state.status} and its post-decision check is over`);
    }
    const commitment = b.state.commitments.find(
      (candidate) => candidate.materialCode === command.materialCode && !candidate.verified,
    );
    if (!commitment)
      reject('unknown-commitment', `no unverified commitment for ${command.materialCode}`, 'materialCode');
    b.emit({
      type: 'CommitmentVerified',
      materialCode: command.materialCode,
      result: command.result,
      note: command.note,
    });
    if (command.result === 'true') {
      // Rules 2: once every commitment is found true, the post-decision check has nothing left to find.
      const check = b.clock(POST_CHECK_CLOCK);
      if (check && !check.stoppedAt && b.state.commitments.every((candidate) => candidate.verified)) {
        b.emit({ type: 'PostDecisionCheckEnded', clocks: { [POST_CHECK_CLOCK]: stopClock(check, b.at) } });
      }
      return;
    }
    // 告知承诺制: a false commitment writes a credit event and ends the case or revokes the decision.
    b.emit({ type: 'CreditEventRecorded', materialCode: command.materialCode, note: command.note });
    if (b.state.status === 'completed') {
      const check = b.clock(POST_CHECK_CLOCK);
      b.emit({
        type: 'DecisionRevoked',
        reason: `false commitment: ${command.materialCode}: ${command.note}`,
        ...(check && !check.stoppedAt ? { clocks: { [POST_CHECK_CLOCK]: stopClock(check, b.at) } } : {}),
      });
    } else if (!isClosed(b.state)) {
      b.emit({
        type: 'CaseTerminated',
        reason: `false commitment: ${command.materialCode}: ${command.note}`,
        clocks: b.stopAll(),
      });
    }
  },

  Withdraw(b, command) {
    if (!command.reason.trim()) reject('reason-required', 'a withdrawal states its reason', 'reason');
    b.emit({ type: 'CaseWithdrawn', reason: command.reason.trim(), clocks: b.stopAll() });
  },
};
