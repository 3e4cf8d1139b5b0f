import { z } from 'zod';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import type { RejectionMap } from '../base';
import { holdClock, newClock, stopClock, suspendClock, type ClockPatch } from '../clocks';
import {
  drafts,
  matterOf,
  nextSuspensionId,
  refuse,
  settingsOf,
  stopAll,
  unknownStep,
  type BodiesOf,
  type Draft,
  type Evolvers,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { referralClockKey, stepClockKey, withClocks, type StepState } from '../state';
import { DEEMED_BY, OPINION_KINDS, OPINION_OUTCOMES } from '../vocabulary';
import { hearingPending } from './hearings';
import { departmentDenied, leadDenied, patchStep, stepTimeAt } from './steps';

const DEPARTMENT = ['department', 'integrator', 'window'] as const;

export const opinionCommands = {
  RecordOpinion: {
    message: 'department-opinion',
    senders: DEPARTMENT,
    description: "a department's answer on its own step: agree, disagree with reasons, refer upward, ask for 补正",
    payload: (f: CaseFields) => ({
      stepId: f.code,
      opinion: z.enum(OPINION_KINDS),
      reasons: f.text().optional(),
      /** request-correction: what the applicant must correct (materials of the step's matter). */
      corrections: z.array(f.code).max(200).optional(),
      /** The answer of the higher organ to a step referred upward. */
      higherOrgan: z.boolean().optional(),
    }),
  },
  HoldJointReview: {
    message: 'joint-review-held',
    senders: DEPARTMENT,
    description:
      '联合审查会: the joint review meeting was held with these departments present (缺席默认 for the others)',
    payload: (f: CaseFields) => ({ present: z.array(f.code).max(100), note: f.text().optional() }),
  },
  UrgeStep: {
    message: 'step-urged',
    senders: ['supervisor'],
    description: '电子监察 督办: a supervisor urges a department on a step that is late or stuck',
    payload: (f: CaseFields) => ({ stepId: f.code, note: f.text() }),
  },
} as const;

export const opinionEvents = (f: EventKit) => ({
  OpinionRecorded: z.strictObject({
    stepId: z.string(),
    opinion: z.enum(OPINION_KINDS),
    reasons: z.string().optional(),
    higherOrgan: z.boolean().optional(),
    corrections: z.array(z.string()).optional(),
    /** What the opinion did to the step. */
    outcome: z.enum(OPINION_OUTCOMES),
    deemedBy: z.enum(DEEMED_BY).optional(),
    clocks: f.clockPatch,
    /** Rules 2026-12b: the time the step used, when the opinion finishes it. */
    time: f.stepTime.optional(),
  }),
  StepDeemedConsented: z.strictObject({
    stepId: z.string(),
    rule: z.literal('timeout'),
    clocks: f.clockPatch,
    time: f.stepTime.optional(),
  }),
  StepEscalated: z.strictObject({ stepId: z.string(), rule: z.enum(['timeout', 'absent', 'referral-timeout']) }),
  CaseRefused: z.strictObject({ stepId: z.string(), reasons: z.string(), clocks: f.clockPatch }),
  JointReviewHeld: z.strictObject({
    present: z.array(z.string()),
    absent: z.array(z.string()),
    note: z.string().optional(),
  }),
  StepUrged: z.strictObject({ stepId: z.string(), note: z.string() }),
});

export const opinionRejections = {
  'step-not-in-review': 'conflict',
  'not-referred': 'conflict',
  'opinion-already-given': 'conflict',
  'reasons-required': 'unprocessable',
  'corrections-required': 'unprocessable',
  'unknown-department': 'unprocessable',
  'nothing-to-review': 'conflict',
  'not-a-material-of-the-step': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof opinionCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof opinionEvents>> {}
  interface CaseRejectionMap extends Writable<typeof opinionRejections> {}
}

export const opinionHandlers: Handlers<'RecordOpinion' | 'HoldJointReview' | 'UrgeStep'> = {
  RecordOpinion(state, command, ctx) {
    const denied = departmentDenied(state, command.actor, command.stepId, ctx) ?? hearingPending(state, command.stepId);
    if (denied) return denied;
    const step = state.steps[command.stepId];
    const matter = matterOf(ctx, command.stepId);
    if (!matter) return unknownStep(ctx, command.stepId);
    const key = stepClockKey(command.stepId);
    const clock = state.clocks[key];
    if (command.higherOrgan) {
      if (step.status !== 'referred')
        return refuse('not-referred', `step ${command.stepId} is not waiting for a higher organ`, 'higherOrgan');
    } else if (step.status === 'agreed' || step.status === 'deemed-consent' || step.status === 'refused') {
      return refuse(
        'opinion-already-given',
        `step ${command.stepId} already has its outcome (${step.status})`,
        'stepId',
      );
    } else if (step.status !== 'in-review') {
      return refuse('step-not-in-review', `step ${command.stepId} is ${step.status}`, 'stepId');
    }
    const stopped: ClockPatch = {};
    if (clock && !clock.stoppedAt) stopped[key] = stopClock(clock, command.at);
    const referral = state.clocks[referralClockKey(command.stepId)];
    if (referral && !referral.stoppedAt) stopped[referralClockKey(command.stepId)] = stopClock(referral, command.at);
    const base = {
      type: 'OpinionRecorded' as const,
      stepId: command.stepId,
      opinion: command.opinion,
      ...(command.reasons?.trim() ? { reasons: command.reasons.trim() } : {}),
      ...(command.higherOrgan ? { higherOrgan: true } : {}),
    };
    // Rules 2026-12b: an outcome carries the time the step used (its department's time ends at a referral).
    const counted = stepTimeAt(ctx, clock, clock?.stoppedAt ?? command.at);
    const time = counted ? { time: counted } : {};
    switch (command.opinion) {
      case 'agree':
        return drafts({ ...base, outcome: 'agreed', clocks: stopped, ...time });
      case 'disagree': {
        if (!command.reasons?.trim()) {
          if (!matter.disagreeWithoutReasonsMeansConsent)
            return refuse('reasons-required', '不同意 needs its reasons', 'reasons');
          // Local rule: a "disagree" with no reasons counts as consent.
          return drafts({
            ...base,
            outcome: 'deemed-consent',
            deemedBy: 'disagree-without-reasons',
            clocks: stopped,
            ...time,
          });
        }
        const refused: Draft = { event: { ...base, outcome: 'refused', clocks: stopped, ...time } };
        if (!ctx.template.refusalEndsCase || !step.required) return [refused];
        return [
          refused,
          {
            event: {
              type: 'CaseRefused',
              stepId: command.stepId,
              reasons: command.reasons.trim(),
              clocks: stopAll(withClocks(state, stopped).clocks, command.at),
            },
          },
        ];
      }
      case 'agree-refer-upward': {
        if (command.higherOrgan) return refuse('not-referred', 'a higher organ answers agree or disagree', 'opinion');
        // 上报件 (Art. 43): the step waits for the higher organ, on a clock of its own.
        const limit = matter.referralLimit ?? DEFAULT_LIMITS.referral;
        return drafts({
          ...base,
          outcome: 'referred',
          clocks: {
            ...stopped,
            [referralClockKey(command.stepId)]: newClock('referral', command.at, limit, ctx.calendar, settingsOf(ctx)),
          },
        });
      }
      case 'request-correction': {
        const corrections = command.corrections ?? [];
        if (corrections.length === 0)
          return refuse('corrections-required', '补正 must list what to correct', 'corrections');
        if (ctx.rules.correctionsOfTheMatter) {
          // A code no material of the step's matter has could never be supplied: the step would wait for good.
          const own = new Set(matter.materials.map((material) => material.code));
          const foreign = corrections.filter((material) => !own.has(material));
          if (foreign.length > 0) {
            return refuse(
              'not-a-material-of-the-step',
              `补正 names materials of the step's matter ${matter.code}; not: ${foreign.join(', ')}`,
              'corrections',
              foreign,
            );
          }
        }
        if (!clock) return refuse('step-not-in-review', `step ${command.stepId} has no clock`, 'stepId');
        // 补正 is the applicant's delay: the step's clock stops until the corrected materials arrive; from 2026-12 the
        // case clock too, since the whole case waits for the applicant.
        const asked: Draft = { event: { ...base, corrections, outcome: 'awaiting-correction', clocks: {} } };
        if (ctx.rules.correctionHoldsCase) {
          const hold = nextSuspensionId(state);
          const caseClock = state.clocks.case;
          const keys = [key, ...(caseClock && !caseClock.stoppedAt ? ['case'] : [])];
          return [
            asked,
            {
              event: {
                type: 'ClockSuspended',
                id: hold,
                stepId: command.stepId,
                keys,
                reason: 'correction',
                note: corrections.join(', '),
                expectedWorkingDays: 0,
                clocks: Object.fromEntries(keys.map((held) => [held, holdClock(state.clocks[held], command.at, hold)])),
              },
            },
          ];
        }
        return [
          asked,
          {
            event: {
              type: 'ClockSuspended',
              keys: [key],
              reason: 'correction',
              note: corrections.join(', '),
              expectedWorkingDays: 0,
              clocks: { [key]: suspendClock(clock, command.at) },
            },
          },
        ];
      }
      case 'absent':
        if (matter.absentMeansConsent) {
          // 缺席默认: absent from the joint review meeting, taken to consent.
          return drafts({ ...base, outcome: 'deemed-consent', deemedBy: 'absent', clocks: stopped, ...time });
        }
        return drafts({ ...base, outcome: 'escalated', clocks: {} });
      default: {
        const unreachable: never = command.opinion;
        return unreachable;
      }
    }
  },

  HoldJointReview(state, command, ctx) {
    const denied = leadDenied(command.actor, ctx, ['window']);
    if (denied) return denied;
    const known = new Set(Object.values(ctx.matters).map((matter) => matter.department));
    const unknown = command.present.filter((department) => !known.has(department));
    if (unknown.length > 0)
      return refuse('unknown-department', `not departments of this case: ${unknown.join(', ')}`, 'present', unknown);
    const inReview = state.stepOrder
      .map((stepId) => state.steps[stepId])
      .filter((step) => step.status === 'in-review' && !step.immediate);
    if (inReview.length === 0) return refuse('nothing-to-review', 'no step is in review');
    const present = new Set(command.present);
    const absent = [...new Set(inReview.map((step) => step.department).filter((code) => !present.has(code)))];
    const result: Draft[] = [
      {
        event: {
          type: 'JointReviewHeld',
          present: [...present],
          absent,
          ...(command.note?.trim() ? { note: command.note.trim() } : {}),
        },
      },
    ];
    for (const step of inReview.filter((candidate) => !present.has(candidate.department))) {
      const key = stepClockKey(step.stepId);
      const clock = state.clocks[key];
      if (matterOf(ctx, step.stepId)?.absentMeansConsent) {
        // 缺席默认: a department absent from the joint review meeting is taken to consent.
        const counted = stepTimeAt(ctx, clock, command.at);
        result.push({
          event: {
            type: 'OpinionRecorded',
            stepId: step.stepId,
            opinion: 'absent',
            outcome: 'deemed-consent',
            deemedBy: 'absent',
            clocks: clock && !clock.stoppedAt ? { [key]: stopClock(clock, command.at) } : {},
            ...(counted ? { time: counted } : {}),
          },
        });
      } else if (!step.escalated) {
        // Otherwise the absence goes to the supervisor (督办).
        result.push({ event: { type: 'StepEscalated', stepId: step.stepId, rule: 'absent' } });
      }
    }
    return result;
  },

  UrgeStep(state, command) {
    if (!['supervisor', 'admin'].includes(command.actor.role))
      return refuse('forbidden-role', `督办 is the supervisor's, not ${command.actor.role}'s`);
    const step = state.steps[command.stepId];
    if (!step) return refuse('unknown-step', `step ${command.stepId} is not in this case`, 'stepId');
    if (!['in-review', 'awaiting-correction', 'referred'].includes(step.status))
      return refuse('step-not-in-review', `step ${command.stepId} is ${step.status}: nothing to urge`, 'stepId');
    return drafts({ type: 'StepUrged', stepId: command.stepId, note: command.note.trim() });
  },
};

export const opinionEvolvers: Evolvers<
  'OpinionRecorded' | 'StepDeemedConsented' | 'StepEscalated' | 'CaseRefused' | 'JointReviewHeld' | 'StepUrged'
> = {
  OpinionRecorded: (state, event) => {
    const step = state.steps[event.stepId];
    if (!step) return state;
    const opinion = {
      kind: event.opinion,
      at: event.at,
      actor: event.actor,
      ...(event.reasons ? { reasons: event.reasons } : {}),
      ...(event.higherOrgan ? { higherOrgan: true } : {}),
    };
    const status: StepState['status'] =
      event.outcome === 'escalated'
        ? step.status
        : event.outcome === 'referred'
          ? 'referred'
          : event.outcome === 'awaiting-correction'
            ? 'awaiting-correction'
            : event.outcome;
    const finished = status === 'agreed' || status === 'deemed-consent' || status === 'refused';
    const corrections = (event.corrections ?? []).map((materialCode) => ({
      materialCode,
      stepId: event.stepId,
      reason: 'correction' as const,
      requestedAt: event.at,
    }));
    return withClocks(
      {
        ...patchStep(state, event.stepId, {
          status,
          opinions: [...step.opinions, opinion],
          ...(finished ? { finishedAt: event.at } : {}),
          ...(event.deemedBy ? { deemedBy: event.deemedBy } : {}),
          ...(event.outcome === 'escalated' ? { escalated: true } : {}),
          ...(event.time ? { time: event.time } : {}),
        }),
        missing: [...state.missing, ...corrections],
      },
      event.clocks,
    );
  },
  StepDeemedConsented: (state, event) =>
    withClocks(
      patchStep(state, event.stepId, {
        status: 'deemed-consent',
        deemedBy: event.rule,
        finishedAt: event.at,
        ...(event.time ? { time: event.time } : {}),
      }),
      event.clocks,
    ),
  StepEscalated: (state, event) => patchStep(state, event.stepId, { escalated: true }),
  StepUrged: (state, event) => patchStep(state, event.stepId, { escalated: true }),
  CaseRefused: (state, event) =>
    withClocks({ ...state, status: 'refused', closed: { at: event.at, reason: event.reasons } }, event.clocks),
  JointReviewHeld: (state, event) => ({
    ...state,
    jointReviews: [
      ...(state.jointReviews ?? []),
      { at: event.at, present: event.present, absent: event.absent, actor: event.actor },
    ],
  }),
};
