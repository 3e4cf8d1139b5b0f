import type { TimeLimit } from '@onewindow/catalog';
import { computeClock, extendClock, holdClock, releaseClock, resumeClock, suspendClock } from '../clocks';
import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { stepClockKey, type ClockKey, type SuspensionCause } from '../state';
import type { SuspensionReason } from '../vocabulary';
import type { Batch } from './batch';
import { reject, type Handlers } from './batch';
import { assertDepartment, assertLeadDepartment } from './steps';

const MAX_PERIOD_DAYS = 365;

/** Art. 45: a period that does not count (hearing, tendering, inspection, expert review …) starts. */
export interface SuspendClock extends CommandBase {
  type: 'SuspendClock';
  /** None: the whole case (every open step and the case clock). */
  stepId?: string;
  reason: SuspensionReason;
  note: string;
  expectedWorkingDays: number;
}

export interface ResumeClock extends CommandBase {
  type: 'ResumeClock';
  stepId?: string;
}

/** Art. 42: one extension with the head's approval and a reason told to the applicant. */
export interface GrantExtension extends CommandBase {
  type: 'GrantExtension';
  /** None: the joint case limit (Art. 42 ¶2, +15); a step: its decision limit (Art. 42 ¶1, +10). */
  stepId?: string;
  reason: string;
  approvedBy: string;
}

/** The calendar changed (a new holiday notice): open deadlines are computed again. */
export interface RecomputeDeadlines extends CommandBase {
  type: 'RecomputeDeadlines';
}

export type PeriodCommand = SuspendClock | ResumeClock | GrantExtension | RecomputeDeadlines;

export type PeriodEvent =
  | {
      type: 'ClockSuspended';
      /** Rules 2: the hold this suspension puts on its clocks (`s<index>`), and the step it concerns. */
      id?: string;
      stepId?: string;
      keys: ClockKey[];
      reason: SuspensionCause;
      note: string;
      expectedWorkingDays: number;
      clocks: ClockPatch;
    }
  | { type: 'ClockResumed'; id?: string; keys: ClockKey[]; excludedDays: number; clocks: ClockPatch }
  | {
      type: 'ExtensionGranted';
      stepId?: string;
      reason: string;
      approvedBy: string;
      afterDeadline: boolean;
      clocks: ClockPatch;
    }
  | { type: 'DeadlinesRecomputed'; calendarVersion: string; clocks: ClockPatch };

export const periodRejections = {
  'suspension-not-allowed': 'conflict',
  'already-suspended': 'conflict',
  'not-suspended': 'conflict',
  'awaiting-correction': 'conflict',
  'nothing-to-suspend': 'conflict',
  'invalid-period': 'unprocessable',
  'extension-not-allowed': 'conflict',
  'extension-already-granted': 'conflict',
  'approval-required': 'unprocessable',
} as const satisfies RejectionMap;

export const periodHandlers: Handlers<PeriodCommand> = {
  SuspendClock(b, command) {
    if (
      !Number.isInteger(command.expectedWorkingDays) ||
      command.expectedWorkingDays < 1 ||
      command.expectedWorkingDays > MAX_PERIOD_DAYS
    ) {
      reject(
        'invalid-period',
        `expectedWorkingDays must be a whole number from 1 to ${MAX_PERIOD_DAYS}`,
        'expectedWorkingDays',
      );
    }
    if (!command.note.trim())
      reject('reason-required', 'a suspension is told to the applicant in writing: note is required', 'note');
    if (b.rules2) {
      suspendHeld(b, command);
      return;
    }
    let keys: ClockKey[];
    if (command.stepId) {
      assertDepartment(b, command.stepId);
      if (!b.matterOf(command.stepId).suspensionAllowed)
        reject('suspension-not-allowed', `matter of step ${command.stepId} does not allow suspension`, 'stepId');
      const clock = b.clock(stepClockKey(command.stepId));
      if (!clock || clock.stoppedAt)
        reject('step-not-in-review', `step ${command.stepId} has no running clock`, 'stepId');
      if (clock.suspendedSince) reject('already-suspended', `step ${command.stepId} is already suspended`, 'stepId');
      keys = [stepClockKey(command.stepId)];
    } else {
      keys = Object.entries(b.state.clocks)
        .filter(
          ([key, clock]) => (key === 'case' || key.startsWith('step:')) && !clock.stoppedAt && !clock.suspendedSince,
        )
        .map(([key]) => key);
      if (keys.length === 0) reject('nothing-to-suspend', 'no running clock to suspend');
    }
    b.emit({
      type: 'ClockSuspended',
      keys,
      reason: command.reason,
      note: command.note.trim(),
      expectedWorkingDays: command.expectedWorkingDays,
      clocks: Object.fromEntries(keys.map((key) => [key, suspendClock(b.clock(key)!, b.at)])),
    });
  },

  ResumeClock(b, command) {
    if (b.rules2) {
      resumeHeld(b, command);
      return;
    }
    const open = [...b.state.suspensions]
      .reverse()
      .find(
        (suspension) =>
          !suspension.resumedAt &&
          (command.stepId ? suspension.keys.includes(stepClockKey(command.stepId)) : suspension.keys.includes('case')),
      );
    if (command.stepId) assertDepartment(b, command.stepId);
    if (!open)
      reject(
        'not-suspended',
        command.stepId ? `step ${command.stepId} is not suspended` : 'the case is not suspended',
        'stepId',
      );
    if (open.reason === 'correction')
      reject('awaiting-correction', 'a 补正 suspension ends when the corrected materials arrive', 'stepId');
    const keys = open.keys.filter((key) => b.clock(key)?.suspendedSince && !b.clock(key)?.stoppedAt);
    const clocks = Object.fromEntries(
      keys.map((key) => [key, resumeClock(b.clock(key)!, b.at, b.ctx.calendar, b.settings)]),
    );
    const first = keys[0];
    const excluded = first ? clocks[first].suspendedDays - b.clock(first)!.suspendedDays : 0;
    b.emit({ type: 'ClockResumed', keys: open.keys, excludedDays: excluded, clocks });
  },

  GrantExtension(b, command) {
    if (!command.reason.trim()) reject('reason-required', 'Art. 42: the reason is told to the applicant', 'reason');
    if (!command.approvedBy.trim())
      reject('approval-required', 'Art. 42: an extension needs the approval of the head', 'approvedBy');
    const key = command.stepId ? stepClockKey(command.stepId) : 'case';
    let limit: TimeLimit | undefined;
    if (command.stepId) {
      assertDepartment(b, command.stepId);
      const step = b.state.steps[command.stepId];
      limit = b.matterOf(command.stepId).extensionLimit;
      if (!limit) reject('extension-not-allowed', `matter of step ${command.stepId} allows no extension`, 'stepId');
      if (step.extended) reject('extension-already-granted', 'Art. 42 ¶1 allows one extension', 'stepId');
    } else {
      assertLeadDepartment(b, ['supervisor']);
      limit = b.ctx.template.caseExtensionLimit;
      if (!limit) reject('extension-not-allowed', `template ${b.ctx.template.id} allows no case extension`);
      if (b.state.caseExtension)
        reject('extension-already-granted', 'Art. 42 ¶2 allows one extension of the joint limit');
    }
    const clock = b.clock(key);
    if (!clock || clock.stoppedAt) reject('step-not-in-review', 'there is no running period to extend', 'stepId');
    // An extension asked for after the deadline is granted but the period already counts as overdue.
    const afterDeadline = Date.parse(b.at) > Date.parse(clock.deadline);
    b.emit({
      type: 'ExtensionGranted',
      ...(command.stepId ? { stepId: command.stepId } : {}),
      reason: command.reason.trim(),
      approvedBy: command.approvedBy.trim(),
      afterDeadline,
      clocks: { [key]: extendClock(clock, limit, b.at, b.ctx.calendar, b.settings) },
    });
  },

  RecomputeDeadlines(b) {
    const changed: ClockPatch = {};
    for (const [key, clock] of Object.entries(b.state.clocks)) {
      if (clock.stoppedAt) continue;
      const next = computeClock(clock, b.ctx.calendar, b.settings);
      if (
        next.deadline !== clock.deadline ||
        next.provisional !== clock.provisional ||
        next.warningAt !== clock.warningAt ||
        next.redAt !== clock.redAt
      ) {
        changed[key] = {
          ...next,
          fired: {
            warning:
              clock.fired.warning && next.warningAt !== undefined && Date.parse(next.warningAt) <= Date.parse(b.at),
            due: clock.fired.due && Date.parse(next.deadline) <= Date.parse(b.at),
            red: clock.fired.red && next.redAt !== undefined && Date.parse(next.redAt) <= Date.parse(b.at),
          },
        };
      }
    }
    if (Object.keys(changed).length > 0)
      b.emit({ type: 'DeadlinesRecomputed', calendarVersion: b.ctx.calendar.version, clocks: changed });
  },
};

/**
 * Rules 2: a suspension holds its clocks by id, so it may overlap a 补正 or another suspension and every period is
 * excluded once, exactly. A step's own suspension is its department's; the whole case's, the lead department's.
 */
function suspendHeld(b: Batch, command: SuspendClock): void {
  let keys: ClockKey[];
  if (command.stepId) {
    assertDepartment(b, command.stepId);
    if (!b.matterOf(command.stepId).suspensionAllowed)
      reject('suspension-not-allowed', `matter of step ${command.stepId} does not allow suspension`, 'stepId');
    const clock = b.clock(stepClockKey(command.stepId));
    if (!clock || clock.stoppedAt)
      reject('step-not-in-review', `step ${command.stepId} has no running clock`, 'stepId');
    if (openSuspension(b, command.stepId, (reason) => reason !== 'correction'))
      reject('already-suspended', `step ${command.stepId} is already suspended`, 'stepId');
    keys = [stepClockKey(command.stepId)];
  } else {
    assertLeadDepartment(b);
    if (openSuspension(b, undefined, (reason) => reason !== 'correction' && reason !== 'awaiting-materials'))
      reject('already-suspended', 'the case is already suspended', 'stepId');
    keys = Object.entries(b.state.clocks)
      .filter(([key, clock]) => (key === 'case' || key.startsWith('step:')) && !clock.stoppedAt)
      .map(([key]) => key);
    if (keys.length === 0) reject('nothing-to-suspend', 'no running clock to suspend');
  }
  const hold = b.nextSuspensionId();
  b.emit({
    type: 'ClockSuspended',
    id: hold,
    ...(command.stepId ? { stepId: command.stepId } : {}),
    keys,
    reason: command.reason,
    note: command.note.trim(),
    expectedWorkingDays: command.expectedWorkingDays,
    clocks: Object.fromEntries(keys.map((key) => [key, holdClock(b.clock(key)!, b.at, hold)])),
  });
}

/** The latest open suspension of a step (or, with no step, of the whole case) whose reason passes `which`. */
function openSuspension(b: Batch, stepId: string | undefined, which: (reason: SuspensionCause) => boolean) {
  return [...b.state.suspensions]
    .reverse()
    .find(
      (suspension) =>
        !suspension.resumedAt &&
        suspension.stepId === stepId &&
        (stepId !== undefined || suspension.keys.includes('case')) &&
        which(suspension.reason),
    );
}

function resumeHeld(b: Batch, command: ResumeClock): void {
  if (command.stepId) assertDepartment(b, command.stepId);
  else assertLeadDepartment(b);
  const open = openSuspension(b, command.stepId, () => true);
  if (!open)
    reject(
      'not-suspended',
      command.stepId ? `step ${command.stepId} is not suspended` : 'the case is not suspended',
      'stepId',
    );
  if (open.reason === 'correction' || open.reason === 'awaiting-materials')
    reject('awaiting-correction', "this suspension ends when the applicant's materials arrive", 'stepId');
  releaseHold(b, open.id ?? '', open.keys);
}

/** Releases one suspension's hold on its clocks (the applicant's materials arrived, or the period ended). */
export function releaseHold(b: Batch, hold: string, keys: readonly ClockKey[]): void {
  const clocks: ClockPatch = {};
  for (const key of keys) {
    const clock = b.clock(key);
    if (clock?.holds?.includes(hold)) clocks[key] = releaseClock(clock, b.at, hold, b.ctx.calendar, b.settings);
  }
  const first = keys.find((key) => clocks[key] && b.clock(key));
  const excluded = first ? clocks[first].suspendedDays - b.clock(first)!.suspendedDays : 0;
  b.emit({ type: 'ClockResumed', id: hold, keys: [...keys], excludedDays: excluded, clocks });
}
