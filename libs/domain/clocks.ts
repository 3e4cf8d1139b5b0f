import type { Instant, WorkingDayCalculator } from '../calendar/types';
import type { TimeLimit } from '../catalog/types';
import type { Clock, ClockPurpose } from './state';

export interface ClockSettings {
  /** 预警 when this many working days or fewer are left. */
  warningThresholdWorkingDays: number;
  /** 红牌 this many working days after the deadline. */
  supervisionGraceWorkingDays: number;
}

/** Purposes that raise 预警 / 黄牌 / 红牌 (electronic supervision); the others only trigger a rule at their end. */
const SUPERVISED: ReadonlySet<ClockPurpose> = new Set(['case', 'issuance', 'step', 'referral']);

function total(clock: Pick<Clock, 'days' | 'extensionDays' | 'suspendedDays'>): number {
  return clock.days + clock.extensionDays + clock.suspendedDays;
}

/** Fills in deadline, warning and red-card instants from the clock's inputs and the calendar. */
export function computeClock(clock: Clock, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  const days = total(clock);
  const due =
    clock.unit === 'working-days'
      ? calendar.deadline(clock.startedAt, days)
      : calendar.calendarDeadline(clock.startedAt, days);
  const computed: Clock = {
    ...clock,
    deadline: due.at,
    provisional: due.provisional,
    calendarVersion: calendar.version,
  };
  delete computed.warningAt;
  delete computed.redAt;
  if (SUPERVISED.has(clock.purpose)) {
    const warnDays = days - settings.warningThresholdWorkingDays - 1;
    computed.warningAt =
      warnDays < 0
        ? clock.startedAt
        : clock.unit === 'working-days'
          ? calendar.deadline(clock.startedAt, warnDays).at
          : calendar.calendarDeadline(clock.startedAt, warnDays).at;
    const red = calendar.deadline(due.at, settings.supervisionGraceWorkingDays);
    computed.redAt = red.at;
    computed.provisional = computed.provisional || red.provisional;
  }
  return computed;
}

export function newClock(
  purpose: ClockPurpose,
  startedAt: Instant,
  limit: TimeLimit,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
): Clock {
  return computeClock(
    {
      purpose,
      startedAt,
      days: limit.value,
      unit: limit.unit,
      extensionDays: 0,
      suspendedDays: 0,
      deadline: startedAt,
      provisional: false,
      calendarVersion: calendar.version,
      fired: { warning: false, due: false, red: false },
    },
    calendar,
    settings,
  );
}

export function suspendClock(clock: Clock, at: Instant): Clock {
  return clock.suspendedSince || clock.stoppedAt ? clock : { ...clock, suspendedSince: at };
}

/** Days the suspension excluded: working days (or calendar days, for calendar-day limits) after `since` up to `at`. */
export function excludedDays(clock: Clock, at: Instant, calendar: WorkingDayCalculator): number {
  if (!clock.suspendedSince) return 0;
  if (clock.unit === 'working-days') return calendar.workingDaysBetween(clock.suspendedSince, at);
  const from = Date.parse(`${calendar.localDate(clock.suspendedSince)}T00:00:00Z`);
  const to = Date.parse(`${calendar.localDate(at)}T00:00:00Z`);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

export function resumeClock(clock: Clock, at: Instant, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  if (!clock.suspendedSince) return clock;
  const excluded = excludedDays(clock, at, calendar);
  const resumed: Clock = { ...clock, suspendedDays: clock.suspendedDays + excluded };
  delete resumed.suspendedSince;
  const computed = computeClock(resumed, calendar, settings);
  // Alerts that had not fired stay pending; a deadline moved later re-arms them.
  return {
    ...computed,
    fired: {
      warning: clock.fired.warning && computed.warningAt !== undefined && computed.warningAt <= at,
      due: clock.fired.due && computed.deadline <= at,
      red: clock.fired.red && computed.redAt !== undefined && computed.redAt <= at,
    },
  };
}

export function extendClock(
  clock: Clock,
  days: number,
  at: Instant,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
): Clock {
  const computed = computeClock({ ...clock, extensionDays: clock.extensionDays + days }, calendar, settings);
  // Art. 42: an extension asked for after the deadline has passed counts as overdue.
  const late = Date.parse(at) > Date.parse(clock.deadline);
  return {
    ...computed,
    fired: { ...clock.fired },
    ...(late && !clock.overdueSince ? { overdueSince: clock.deadline } : {}),
  };
}

export function stopClock(clock: Clock, at: Instant): Clock {
  return clock.stoppedAt ? clock : { ...clock, stoppedAt: at };
}

export type ClockAlarm = 'warning' | 'due' | 'red';

/** The alarms of a running clock that have not fired yet, earliest first. */
export function pendingAlarms(clock: Clock): Array<{ alarm: ClockAlarm; at: Instant }> {
  if (clock.stoppedAt || clock.suspendedSince) return [];
  const alarms: Array<{ alarm: ClockAlarm; at: Instant }> = [];
  if (clock.warningAt && !clock.fired.warning) alarms.push({ alarm: 'warning', at: clock.warningAt });
  if (!clock.fired.due) alarms.push({ alarm: 'due', at: clock.deadline });
  if (clock.redAt && !clock.fired.red) alarms.push({ alarm: 'red', at: clock.redAt });
  return alarms.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export type WarningLevel = 'none' | 'warning' | 'yellow' | 'red';

/** Supervision level of a clock as seen at `now` (a stopped clock keeps the level it reached). */
export function warningLevel(clock: Clock, now: Instant): WarningLevel {
  const t = Date.parse(clock.stoppedAt ?? now);
  if (!SUPERVISED.has(clock.purpose)) return 'none';
  if (clock.suspendedSince && !clock.stoppedAt) {
    return clock.fired.red ? 'red' : clock.fired.due ? 'yellow' : clock.fired.warning ? 'warning' : 'none';
  }
  if (clock.redAt && t >= Date.parse(clock.redAt)) return 'red';
  if (t > Date.parse(clock.deadline) || clock.overdueSince) return 'yellow';
  if (clock.warningAt && t >= Date.parse(clock.warningAt)) return clock.stoppedAt ? 'none' : 'warning';
  return 'none';
}

export function isOverdue(clock: Clock, now: Instant): boolean {
  return clock.overdueSince !== undefined || Date.parse(clock.stoppedAt ?? now) > Date.parse(clock.deadline);
}
