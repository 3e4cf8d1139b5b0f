import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { isClosed } from '../state';
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
  | { type: 'DecisionRevoked'; reason: string }
  | { type: 'CaseWithdrawn'; reason: string; clocks: ClockPatch };

export const closingRejections = {
  'unknown-commitment': 'unprocessable',
} as const satisfies RejectionMap;

export const closingHandlers: Handlers<ClosingCommand> = {
  VerifyCommitment(b, command) {
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
    if (command.result === 'true') return;
    // 告知承诺制: a false commitment writes a credit event and ends the case or revokes the decision.
    b.emit({ type: 'CreditEventRecorded', materialCode: command.materialCode, note: command.note });
    if (b.state.status === 'completed') {
      b.emit({ type: 'DecisionRevoked', reason: `false commitment: ${command.materialCode}: ${command.note}` });
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
