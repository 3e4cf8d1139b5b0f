import { z } from 'zod';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import type { Rejection, RejectionMap } from '../base';
import { holdClock, stopClock } from '../clocks';
import {
  clockOf,
  drafts,
  nextSuspensionId,
  refuse,
  type BodiesOf,
  type DeciderContext,
  type Evolvers,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import {
  hearingClockKey,
  hearingRequestClockKey,
  stepClockKey,
  withClocks,
  type CaseState,
  type HearingState,
} from '../state';
import { releaseDraft } from './periods';
import { departmentDenied, patchStep } from './steps';

const DEPARTMENT = ['department', 'integrator', 'window'] as const;

export const hearingCommands = {
  NotifyHearingRight: {
    message: 'hearing-notified',
    senders: DEPARTMENT,
    description:
      'Art. 47: before deciding a matter of major interest, the department tells the parties of their right to a hearing',
    payload: (f: CaseFields) => ({ stepId: f.code, note: f.text().optional() }),
  },
  RequestHearing: {
    message: 'hearing-requested',
    senders: ['window', 'integrator'],
    description:
      'Art. 47: the applicant or an interested party asks for a hearing, within 5 working days of the notice',
    payload: (f: CaseFields) => ({
      stepId: f.code,
      /** Who asks: the applicant or an interested party (利害关系人). */
      requestedBy: f.text(200),
    }),
  },
  ScheduleHearing: {
    message: 'hearing-scheduled',
    senders: DEPARTMENT,
    description:
      'Art. 48: time and place, told to the parties at least 7 days before; held within 20 days of the request',
    payload: (f: CaseFields) => ({ stepId: f.code, scheduledFor: f.instant, place: f.text(200) }),
  },
  PostponeHearing: {
    message: 'hearing-postponed',
    senders: DEPARTMENT,
    description:
      'Art. 48: the hearing is moved to a later time (and place), with the reason; the parties are told at least ' +
      '7 days before the new time, still within 20 days of the request',
    payload: (f: CaseFields) => ({
      stepId: f.code,
      scheduledFor: f.instant,
      place: f.text(200).optional(),
      reason: f.text(),
    }),
  },
  HoldHearing: {
    message: 'hearing-held',
    senders: DEPARTMENT,
    description: 'Art. 48: the hearing was held; its record (听证笔录) is the basis of the decision',
    payload: (f: CaseFields) => ({ stepId: f.code, record: f.text() }),
  },
} as const;

export const hearingEvents = (f: EventKit) => {
  const { instant } = f;
  return {
    HearingRightNotified: z.strictObject({
      stepId: z.string(),
      requestBy: instant,
      note: z.string().optional(),
      clocks: f.clockPatch,
    }),
    HearingRequested: z.strictObject({
      stepId: z.string(),
      requestedBy: z.string(),
      holdBy: instant,
      clocks: f.clockPatch,
    }),
    HearingScheduled: z.strictObject({ stepId: z.string(), scheduledFor: instant, place: z.string() }),
    HearingPostponed: z.strictObject({
      stepId: z.string(),
      from: instant,
      scheduledFor: instant,
      place: z.string(),
      reason: z.string(),
    }),
    HearingHeld: z.strictObject({ stepId: z.string(), record: z.string(), clocks: f.clockPatch }),
    HearingRequestLapsed: z.strictObject({ stepId: z.string(), clocks: f.clockPatch }),
  } as const;
};

export const hearingRejections = {
  'hearing-already-notified': 'conflict',
  'hearing-not-notified': 'conflict',
  'hearing-request-late': 'conflict',
  'hearing-already-requested': 'conflict',
  'hearing-not-requested': 'conflict',
  'hearing-notice-too-short': 'unprocessable',
  'hearing-too-late': 'unprocessable',
  'hearing-not-scheduled': 'conflict',
  'hearing-not-yet': 'conflict',
  'hearing-already-held': 'conflict',
  'hearing-pending': 'conflict',
  'hearing-not-postponed': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof hearingCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof hearingEvents>> {}
  interface CaseRejectionMap extends Writable<typeof hearingRejections> {}
}

/** The step's hearing, after the department's authority and the step's review are checked. */
function hearingOf(
  state: CaseState,
  ctx: DeciderContext,
  actor: Parameters<typeof departmentDenied>[1],
  stepId: string,
  department = true,
): HearingState | undefined | Rejection {
  if (department) {
    const denied = departmentDenied(state, actor, stepId, ctx);
    if (denied) return denied;
  }
  const step = state.steps[stepId];
  if (!step) return refuse('unknown-step', `step ${stepId} is not in this case`, 'stepId');
  if (step.status !== 'in-review' && step.status !== 'awaiting-correction')
    return refuse('step-not-in-review', `step ${stepId} is ${step.status}`, 'stepId');
  return step.hearing;
}

function isHearingRejection(found: HearingState | undefined | Rejection): found is Rejection {
  return found !== undefined && 'code' in found;
}

/** A hearing asked for and not yet held holds the decision of its step (Art. 47: decided on the hearing's record). */
export function hearingPending(state: CaseState, stepId: string): Rejection | undefined {
  const hearing = state.steps[stepId]?.hearing;
  return hearing?.requestedAt && !hearing.heldAt
    ? refuse('hearing-pending', `step ${stepId} waits for the hearing requested ${hearing.requestedAt}`, 'stepId')
    : undefined;
}

/** Art. 48's two limits on a hearing's time: told at least 7 working days before, held by its hold-by day. */
function hearingTimeRefused(
  hearing: HearingState,
  ctx: DeciderContext,
  at: string,
  scheduledFor: string,
): Rejection | undefined {
  const notice = ctx.calendar.workingDaysBetween(at, scheduledFor);
  if (notice < DEFAULT_LIMITS.hearingNotice.value) {
    return refuse(
      'hearing-notice-too-short',
      `Art. 48: the parties are told at least ${DEFAULT_LIMITS.hearingNotice.value} working days before; ${notice} are left`,
      'scheduledFor',
    );
  }
  if (hearing.holdBy && ctx.calendar.localDate(scheduledFor) > ctx.calendar.localDate(hearing.holdBy)) {
    return refuse('hearing-too-late', `Art. 47: the hearing must be held by ${hearing.holdBy}`, 'scheduledFor');
  }
  return undefined;
}

export const hearingHandlers: Handlers<
  'NotifyHearingRight' | 'RequestHearing' | 'ScheduleHearing' | 'PostponeHearing' | 'HoldHearing'
> = {
  NotifyHearingRight(state, command, ctx) {
    const found = hearingOf(state, ctx, command.actor, command.stepId);
    if (isHearingRejection(found)) return found;
    if (found) return refuse('hearing-already-notified', 'the right to a hearing was told already', 'stepId');
    const clock = clockOf(ctx, 'hearing-request', command.at, DEFAULT_LIMITS.hearingRequest);
    return drafts({
      type: 'HearingRightNotified',
      stepId: command.stepId,
      requestBy: clock.deadline,
      ...(command.note?.trim() ? { note: command.note.trim() } : {}),
      clocks: { [hearingRequestClockKey(command.stepId)]: clock },
    });
  },

  RequestHearing(state, command, ctx) {
    const hearing = hearingOf(state, ctx, command.actor, command.stepId, false);
    if (isHearingRejection(hearing)) return hearing;
    if (!hearing)
      return refuse('hearing-not-notified', `no hearing right was told on step ${command.stepId}`, 'stepId');
    if (hearing.requestedAt) return refuse('hearing-already-requested', 'a hearing is already requested', 'stepId');
    if (hearing.lapsedAt || Date.parse(command.at) > Date.parse(hearing.requestBy)) {
      return refuse('hearing-request-late', `Art. 47: a hearing had to be requested by ${hearing.requestBy}`, 'stepId');
    }
    const hold = nextSuspensionId(state);
    const requestClock = state.clocks[hearingRequestClockKey(command.stepId)];
    const stepKey = stepClockKey(command.stepId);
    const stepClock = state.clocks[stepKey];
    const holdBy = clockOf(ctx, 'hearing', command.at, DEFAULT_LIMITS.hearing);
    // Art. 45: the hearing's time is not counted in the step's period.
    return drafts(
      {
        type: 'ClockSuspended',
        id: hold,
        stepId: command.stepId,
        keys: [stepKey],
        reason: 'hearing',
        note: `听证（${command.requestedBy.trim()}申请）`,
        expectedWorkingDays: DEFAULT_LIMITS.hearing.value,
        clocks: stepClock ? { [stepKey]: holdClock(stepClock, command.at, hold) } : {},
      },
      {
        type: 'HearingRequested',
        stepId: command.stepId,
        requestedBy: command.requestedBy.trim(),
        holdBy: holdBy.deadline,
        clocks: {
          ...(requestClock ? { [hearingRequestClockKey(command.stepId)]: stopClock(requestClock, command.at) } : {}),
          [hearingClockKey(command.stepId)]: holdBy,
        },
      },
    );
  },

  ScheduleHearing(state, command, ctx) {
    const hearing = hearingOf(state, ctx, command.actor, command.stepId);
    if (isHearingRejection(hearing)) return hearing;
    if (!hearing?.requestedAt) return refuse('hearing-not-requested', 'no hearing was requested', 'stepId');
    if (hearing.heldAt) return refuse('hearing-already-held', `the hearing was held ${hearing.heldAt}`, 'stepId');
    const refused = hearingTimeRefused(hearing, ctx, command.at, command.scheduledFor);
    if (refused) return refused;
    return drafts({
      type: 'HearingScheduled',
      stepId: command.stepId,
      scheduledFor: command.scheduledFor,
      place: command.place.trim(),
    });
  },

  PostponeHearing(state, command, ctx) {
    const hearing = hearingOf(state, ctx, command.actor, command.stepId);
    if (isHearingRejection(hearing)) return hearing;
    if (!hearing?.scheduledFor)
      return refuse('hearing-not-scheduled', 'the hearing has no time and place yet', 'stepId');
    if (hearing.heldAt) return refuse('hearing-already-held', `the hearing was held ${hearing.heldAt}`, 'stepId');
    if (Date.parse(command.scheduledFor) <= Date.parse(hearing.scheduledFor)) {
      return refuse(
        'hearing-not-postponed',
        `a postponement moves the hearing later than ${hearing.scheduledFor}`,
        'scheduledFor',
      );
    }
    const refused = hearingTimeRefused(hearing, ctx, command.at, command.scheduledFor);
    if (refused) return refused;
    return drafts({
      type: 'HearingPostponed',
      stepId: command.stepId,
      from: hearing.scheduledFor,
      scheduledFor: command.scheduledFor,
      place: command.place?.trim() || (hearing.place ?? ''),
      reason: command.reason.trim(),
    });
  },

  HoldHearing(state, command, ctx) {
    const hearing = hearingOf(state, ctx, command.actor, command.stepId);
    if (isHearingRejection(hearing)) return hearing;
    if (!hearing?.scheduledFor)
      return refuse('hearing-not-scheduled', 'the hearing has no time and place yet', 'stepId');
    if (hearing.heldAt) return refuse('hearing-already-held', `the hearing was held ${hearing.heldAt}`, 'stepId');
    if (ctx.calendar.localDate(command.at) < ctx.calendar.localDate(hearing.scheduledFor)) {
      return refuse('hearing-not-yet', `the hearing is scheduled for ${hearing.scheduledFor}`, 'stepId');
    }
    const clock = state.clocks[hearingClockKey(command.stepId)];
    const held = {
      type: 'HearingHeld' as const,
      stepId: command.stepId,
      record: command.record.trim(),
      clocks: clock ? { [hearingClockKey(command.stepId)]: stopClock(clock, command.at) } : {},
    };
    const suspension = [...state.suspensions]
      .reverse()
      .find(
        (candidate) => candidate.stepId === command.stepId && candidate.reason === 'hearing' && !candidate.resumedAt,
      );
    if (!suspension?.id) return drafts(held);
    return [
      { event: held },
      releaseDraft(withClocks(state, held.clocks).clocks, ctx, command.at, suspension.id, suspension.keys),
    ];
  },
};

export const hearingEvolvers: Evolvers<
  | 'HearingRightNotified'
  | 'HearingRequested'
  | 'HearingScheduled'
  | 'HearingPostponed'
  | 'HearingHeld'
  | 'HearingRequestLapsed'
> = {
  HearingRightNotified: (state, event) =>
    withClocks(
      patchStep(state, event.stepId, { hearing: { notifiedAt: event.at, requestBy: event.requestBy } }),
      event.clocks,
    ),
  HearingRequested: (state, event) =>
    withClocks(
      patchHearing(state, event.stepId, {
        requestedAt: event.at,
        requestedBy: event.requestedBy,
        holdBy: event.holdBy,
      }),
      event.clocks,
    ),
  HearingScheduled: (state, event) =>
    patchHearing(state, event.stepId, { scheduledFor: event.scheduledFor, place: event.place, scheduledAt: event.at }),
  HearingPostponed: (state, event) =>
    patchHearing(state, event.stepId, { scheduledFor: event.scheduledFor, place: event.place }),
  HearingHeld: (state, event) =>
    withClocks(patchHearing(state, event.stepId, { heldAt: event.at, record: event.record }), event.clocks),
  HearingRequestLapsed: (state, event) =>
    withClocks(patchHearing(state, event.stepId, { lapsedAt: event.at }), event.clocks),
};

function patchHearing(state: CaseState, stepId: string, patch: Partial<HearingState>): CaseState {
  const hearing = state.steps[stepId]?.hearing;
  return hearing ? patchStep(state, stepId, { hearing: { ...hearing, ...patch } }) : state;
}
