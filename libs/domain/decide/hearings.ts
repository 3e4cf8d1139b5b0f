import type { Instant } from '@onewindow/calendar';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import { holdClock, stopClock } from '../clocks';
import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { hearingClockKey, hearingRequestClockKey, stepClockKey, type HearingState } from '../state';
import { reject, type Batch, type Handlers } from './batch';
import { releaseHold } from './periods';
import { assertDepartment } from './steps';

/** Art. 47: before deciding a matter of major interest, the department tells the parties of their right to a hearing. */
export interface NotifyHearingRight extends CommandBase {
  type: 'NotifyHearingRight';
  stepId: string;
  note?: string;
}

/** Art. 47: the applicant or an interested party asks for a hearing, within 5 working days of the notice. */
export interface RequestHearing extends CommandBase {
  type: 'RequestHearing';
  stepId: string;
  /** Who asks: the applicant or an interested party (利害关系人). */
  requestedBy: string;
}

/** Art. 48: time and place, told to the parties at least 7 days before; held within 20 days of the request. */
export interface ScheduleHearing extends CommandBase {
  type: 'ScheduleHearing';
  stepId: string;
  scheduledFor: Instant;
  place: string;
}

/** Art. 48: the hearing was held; its record (听证笔录) is the basis of the decision. */
export interface HoldHearing extends CommandBase {
  type: 'HoldHearing';
  stepId: string;
  record: string;
}

export type HearingCommand = NotifyHearingRight | RequestHearing | ScheduleHearing | HoldHearing;

export type HearingEvent =
  | { type: 'HearingRightNotified'; stepId: string; requestBy: Instant; note?: string; clocks: ClockPatch }
  | { type: 'HearingRequested'; stepId: string; requestedBy: string; holdBy: Instant; clocks: ClockPatch }
  | { type: 'HearingScheduled'; stepId: string; scheduledFor: Instant; place: string }
  | { type: 'HearingHeld'; stepId: string; record: string; clocks: ClockPatch }
  | { type: 'HearingRequestLapsed'; stepId: string; clocks: ClockPatch };

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
} as const satisfies RejectionMap;

/** The step's hearing, after the department's authority and the step's review are checked. */
function hearingOf(b: Batch, stepId: string, department = true): HearingState | undefined {
  if (department) assertDepartment(b, stepId);
  const step = b.state.steps[stepId];
  if (!step) reject('unknown-step', `step ${stepId} is not in this case`, 'stepId');
  if (step.status !== 'in-review' && step.status !== 'awaiting-correction')
    reject('step-not-in-review', `step ${stepId} is ${step.status}`, 'stepId');
  return step.hearing;
}

/** A hearing asked for and not yet held holds the decision of its step (Art. 47: decided on the hearing's record). */
export function assertNoPendingHearing(b: Batch, stepId: string): void {
  const hearing = b.state.steps[stepId]?.hearing;
  if (hearing?.requestedAt && !hearing.heldAt) {
    reject('hearing-pending', `step ${stepId} waits for the hearing requested ${hearing.requestedAt}`, 'stepId');
  }
}

export const hearingHandlers: Handlers<HearingCommand> = {
  NotifyHearingRight(b, command) {
    if (hearingOf(b, command.stepId))
      reject('hearing-already-notified', 'the right to a hearing was told already', 'stepId');
    const clock = b.newClock('hearing-request', b.at, DEFAULT_LIMITS.hearingRequest);
    b.emit({
      type: 'HearingRightNotified',
      stepId: command.stepId,
      requestBy: clock.deadline,
      ...(command.note?.trim() ? { note: command.note.trim() } : {}),
      clocks: { [hearingRequestClockKey(command.stepId)]: clock },
    });
  },

  RequestHearing(b, command) {
    const hearing = hearingOf(b, command.stepId, false);
    if (!hearing) reject('hearing-not-notified', `no hearing right was told on step ${command.stepId}`, 'stepId');
    if (hearing.requestedAt) reject('hearing-already-requested', 'a hearing is already requested', 'stepId');
    if (hearing.lapsedAt || Date.parse(b.at) > Date.parse(hearing.requestBy)) {
      reject('hearing-request-late', `Art. 47: a hearing had to be requested by ${hearing.requestBy}`, 'stepId');
    }
    const hold = b.nextSuspensionId();
    const requestClock = b.clock(hearingRequestClockKey(command.stepId));
    const stepKey = stepClockKey(command.stepId);
    const stepClock = b.clock(stepKey);
    // Art. 45: the hearing's time is not counted in the step's period.
    b.emit({
      type: 'ClockSuspended',
      id: hold,
      stepId: command.stepId,
      keys: [stepKey],
      reason: 'hearing',
      note: `听证（${command.requestedBy.trim()}申请）`,
      expectedWorkingDays: DEFAULT_LIMITS.hearing.value,
      clocks: stepClock ? { [stepKey]: holdClock(stepClock, b.at, hold) } : {},
    });
    const holdBy = b.newClock('hearing', b.at, DEFAULT_LIMITS.hearing);
    b.emit({
      type: 'HearingRequested',
      stepId: command.stepId,
      requestedBy: command.requestedBy.trim(),
      holdBy: holdBy.deadline,
      clocks: {
        ...(requestClock ? { [hearingRequestClockKey(command.stepId)]: stopClock(requestClock, b.at) } : {}),
        [hearingClockKey(command.stepId)]: holdBy,
      },
    });
  },

  ScheduleHearing(b, command) {
    const hearing = hearingOf(b, command.stepId);
    if (!hearing?.requestedAt) reject('hearing-not-requested', 'no hearing was requested', 'stepId');
    if (hearing.heldAt) reject('hearing-already-held', `the hearing was held ${hearing.heldAt}`, 'stepId');
    const notice = b.ctx.calendar.workingDaysBetween(b.at, command.scheduledFor);
    if (notice < DEFAULT_LIMITS.hearingNotice.value) {
      reject(
        'hearing-notice-too-short',
        `Art. 48: the parties are told at least ${DEFAULT_LIMITS.hearingNotice.value} working days before; ${notice} are left`,
        'scheduledFor',
      );
    }
    if (hearing.holdBy && b.ctx.calendar.localDate(command.scheduledFor) > b.ctx.calendar.localDate(hearing.holdBy)) {
      reject('hearing-too-late', `Art. 47: the hearing must be held by ${hearing.holdBy}`, 'scheduledFor');
    }
    b.emit({
      type: 'HearingScheduled',
      stepId: command.stepId,
      scheduledFor: command.scheduledFor,
      place: command.place.trim(),
    });
  },

  HoldHearing(b, command) {
    const hearing = hearingOf(b, command.stepId);
    if (!hearing?.scheduledFor) reject('hearing-not-scheduled', 'the hearing has no time and place yet', 'stepId');
    if (hearing.heldAt) reject('hearing-already-held', `the hearing was held ${hearing.heldAt}`, 'stepId');
    if (b.ctx.calendar.localDate(b.at) < b.ctx.calendar.localDate(hearing.scheduledFor)) {
      reject('hearing-not-yet', `the hearing is scheduled for ${hearing.scheduledFor}`, 'stepId');
    }
    const clock = b.clock(hearingClockKey(command.stepId));
    b.emit({
      type: 'HearingHeld',
      stepId: command.stepId,
      record: command.record.trim(),
      clocks: clock ? { [hearingClockKey(command.stepId)]: stopClock(clock, b.at) } : {},
    });
    const suspension = [...b.state.suspensions]
      .reverse()
      .find(
        (candidate) => candidate.stepId === command.stepId && candidate.reason === 'hearing' && !candidate.resumedAt,
      );
    if (suspension?.id) releaseHold(b, suspension.id, suspension.keys);
  },
};
