import { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import type { TimeLimit } from '@onewindow/catalog';
import type { Rejection, RejectionMap } from '../base';
import {
  computeClock,
  extendClock,
  holdClock,
  releaseClock,
  resumeClock,
  stopClock,
  suspendClock,
  type Clock,
  type ClockKey,
  type ClockPatch,
} from '../clocks';
import {
  clockOf,
  drafts,
  isRejection,
  matterOf,
  nextSuspensionId,
  refuse,
  settingsOf,
  unknownStep,
  type BodiesOf,
  type DeciderContext,
  type Draft,
  type Evolvers,
  type Handled,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { stepClockKey, suspensionClockKey, withClocks, type CaseState } from '../state';
import { isApplicantsTime, SUSPENSION_CAUSES, SUSPENSION_REASONS, type SuspensionCause } from '../vocabulary';
import { departmentDenied, leadDenied } from './steps';

const MAX_PERIOD_DAYS = 365;
const DEPARTMENT = ['department', 'integrator', 'window'] as const;

export const periodCommands = {
  SuspendClock: {
    message: 'clock-suspended',
    senders: DEPARTMENT,
    description: 'Art. 45: a period that does not count (hearing, tendering, inspection, expert review …) starts',
    payload: (f: CaseFields) => ({
      /** None: the whole case (every open step and the case clock). */
      stepId: f.code.optional(),
      reason: z.enum(SUSPENSION_REASONS),
      note: f.text(),
      expectedWorkingDays: z.number().int().min(1).max(MAX_PERIOD_DAYS),
    }),
  },
  ResumeClock: {
    message: 'clock-resumed',
    senders: DEPARTMENT,
    description: 'the excluded period ended: the clock counts again',
    payload: (f: CaseFields) => ({ stepId: f.code.optional() }),
  },
  GrantExtension: {
    message: 'extension-granted',
    senders: [...DEPARTMENT, 'supervisor'],
    description: 'Art. 42: one extension with the head’s approval and a reason told to the applicant',
    payload: (f: CaseFields) => ({
      /** None: the joint case limit (Art. 42 ¶2, +15); a step: its decision limit (Art. 42 ¶1, +10). */
      stepId: f.code.optional(),
      reason: f.text(),
      approvedBy: f.text(200),
    }),
  },
  RecomputeDeadlines: {
    message: 'calendar-updated',
    senders: [],
    description: 'the calendar changed (a new holiday notice): open deadlines are computed again',
    payload: () => ({}),
  },
} as const;

export const periodEvents = (f: EventKit) => ({
  ClockSuspended: z.strictObject({
    /** The hold this suspension puts on its clocks (`s<index>`; clock model 2), and the step it concerns. */
    id: z.string().optional(),
    stepId: z.string().optional(),
    keys: z.array(z.string()),
    reason: z.enum(SUSPENSION_CAUSES),
    note: z.string(),
    expectedWorkingDays: f.count,
    clocks: f.clockPatch,
  }),
  ClockResumed: z.strictObject({
    id: z.string().optional(),
    keys: z.array(z.string()),
    excludedDays: f.count,
    clocks: f.clockPatch,
  }),
  ExtensionGranted: z.strictObject({
    stepId: z.string().optional(),
    reason: z.string(),
    approvedBy: z.string(),
    afterDeadline: z.boolean(),
    clocks: f.clockPatch,
  }),
  DeadlinesRecomputed: z.strictObject({ calendarVersion: z.string(), clocks: f.clockPatch }),
});

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

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof periodCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof periodEvents>> {}
  interface CaseRejectionMap extends Writable<typeof periodRejections> {}
}

type SuspendClock = Parameters<(typeof periodHandlers)['SuspendClock']>[1];
type ResumeClock = Parameters<(typeof periodHandlers)['ResumeClock']>[1];

/**
 * The latest open suspension of a step (or, with no step, of the whole case) whose reason passes `which`.
 */
export function openSuspension(
  state: CaseState,
  stepId: string | undefined,
  which: (reason: SuspensionCause) => boolean,
) {
  return [...state.suspensions]
    .reverse()
    .find(
      (suspension) =>
        !suspension.resumedAt &&
        suspension.stepId === stepId &&
        (stepId !== undefined || suspension.keys.includes('case')) &&
        which(suspension.reason),
    );
}

/**
 * Releases one suspension's hold on its clocks (the applicant's materials arrived, or the period ended), on the
 * clocks given (a rule releasing several holds in turn passes the clocks the previous release left). The period a
 * suspension said it needs (rules 2026-12b) stops with it.
 */
export function releaseDraft(
  clocks: Readonly<Record<ClockKey, Clock>>,
  ctx: DeciderContext,
  at: Instant,
  hold: string,
  keys: readonly ClockKey[],
): Draft & { clocks: ClockPatch } {
  const released: ClockPatch = {};
  for (const key of keys) {
    const clock = clocks[key];
    if (clock?.holds?.includes(hold)) released[key] = releaseClock(clock, at, hold, ctx.calendar, settingsOf(ctx));
  }
  const first = keys.find((key) => released[key] && clocks[key]);
  const excluded = first ? released[first].suspendedDays - clocks[first].suspendedDays : 0;
  const period = clocks[suspensionClockKey(hold)];
  if (period && !period.stoppedAt) released[suspensionClockKey(hold)] = stopClock(period, at);
  return {
    event: { type: 'ClockResumed', id: hold, keys: [...keys], excludedDays: excluded, clocks: released },
    clocks: released,
  };
}

/** A step's own suspension: by its department, of a matter that allows one, while the step's clock runs. */
function stepClockToSuspend(
  state: CaseState,
  ctx: DeciderContext,
  actor: SuspendClock['actor'],
  stepId: string,
): Clock | Rejection {
  const denied = departmentDenied(state, actor, stepId, ctx);
  if (denied) return denied;
  const matter = matterOf(ctx, stepId);
  if (!matter) return unknownStep(ctx, stepId);
  if (!matter.suspensionAllowed)
    return refuse('suspension-not-allowed', `matter of step ${stepId} does not allow suspension`, 'stepId');
  const clock = state.clocks[stepClockKey(stepId)];
  if (!clock || clock.stoppedAt) return refuse('step-not-in-review', `step ${stepId} has no running clock`, 'stepId');
  return clock;
}

/**
 * A suspension holds its clocks by id (clock model 2), so it may overlap a 补正 or another suspension and every
 * period is excluded once, exactly. A step's own suspension is its department's; the whole case's, the lead
 * department's (from 2026-12b only where the template allows one).
 */
function suspendHeld(state: CaseState, ctx: DeciderContext, command: SuspendClock): Handled {
  let keys: ClockKey[];
  if (command.stepId) {
    const clock = stepClockToSuspend(state, ctx, command.actor, command.stepId);
    if (isRejection(clock)) return clock;
    if (openSuspension(state, command.stepId, (reason) => reason !== 'correction'))
      return refuse('already-suspended', `step ${command.stepId} is already suspended`, 'stepId');
    keys = [stepClockKey(command.stepId)];
  } else {
    const denied = leadDenied(command.actor, ctx);
    if (denied) return denied;
    if (ctx.rules.caseSuspensionByTemplate && !ctx.template.caseSuspensionAllowed) {
      return refuse(
        'suspension-not-allowed',
        `template ${ctx.template.id} allows no case-wide suspension (Art. 45 periods suspend the step they concern): name the step`,
        'stepId',
      );
    }
    if (openSuspension(state, undefined, (reason) => !isApplicantsTime(reason)))
      return refuse('already-suspended', 'the case is already suspended', 'stepId');
    keys = Object.entries(state.clocks)
      .filter(([key, clock]) => (key === 'case' || key.startsWith('step:')) && !clock.stoppedAt)
      .map(([key]) => key);
    if (keys.length === 0) return refuse('nothing-to-suspend', 'no running clock to suspend');
  }
  const hold = nextSuspensionId(state);
  // Rules 2026-12b: the period it says it needs runs on a clock of its own; when it runs out, an alarm says so.
  const period: ClockPatch = ctx.rules.suspensionOverrunAlarm
    ? {
        [suspensionClockKey(hold)]: clockOf(ctx, 'suspension', command.at, {
          value: command.expectedWorkingDays,
          unit: 'working-days',
        }),
      }
    : {};
  return drafts({
    type: 'ClockSuspended',
    id: hold,
    ...(command.stepId ? { stepId: command.stepId } : {}),
    keys,
    reason: command.reason,
    note: command.note.trim(),
    expectedWorkingDays: command.expectedWorkingDays,
    clocks: {
      ...Object.fromEntries(keys.map((key) => [key, holdClock(state.clocks[key], command.at, hold)])),
      ...period,
    },
  });
}

/** 2026-11: one suspension at a time per clock, resumed by clock. */
function suspendSingle(state: CaseState, ctx: DeciderContext, command: SuspendClock): Handled {
  let keys: ClockKey[];
  if (command.stepId) {
    const clock = stepClockToSuspend(state, ctx, command.actor, command.stepId);
    if (isRejection(clock)) return clock;
    if (clock.suspendedSince)
      return refuse('already-suspended', `step ${command.stepId} is already suspended`, 'stepId');
    keys = [stepClockKey(command.stepId)];
  } else {
    keys = Object.entries(state.clocks)
      .filter(
        ([key, clock]) => (key === 'case' || key.startsWith('step:')) && !clock.stoppedAt && !clock.suspendedSince,
      )
      .map(([key]) => key);
    if (keys.length === 0) return refuse('nothing-to-suspend', 'no running clock to suspend');
  }
  return drafts({
    type: 'ClockSuspended',
    keys,
    reason: command.reason,
    note: command.note.trim(),
    expectedWorkingDays: command.expectedWorkingDays,
    clocks: Object.fromEntries(keys.map((key) => [key, suspendClock(state.clocks[key], command.at)])),
  });
}

function resumeHeld(state: CaseState, ctx: DeciderContext, command: ResumeClock): Handled {
  const denied = command.stepId
    ? departmentDenied(state, command.actor, command.stepId, ctx)
    : leadDenied(command.actor, ctx);
  if (denied) return denied;
  const open = openSuspension(state, command.stepId, () => true);
  if (!open)
    return refuse(
      'not-suspended',
      command.stepId ? `step ${command.stepId} is not suspended` : 'the case is not suspended',
      'stepId',
    );
  if (isApplicantsTime(open.reason))
    return refuse('awaiting-correction', 'this suspension ends when what the applicant owes arrives', 'stepId');
  return [releaseDraft(state.clocks, ctx, command.at, open.id ?? '', open.keys)];
}

function resumeSingle(state: CaseState, ctx: DeciderContext, command: ResumeClock): Handled {
  const open = [...state.suspensions]
    .reverse()
    .find(
      (suspension) =>
        !suspension.resumedAt &&
        (command.stepId ? suspension.keys.includes(stepClockKey(command.stepId)) : suspension.keys.includes('case')),
    );
  if (command.stepId) {
    const denied = departmentDenied(state, command.actor, command.stepId, ctx);
    if (denied) return denied;
  }
  if (!open)
    return refuse(
      'not-suspended',
      command.stepId ? `step ${command.stepId} is not suspended` : 'the case is not suspended',
      'stepId',
    );
  if (open.reason === 'correction')
    return refuse('awaiting-correction', 'a 补正 suspension ends when the corrected materials arrive', 'stepId');
  const keys = open.keys.filter((key) => state.clocks[key]?.suspendedSince && !state.clocks[key]?.stoppedAt);
  const clocks = Object.fromEntries(
    keys.map((key) => [key, resumeClock(state.clocks[key], command.at, ctx.calendar, settingsOf(ctx))]),
  );
  const first = keys[0];
  const excluded = first ? clocks[first].suspendedDays - state.clocks[first].suspendedDays : 0;
  return drafts({ type: 'ClockResumed', keys: open.keys, excludedDays: excluded, clocks });
}

export const periodHandlers: Handlers<'SuspendClock' | 'ResumeClock' | 'GrantExtension' | 'RecomputeDeadlines'> = {
  SuspendClock(state, command, ctx) {
    if (
      !Number.isInteger(command.expectedWorkingDays) ||
      command.expectedWorkingDays < 1 ||
      command.expectedWorkingDays > MAX_PERIOD_DAYS
    ) {
      return refuse(
        'invalid-period',
        `expectedWorkingDays must be a whole number from 1 to ${MAX_PERIOD_DAYS}`,
        'expectedWorkingDays',
      );
    }
    if (!command.note.trim())
      return refuse('reason-required', 'a suspension is told to the applicant in writing: note is required', 'note');
    return ctx.rules.clockModel2 ? suspendHeld(state, ctx, command) : suspendSingle(state, ctx, command);
  },

  ResumeClock(state, command, ctx) {
    return ctx.rules.clockModel2 ? resumeHeld(state, ctx, command) : resumeSingle(state, ctx, command);
  },

  GrantExtension(state, command, ctx) {
    if (!command.reason.trim())
      return refuse('reason-required', 'Art. 42: the reason is told to the applicant', 'reason');
    if (!command.approvedBy.trim())
      return refuse('approval-required', 'Art. 42: an extension needs the approval of the head', 'approvedBy');
    const key = command.stepId ? stepClockKey(command.stepId) : 'case';
    let limit: TimeLimit | undefined;
    if (command.stepId) {
      const denied = departmentDenied(state, command.actor, command.stepId, ctx);
      if (denied) return denied;
      const step = state.steps[command.stepId];
      const matter = matterOf(ctx, command.stepId);
      if (!matter) return unknownStep(ctx, command.stepId);
      limit = matter.extensionLimit;
      if (!limit)
        return refuse('extension-not-allowed', `matter of step ${command.stepId} allows no extension`, 'stepId');
      if (step.extended) return refuse('extension-already-granted', 'Art. 42 ¶1 allows one extension', 'stepId');
    } else {
      const denied = leadDenied(command.actor, ctx, ['supervisor']);
      if (denied) return denied;
      limit = ctx.template.caseExtensionLimit;
      if (!limit) return refuse('extension-not-allowed', `template ${ctx.template.id} allows no case extension`);
      if (state.caseExtension)
        return refuse('extension-already-granted', 'Art. 42 ¶2 allows one extension of the joint limit');
    }
    const clock = state.clocks[key];
    if (!clock || clock.stoppedAt)
      return refuse('step-not-in-review', 'there is no running period to extend', 'stepId');
    // An extension asked for after the deadline is granted but the period already counts as overdue.
    const afterDeadline = Date.parse(command.at) > Date.parse(clock.deadline);
    return drafts({
      type: 'ExtensionGranted',
      ...(command.stepId ? { stepId: command.stepId } : {}),
      reason: command.reason.trim(),
      approvedBy: command.approvedBy.trim(),
      afterDeadline,
      clocks: { [key]: extendClock(clock, limit, command.at, ctx.calendar, settingsOf(ctx)) },
    });
  },

  RecomputeDeadlines(state, command, ctx) {
    const at = Date.parse(command.at);
    const legalToo = ctx.rules.recomputeLegalDeadlines;
    const changed: ClockPatch = {};
    for (const [key, clock] of Object.entries(state.clocks)) {
      if (clock.stoppedAt) continue;
      const next = computeClock(clock, ctx.calendar, settingsOf(ctx));
      const moved =
        next.deadline !== clock.deadline ||
        next.provisional !== clock.provisional ||
        next.warningAt !== clock.warningAt ||
        next.redAt !== clock.redAt ||
        // Rules 2026-12b: a legal deadline that moves alone moves too.
        (legalToo &&
          (next.legal?.deadline !== clock.legal?.deadline || next.legal?.provisional !== clock.legal?.provisional));
      if (!moved) continue;
      changed[key] = {
        ...next,
        fired: {
          warning: clock.fired.warning && next.warningAt !== undefined && Date.parse(next.warningAt) <= at,
          due: clock.fired.due && Date.parse(next.deadline) <= at,
          red: clock.fired.red && next.redAt !== undefined && Date.parse(next.redAt) <= at,
          // Rules 2026-12b: a legal limit that had passed stays passed (LegalLimitExceeded is recorded once).
          ...(legalToo && clock.fired.legal !== undefined
            ? { legal: clock.fired.legal && next.legal !== undefined && Date.parse(next.legal.deadline) <= at }
            : {}),
        },
      };
    }
    if (Object.keys(changed).length === 0) return [];
    return drafts({ type: 'DeadlinesRecomputed', calendarVersion: ctx.calendar.version, clocks: changed });
  },
};

export const periodEvolvers: Evolvers<'ClockSuspended' | 'ClockResumed' | 'ExtensionGranted' | 'DeadlinesRecomputed'> =
  {
    ClockSuspended: (state, event) => {
      const period = event.id ? event.clocks[suspensionClockKey(event.id)] : undefined;
      return withClocks(
        {
          ...state,
          suspensions: [
            ...state.suspensions,
            {
              ...(event.id ? { id: event.id } : {}),
              ...(event.stepId ? { stepId: event.stepId } : {}),
              keys: event.keys,
              reason: event.reason,
              note: event.note,
              expectedWorkingDays: event.expectedWorkingDays,
              since: event.at,
              actor: event.actor,
              ...(period ? { expectedEnd: period.deadline } : {}),
            },
          ],
        },
        event.clocks,
      );
    },
    ClockResumed: (state, event) => {
      let index = -1;
      state.suspensions.forEach((suspension, i) => {
        const same = event.id ? suspension.id === event.id : suspension.keys.some((key) => event.keys.includes(key));
        if (!suspension.resumedAt && same) index = i;
      });
      const suspensions = state.suspensions.map((suspension, i) =>
        i === index ? { ...suspension, resumedAt: event.at, excludedDays: event.excludedDays } : suspension,
      );
      const corrected = Object.fromEntries(
        Object.entries(state.steps).map(([id, step]) => [
          id,
          step.status === 'awaiting-correction' && event.keys.includes(`step:${id}`)
            ? { ...step, status: 'in-review' as const }
            : step,
        ]),
      );
      return withClocks({ ...state, suspensions, steps: corrected }, event.clocks);
    },
    ExtensionGranted: (state, event) => {
      const extension = {
        at: event.at,
        reason: event.reason,
        approvedBy: event.approvedBy,
        afterDeadline: event.afterDeadline,
      };
      const step = event.stepId ? state.steps[event.stepId] : undefined;
      const next =
        event.stepId && step
          ? { ...state, steps: { ...state.steps, [event.stepId]: { ...step, extended: extension } } }
          : event.stepId
            ? state
            : { ...state, caseExtension: extension };
      return withClocks(next, event.clocks);
    },
    DeadlinesRecomputed: (state, event) => withClocks(state, event.clocks),
  };
