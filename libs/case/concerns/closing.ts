import { z } from 'zod';
import type { RejectionMap } from '../base';
import { stopClock } from '../clocks';
import {
  drafts,
  refuse,
  stopAll,
  type BodiesOf,
  type Draft,
  type Evolvers,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { isClosed, POST_CHECK_CLOCK, withClocks } from '../state';
import { VERIFICATION_RESULTS } from '../vocabulary';

export const closingCommands = {
  VerifyCommitment: {
    message: 'commitment-verified',
    senders: ['window', 'integrator', 'department'],
    description: '告知承诺制: a check of what the applicant committed to, true or false',
    payload: (f: CaseFields) => ({ materialCode: f.code, result: z.enum(VERIFICATION_RESULTS), note: f.text() }),
  },
  Withdraw: {
    message: 'withdrawn',
    senders: ['window', 'integrator'],
    description: 'the applicant withdraws the application',
    payload: (f: CaseFields) => ({ reason: f.text() }),
  },
} as const;

export const closingEvents = (f: EventKit) => ({
  CaseTerminated: z.strictObject({ reason: z.string(), clocks: f.clockPatch }),
  CommitmentVerified: z.strictObject({
    materialCode: f.code,
    result: z.enum(VERIFICATION_RESULTS),
    note: z.string(),
  }),
  CreditEventRecorded: z.strictObject({ materialCode: f.code, note: z.string() }),
  DecisionRevoked: z.strictObject({ reason: z.string(), clocks: f.clockPatch.optional() }),
  PostDecisionCheckEnded: z.strictObject({ clocks: f.clockPatch }),
  CaseWithdrawn: z.strictObject({ reason: z.string(), clocks: f.clockPatch }),
});

export const closingRejections = {
  'unknown-commitment': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof closingCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof closingEvents>> {}
  interface CaseRejectionMap extends Writable<typeof closingRejections> {}
}

export const closingHandlers: Handlers<'VerifyCommitment' | 'Withdraw'> = {
  VerifyCommitment(state, command, ctx) {
    const check = state.clocks[POST_CHECK_CLOCK];
    if (ctx.rules.postDecisionCheck && isClosed(state)) {
      if (state.status !== 'completed' || !check || check.stoppedAt)
        return refuse('case-closed', `the case is ${state.status} and its post-decision check is over`);
    }
    const commitment = state.commitments.find(
      (candidate) => candidate.materialCode === command.materialCode && !candidate.verified,
    );
    if (!commitment)
      return refuse('unknown-commitment', `no unverified commitment for ${command.materialCode}`, 'materialCode');
    const result: Draft[] = [
      {
        event: {
          type: 'CommitmentVerified',
          materialCode: command.materialCode,
          result: command.result,
          note: command.note,
        },
      },
    ];
    if (command.result === 'true') {
      // Once every commitment is found true, the post-decision check has nothing left to find.
      const allVerified = state.commitments.every(
        (candidate) => candidate.verified || candidate.materialCode === command.materialCode,
      );
      if (check && !check.stoppedAt && allVerified) {
        result.push({
          event: { type: 'PostDecisionCheckEnded', clocks: { [POST_CHECK_CLOCK]: stopClock(check, command.at) } },
        });
      }
      return result;
    }
    // 告知承诺制: a false commitment writes a credit event and ends the case or revokes the decision.
    result.push({ event: { type: 'CreditEventRecorded', materialCode: command.materialCode, note: command.note } });
    const reason = `false commitment: ${command.materialCode}: ${command.note}`;
    if (state.status === 'completed') {
      result.push({
        event: {
          type: 'DecisionRevoked',
          reason,
          ...(check && !check.stoppedAt ? { clocks: { [POST_CHECK_CLOCK]: stopClock(check, command.at) } } : {}),
        },
      });
    } else if (!isClosed(state)) {
      result.push({ event: { type: 'CaseTerminated', reason, clocks: stopAll(state.clocks, command.at) } });
    }
    return result;
  },

  Withdraw(state, command) {
    if (!command.reason.trim()) return refuse('reason-required', 'a withdrawal states its reason', 'reason');
    return drafts({ type: 'CaseWithdrawn', reason: command.reason.trim(), clocks: stopAll(state.clocks, command.at) });
  },
};

export const closingEvolvers: Evolvers<
  | 'CaseTerminated'
  | 'CommitmentVerified'
  | 'CreditEventRecorded'
  | 'DecisionRevoked'
  | 'PostDecisionCheckEnded'
  | 'CaseWithdrawn'
> = {
  CaseTerminated: (state, event) =>
    withClocks({ ...state, status: 'terminated', closed: { at: event.at, reason: event.reason } }, event.clocks),
  CommitmentVerified: (state, event) => ({
    ...state,
    commitments: state.commitments.map((commitment) =>
      commitment.materialCode === event.materialCode && !commitment.verified
        ? { ...commitment, verified: { result: event.result, at: event.at, note: event.note } }
        : commitment,
    ),
  }),
  CreditEventRecorded: (state, event) => ({
    ...state,
    creditEvents: [...state.creditEvents, { at: event.at, materialCode: event.materialCode, note: event.note }],
  }),
  DecisionRevoked: (state, event) =>
    withClocks({ ...state, status: 'revoked', closed: { at: event.at, reason: event.reason } }, event.clocks),
  PostDecisionCheckEnded: (state, event) => withClocks(state, event.clocks),
  CaseWithdrawn: (state, event) =>
    withClocks({ ...state, status: 'withdrawn', closed: { at: event.at, reason: event.reason } }, event.clocks),
};
