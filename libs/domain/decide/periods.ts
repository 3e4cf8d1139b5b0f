import type { TimeLimit } from '../../catalog/types';
import { computeClock, extendClock, resumeClock, suspendClock } from '../clocks';
import type { CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { stepClockKey, type ClockKey } from '../state';
import type { SuspensionReason } from '../vocabulary';
import { reject, type Handlers } from './batch';
import { assertDepartment } from './steps';

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
      keys: ClockKey[];
      reason: SuspensionReason | 'correction';
      note: string;
      expectedWorkingDays: number;
      clocks: ClockPatch;
    }
  | { type: 'ClockResumed'; keys: ClockKey[]; excludedDays: number; clocks: ClockPatch }
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
      clocks: { [key]: extendClock(clock, limit.value, b.at, b.ctx.calendar, b.settings) },
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
