import { DEFAULT_LIMITS } from '@onewindow/catalog';
import { holdClock, newClock, stopClock, suspendClock } from '../clocks';
import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { referralClockKey, stepClockKey, type StepState } from '../state';
import type { OpinionKind } from '../vocabulary';
import { reject, type Handlers } from './batch';
import { assertNoPendingHearing } from './hearings';
import { assertDepartment, assertLeadDepartment, startReadySteps } from './steps';

/** A department's answer on its own step. */
export interface RecordOpinion extends CommandBase {
  type: 'RecordOpinion';
  stepId: string;
  opinion: OpinionKind;
  reasons?: string;
  /** request-correction: what the applicant must correct. */
  corrections?: string[];
  /** The answer of the higher organ to a step referred upward. */
  higherOrgan?: boolean;
}

/** 联合审查会: the joint review meeting was held with these departments present (缺席默认 for the others). */
export interface HoldJointReview extends CommandBase {
  type: 'HoldJointReview';
  present: string[];
  note?: string;
}

/** 电子监察 督办: a supervisor urges a department on a step that is late or stuck. */
export interface UrgeStep extends CommandBase {
  type: 'UrgeStep';
  stepId: string;
  note: string;
}

export type OpinionCommand = RecordOpinion | HoldJointReview | UrgeStep;

export type OpinionEvent =
  | {
      type: 'OpinionRecorded';
      stepId: string;
      opinion: OpinionKind;
      reasons?: string;
      higherOrgan?: boolean;
      corrections?: string[];
      /** What the opinion did to the step. */
      outcome: 'agreed' | 'refused' | 'referred' | 'awaiting-correction' | 'deemed-consent' | 'escalated';
      deemedBy?: StepState['deemedBy'];
      clocks: ClockPatch;
    }
  | { type: 'StepDeemedConsented'; stepId: string; rule: 'timeout'; clocks: ClockPatch }
  | { type: 'StepEscalated'; stepId: string; rule: 'timeout' | 'absent' | 'referral-timeout' }
  | { type: 'CaseRefused'; stepId: string; reasons: string; clocks: ClockPatch }
  | { type: 'JointReviewHeld'; present: string[]; absent: string[]; note?: string }
  | { type: 'StepUrged'; stepId: string; note: string };

export const opinionRejections = {
  'step-not-in-review': 'conflict',
  'not-referred': 'conflict',
  'opinion-already-given': 'conflict',
  'reasons-required': 'unprocessable',
  'corrections-required': 'unprocessable',
  'unknown-department': 'unprocessable',
  'nothing-to-review': 'conflict',
} as const satisfies RejectionMap;

export const opinionHandlers: Handlers<OpinionCommand> = {
  RecordOpinion(b, command) {
    assertDepartment(b, command.stepId);
    assertNoPendingHearing(b, command.stepId);
    const step = b.state.steps[command.stepId];
    const matter = b.matterOf(command.stepId);
    const key = stepClockKey(command.stepId);
    const clock = b.clock(key);
    if (command.higherOrgan) {
      if (step.status !== 'referred')
        reject('not-referred', `step ${command.stepId} is not waiting for a higher organ`, 'higherOrgan');
    } else if (step.status === 'agreed' || step.status === 'deemed-consent' || step.status === 'refused') {
      reject('opinion-already-given', `step ${command.stepId} already has its outcome (${step.status})`, 'stepId');
    } else if (step.status !== 'in-review') {
      reject('step-not-in-review', `step ${command.stepId} is ${step.status}`, 'stepId');
    }
    const stopped: ClockPatch = {};
    if (clock && !clock.stoppedAt) stopped[key] = stopClock(clock, b.at);
    const referral = b.clock(referralClockKey(command.stepId));
    if (referral && !referral.stoppedAt) stopped[referralClockKey(command.stepId)] = stopClock(referral, b.at);
    const base = {
      type: 'OpinionRecorded' as const,
      stepId: command.stepId,
      opinion: command.opinion,
      ...(command.reasons?.trim() ? { reasons: command.reasons.trim() } : {}),
      ...(command.higherOrgan ? { higherOrgan: true } : {}),
    };
    switch (command.opinion) {
      case 'agree':
        b.emit({ ...base, outcome: 'agreed', clocks: stopped });
        startReadySteps(b);
        return;
      case 'disagree': {
        if (!command.reasons?.trim()) {
          if (!matter.disagreeWithoutReasonsMeansConsent)
            reject('reasons-required', '不同意 needs its reasons', 'reasons');
          // Local rule: a "disagree" with no reasons counts as consent.
          b.emit({ ...base, outcome: 'deemed-consent', deemedBy: 'disagree-without-reasons', clocks: stopped });
          startReadySteps(b);
          return;
        }
        b.emit({ ...base, outcome: 'refused', clocks: stopped });
        if (b.ctx.template.refusalEndsCase && step.required) {
          b.emit({ type: 'CaseRefused', stepId: command.stepId, reasons: command.reasons.trim(), clocks: b.stopAll() });
        } else if (b.rules2) {
          // refusalEndsCase false: the refusal is recorded and the case decides once every step has its outcome.
          startReadySteps(b);
        }
        return;
      }
      case 'agree-refer-upward': {
        if (command.higherOrgan) reject('not-referred', 'a higher organ answers agree or disagree', 'opinion');
        // 上报件 (Art. 43): the step waits for the higher organ, on a clock of its own.
        const limit = matter.referralLimit ?? DEFAULT_LIMITS.referral;
        b.emit({
          ...base,
          outcome: 'referred',
          clocks: {
            ...stopped,
            [referralClockKey(command.stepId)]: newClock('referral', b.at, limit, b.ctx.calendar, b.settings),
          },
        });
        return;
      }
      case 'request-correction': {
        const corrections = command.corrections ?? [];
        if (corrections.length === 0) reject('corrections-required', '补正 must list what to correct', 'corrections');
        if (!clock) reject('step-not-in-review', `step ${command.stepId} has no clock`, 'stepId');
        // 补正 is the applicant's delay: the step's clock stops until the corrected materials arrive; under rules 2
        // the case clock too, since the whole case waits for the applicant.
        b.emit({ ...base, corrections, outcome: 'awaiting-correction', clocks: {} });
        if (b.rules2) {
          const hold = b.nextSuspensionId();
          const caseClock = b.clock('case');
          const keys = [key, ...(caseClock && !caseClock.stoppedAt ? ['case'] : [])];
          b.emit({
            type: 'ClockSuspended',
            id: hold,
            stepId: command.stepId,
            keys,
            reason: 'correction',
            note: corrections.join(', '),
            expectedWorkingDays: 0,
            clocks: Object.fromEntries(keys.map((held) => [held, holdClock(b.clock(held)!, b.at, hold)])),
          });
          return;
        }
        b.emit({
          type: 'ClockSuspended',
          keys: [key],
          reason: 'correction',
          note: corrections.join(', '),
          expectedWorkingDays: 0,
          clocks: { [key]: suspendClock(clock, b.at) },
        });
        return;
      }
      case 'absent':
        if (matter.absentMeansConsent) {
          // 缺席默认: absent from the joint review meeting, taken to consent.
          b.emit({ ...base, outcome: 'deemed-consent', deemedBy: 'absent', clocks: stopped });
          startReadySteps(b);
        } else {
          b.emit({ ...base, outcome: 'escalated', clocks: {} });
        }
        return;
      default: {
        const unreachable: never = command.opinion;
        return unreachable;
      }
    }
  },

  HoldJointReview(b, command) {
    assertLeadDepartment(b, ['window']);
    const known = new Set(Object.values(b.ctx.matters).map((matter) => matter.department));
    const unknown = command.present.filter((department) => !known.has(department));
    if (unknown.length > 0)
      reject('unknown-department', `not departments of this case: ${unknown.join(', ')}`, 'present', unknown);
    const inReview = b.state.stepOrder
      .map((stepId) => b.state.steps[stepId])
      .filter((step) => step.status === 'in-review' && !step.immediate);
    if (inReview.length === 0) reject('nothing-to-review', 'no step is in review');
    const present = new Set(command.present);
    const absent = [...new Set(inReview.map((step) => step.department).filter((code) => !present.has(code)))];
    b.emit({
      type: 'JointReviewHeld',
      present: [...present],
      absent,
      ...(command.note?.trim() ? { note: command.note.trim() } : {}),
    });
    for (const step of inReview.filter((candidate) => !present.has(candidate.department))) {
      const key = stepClockKey(step.stepId);
      const clock = b.clock(key);
      if (b.matterOf(step.stepId).absentMeansConsent) {
        // 缺席默认: a department absent from the joint review meeting is taken to consent.
        b.emit({
          type: 'OpinionRecorded',
          stepId: step.stepId,
          opinion: 'absent',
          outcome: 'deemed-consent',
          deemedBy: 'absent',
          clocks: clock && !clock.stoppedAt ? { [key]: stopClock(clock, b.at) } : {},
        });
      } else if (!step.escalated) {
        // Otherwise the absence goes to the supervisor (督办).
        b.emit({ type: 'StepEscalated', stepId: step.stepId, rule: 'absent' });
      }
    }
    startReadySteps(b);
  },

  UrgeStep(b, command) {
    if (!['supervisor', 'admin'].includes(b.command.actor.role))
      reject('forbidden-role', `督办 is the supervisor's, not ${b.command.actor.role}'s`);
    const step = b.state.steps[command.stepId];
    if (!step) reject('unknown-step', `step ${command.stepId} is not in this case`, 'stepId');
    if (!['in-review', 'awaiting-correction', 'referred'].includes(step.status))
      reject('step-not-in-review', `step ${command.stepId} is ${step.status}: nothing to urge`, 'stepId');
    b.emit({ type: 'StepUrged', stepId: command.stepId, note: command.note.trim() });
  },
};
