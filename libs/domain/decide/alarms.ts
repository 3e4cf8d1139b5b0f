import type { Instant } from '@onewindow/calendar';
import { isSupervised, pendingAlarms, stopClock, type ClockAlarm } from '../clocks';
import type { CommandBase } from '../commands';
import type { AlertLevel, ClockPatch } from '../events';
import { isClosed, stepClockKey, type CaseState, type Clock, type ClockKey } from '../state';
import { SYSTEM_ACTOR } from '../vocabulary';
import { accept } from './acceptance';
import type { Batch, Handlers } from './batch';
import { startReadySteps } from './steps';

/** A timer fired: every alarm due by `at` takes effect (default acceptance, 预警/黄牌/红牌, 超时默认, 容缺 deadline). */
export interface CheckClocks extends CommandBase {
  type: 'CheckClocks';
  /** When the timer fired; `at` is then the instant it was set for (rules 2). */
  firedAt?: Instant;
}

export type AlarmCommand = CheckClocks;

export type AlarmEvent =
  | { type: 'AlertRaised'; key: ClockKey; level: AlertLevel; clocks: ClockPatch }
  | { type: 'SupplementDeadlineMissed'; materialCodes: string[]; clocks: ClockPatch }
  | { type: 'DecisionWithheld'; materialCodes: string[] }
  /** Rules 2: the legal limit (法定时限) passed, a graver fact than the promised limit's yellow card. */
  | { type: 'LegalLimitExceeded'; key: ClockKey; clocks: ClockPatch };

interface LiveAlarm {
  key: ClockKey;
  alarm: ClockAlarm;
  at: Instant;
}

/** Clock alarms that matter in the current state, earliest first. */
function liveAlarms(state: CaseState): LiveAlarm[] {
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

/** The earliest instant at which `CheckClocks` would produce events; undefined when nothing is pending. */
export function nextWakeUp(state: CaseState): Instant | undefined {
  return liveAlarms(state)[0]?.at;
}

function fire(clock: Clock, alarm: ClockAlarm): Clock {
  return { ...clock, fired: { ...clock.fired, [alarm]: true } };
}

/** A department did not answer by its deadline: 超时默认 where the matter allows it, else 督办. */
function timeout(b: Batch, stepId: string): void {
  const step = b.state.steps[stepId];
  if (!step || step.status !== 'in-review') return;
  const matter = b.matterOf(stepId);
  if (matter.timeoutRule === 'deemed-consent') {
    const key = stepClockKey(stepId);
    b.emit(
      { type: 'StepDeemedConsented', stepId, rule: 'timeout', clocks: { [key]: stopClock(b.clock(key)!, b.at) } },
      SYSTEM_ACTOR,
    );
    startReadySteps(b);
  } else if (!step.escalated) {
    b.emit({ type: 'StepEscalated', stepId, rule: 'timeout' }, SYSTEM_ACTOR);
  }
}

function missedSupplement(b: Batch, materialCode: string, fired: ClockPatch): void {
  const items = b.state.missing.filter(
    (item) => item.materialCode === materialCode && item.reason === 'tolerance' && !item.suppliedAt,
  );
  b.emit({ type: 'SupplementDeadlineMissed', materialCodes: [materialCode], clocks: fired }, SYSTEM_ACTOR);
  const terminate = items.some(
    (item) => (item.stepId ? b.matterOf(item.stepId).missedSupplementRule : 'terminate') === 'terminate',
  );
  if (terminate) {
    b.emit(
      {
        type: 'CaseTerminated',
        reason: `容缺 material ${materialCode} not supplied by its deadline`,
        clocks: b.stopAll(),
      },
      SYSTEM_ACTOR,
    );
  } else if (!b.state.decisionWithheld) {
    b.emit({ type: 'DecisionWithheld', materialCodes: [materialCode] }, SYSTEM_ACTOR);
  }
}

export const alarmHandlers: Handlers<AlarmCommand> = {
  CheckClocks(b, command) {
    const now = Date.parse(command.at);
    for (let guard = 0; guard < 1000; guard += 1) {
      const next = liveAlarms(b.state).find((alarm) => Date.parse(alarm.at) <= now);
      if (!next) return;
      // Rules 2: each alarm takes effect at its own instant, the legal time, whenever the timer fired.
      if (b.state.rulesVersion >= 2) b.dated(next.at, () => fireAlarm(b, next));
      else fireAlarm(b, next);
    }
  },
};

function fireAlarm(b: Batch, next: LiveAlarm): void {
  const clock = b.clock(next.key)!;
  const fired = { [next.key]: fire(clock, next.alarm) };
  if (next.alarm === 'legal') {
    b.emit({ type: 'LegalLimitExceeded', key: next.key, clocks: fired }, SYSTEM_ACTOR);
    return;
  }
  if (clock.purpose === 'post-check') {
    b.emit({ type: 'PostDecisionCheckEnded', clocks: { [next.key]: stopClock(fired[next.key], b.at) } }, SYSTEM_ACTOR);
    return;
  }
  if (clock.purpose === 'hearing-request') {
    // Arts. 47: nobody asked for a hearing within 5 working days of the notice; the right has lapsed.
    const stepId = next.key.slice('hearing-request:'.length);
    b.emit(
      { type: 'HearingRequestLapsed', stepId, clocks: { [next.key]: stopClock(fired[next.key], b.at) } },
      SYSTEM_ACTOR,
    );
    return;
  }
  if (next.key === 'notice') {
    // Art. 32: no notice within 5 working days: accepted from the day the materials were received.
    accept(b, 'by-default', b.state.receivedAt, 'normal', [], [], fired, SYSTEM_ACTOR);
    return;
  }
  if (clock.purpose === 'supplement') {
    missedSupplement(b, next.key.slice('supplement:'.length), fired);
    return;
  }
  const level: AlertLevel = next.alarm === 'due' ? 'yellow' : next.alarm === 'red' ? 'red' : 'warning';
  b.emit({ type: 'AlertRaised', key: next.key, level, clocks: fired }, SYSTEM_ACTOR);
  if (next.alarm !== 'due') return;
  if (clock.purpose === 'step') timeout(b, next.key.slice('step:'.length));
  if (next.key.startsWith('referral:')) {
    b.emit(
      { type: 'StepEscalated', stepId: next.key.slice('referral:'.length), rule: 'referral-timeout' },
      SYSTEM_ACTOR,
    );
  }
}
