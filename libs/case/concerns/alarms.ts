import { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import { isSupervised, pendingAlarms, stopClock, type Clock, type ClockAlarm, type ClockKey } from '../clocks';
import {
  matterOf,
  stopAll,
  type BodiesOf,
  type DeciderContext,
  type Draft,
  type Evolvers,
  type PayloadsOf,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { isClosed, stepClockKey, withClocks, type CaseState } from '../state';
import { ALERT_LEVELS, type AlertLevel } from '../vocabulary';
import { acceptDraft } from './acceptance';
import { stepTimeAt } from './steps';

export const alarmCommands = {
  CheckClocks: {
    description:
      'a timer fired: every alarm due by `at` takes effect (default acceptance, 预警/黄牌/红牌, 超时默认, 容缺 deadline)',
    payload: (f: CaseFields) => ({
      /** When the timer fired; `at` is then the instant it was set for. */
      firedAt: f.instant.optional(),
    }),
  },
} as const;

export const alarmEvents = (f: EventKit) => ({
  AlertRaised: z.strictObject({ key: z.string(), level: z.enum(ALERT_LEVELS), clocks: f.clockPatch }),
  SupplementDeadlineMissed: z.strictObject({ materialCodes: z.array(f.code), clocks: f.clockPatch }),
  DecisionWithheld: z.strictObject({ materialCodes: z.array(f.code) }),
  /** The legal limit (法定时限) passed: a graver fact than the promised limit's yellow card. */
  LegalLimitExceeded: z.strictObject({ key: z.string(), clocks: f.clockPatch }),
  /** Rules 2026-12b: a suspension is still running when the period it said it needs has run out. */
  SuspensionOverran: z.strictObject({ suspensionId: z.string(), clocks: f.clockPatch }),
});

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof alarmCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof alarmEvents>> {}
}

/** An alarm of a clock that matters in the current state. */
export interface DueAlarm {
  key: ClockKey;
  alarm: ClockAlarm;
  at: Instant;
}

/** Clock alarms that matter in the current state, earliest first. */
function liveAlarms(state: CaseState): DueAlarm[] {
  return Object.entries(state.clocks)
    .filter(([key, clock]) => {
      // After the decision only the post-decision check (告知承诺) still runs.
      if (clock.purpose === 'post-check') return true;
      if (isClosed(state)) return false;
      if (key === 'notice') return state.status === 'received';
      if (clock.purpose === 'supplement') {
        const code = key.slice('supplement:'.length);
        return state.missing.some(
          (item) => item.materialCode === code && item.reason === 'tolerance' && !item.suppliedAt,
        );
      }
      return true;
    })
    .flatMap(([key, clock]) =>
      pendingAlarms(clock)
        // Unsupervised clocks (notice, 容缺 supplement, hearing request, post-check) only end: no warnings or cards.
        .filter((alarm) => isSupervised(clock) || alarm.alarm === 'due')
        .map((alarm) => ({ key, ...alarm })),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The earliest instant at which an alarm would take effect; undefined when nothing is pending. */
export function nextWakeUp(state: CaseState): Instant | undefined {
  return liveAlarms(state)[0]?.at;
}

/** The earliest alarm due at or before `until`, if any. */
export function dueAlarm(state: CaseState, until: Instant): DueAlarm | undefined {
  const limit = Date.parse(until);
  return liveAlarms(state).find((alarm) => Date.parse(alarm.at) <= limit);
}

function fire(clock: Clock, alarm: ClockAlarm): Clock {
  return { ...clock, fired: { ...clock.fired, [alarm]: true } };
}

/** A department did not answer by its deadline: 超时默认 where the matter allows it, else 督办. */
function timeout(state: CaseState, ctx: DeciderContext, at: Instant, stepId: string): Draft[] {
  const step = state.steps[stepId];
  if (!step || step.status !== 'in-review') return [];
  if (matterOf(ctx, stepId)?.timeoutRule === 'deemed-consent') {
    const key = stepClockKey(stepId);
    const clock = state.clocks[key];
    const time = stepTimeAt(ctx, clock, at);
    return [
      {
        event: {
          type: 'StepDeemedConsented',
          stepId,
          rule: 'timeout',
          clocks: { [key]: stopClock(clock, at) },
          ...(time ? { time } : {}),
        },
      },
    ];
  }
  return step.escalated ? [] : [{ event: { type: 'StepEscalated', stepId, rule: 'timeout' } }];
}

function missedSupplement(
  state: CaseState,
  ctx: DeciderContext,
  at: Instant,
  materialCode: string,
  fired: Record<ClockKey, Clock>,
): Draft[] {
  const items = state.missing.filter(
    (item) => item.materialCode === materialCode && item.reason === 'tolerance' && !item.suppliedAt,
  );
  const result: Draft[] = [
    { event: { type: 'SupplementDeadlineMissed', materialCodes: [materialCode], clocks: fired } },
  ];
  const terminate = items.some(
    (item) => (item.stepId ? matterOf(ctx, item.stepId)?.missedSupplementRule : 'terminate') === 'terminate',
  );
  if (terminate) {
    result.push({
      event: {
        type: 'CaseTerminated',
        reason: `容缺 material ${materialCode} not supplied by its deadline`,
        clocks: stopAll(withClocks(state, fired).clocks, at),
      },
    });
  } else if (!state.decisionWithheld) {
    result.push({ event: { type: 'DecisionWithheld', materialCodes: [materialCode] } });
  }
  return result;
}

/** What one alarm does (all by the system actor, dated by the kernel). */
export function fireAlarm(state: CaseState, ctx: DeciderContext, next: DueAlarm, at: Instant): Draft[] {
  const clock = state.clocks[next.key];
  const fired = { [next.key]: fire(clock, next.alarm) };
  const firedClock = fired[next.key];
  if (next.alarm === 'legal') return [{ event: { type: 'LegalLimitExceeded', key: next.key, clocks: fired } }];
  if (clock.purpose === 'post-check') {
    return [{ event: { type: 'PostDecisionCheckEnded', clocks: { [next.key]: stopClock(firedClock, at) } } }];
  }
  if (clock.purpose === 'hearing-request') {
    // Art. 47: nobody asked for a hearing within 5 working days of the notice; the right has lapsed.
    const stepId = next.key.slice('hearing-request:'.length);
    return [{ event: { type: 'HearingRequestLapsed', stepId, clocks: { [next.key]: stopClock(firedClock, at) } } }];
  }
  if (clock.purpose === 'suspension') {
    const suspensionId = next.key.slice('suspension:'.length);
    return [{ event: { type: 'SuspensionOverran', suspensionId, clocks: { [next.key]: stopClock(firedClock, at) } } }];
  }
  if (next.key === 'notice') {
    // Art. 32: no notice within 5 working days: accepted from the day the materials were received.
    return [
      acceptDraft(state, ctx, {
        mode: 'by-default',
        countedFrom: state.receivedAt,
        handling: 'normal',
        missing: [],
        commitments: [],
        clocks: fired,
      }),
    ];
  }
  if (clock.purpose === 'supplement')
    return missedSupplement(state, ctx, at, next.key.slice('supplement:'.length), fired);
  const level: AlertLevel = next.alarm === 'due' ? 'yellow' : next.alarm === 'red' ? 'red' : 'warning';
  const result: Draft[] = [{ event: { type: 'AlertRaised', key: next.key, level, clocks: fired } }];
  if (next.alarm !== 'due') return result;
  const after = withClocks(state, fired);
  if (clock.purpose === 'step') result.push(...timeout(after, ctx, at, next.key.slice('step:'.length)));
  if (next.key.startsWith('referral:')) {
    result.push({
      event: { type: 'StepEscalated', stepId: next.key.slice('referral:'.length), rule: 'referral-timeout' },
    });
  }
  return result;
}

export const alarmEvolvers: Evolvers<
  'AlertRaised' | 'SupplementDeadlineMissed' | 'DecisionWithheld' | 'LegalLimitExceeded' | 'SuspensionOverran'
> = {
  AlertRaised: (state, event) =>
    withClocks(
      { ...state, alerts: [...(state.alerts ?? []), { key: event.key, level: event.level, at: event.at }] },
      event.clocks,
    ),
  SupplementDeadlineMissed: (state, event) => withClocks(state, event.clocks),
  DecisionWithheld: (state) => ({ ...state, decisionWithheld: true }),
  LegalLimitExceeded: (state, event) =>
    withClocks(
      { ...state, alerts: [...(state.alerts ?? []), { key: event.key, level: 'legal', at: event.at }] },
      event.clocks,
    ),
  SuspensionOverran: (state, event) =>
    withClocks(
      {
        ...state,
        suspensions: state.suspensions.map((suspension) =>
          suspension.id === event.suspensionId ? { ...suspension, overranAt: event.at } : suspension,
        ),
      },
      event.clocks,
    ),
};
