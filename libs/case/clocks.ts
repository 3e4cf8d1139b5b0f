import { z } from 'zod';
import type { Deadline, Instant, WorkingDayCalculator } from '@onewindow/calendar';
import { isSubDay, LIMIT_UNITS, workingMinutesOf, type LimitUnit, type TimeLimit } from '@onewindow/catalog';
import type { CaseFields } from './fields';
import type { WarningLevel } from './vocabulary';

/**
 * Which clock (its key in `CaseState.clocks`): `notice` (Art. 32), `case`, `issuance`, `step:<id>`,
 * `referral:<id>`, `supplement:<material>`, `hearing-request:<id>` and `hearing:<id>` (Arts. 47-48), `post-check`
 * (告知承诺 check after the decision), `suspension:<id>` (the period a suspension said it needs).
 */
export type ClockKey = string;

export const CLOCK_PURPOSES = [
  'notice',
  'case',
  'issuance',
  'step',
  'referral',
  'supplement',
  'hearing-request',
  'hearing',
  'post-check',
  'suspension',
] as const;
export type ClockPurpose = (typeof CLOCK_PURPOSES)[number];

/**
 * The clock's schemas, built from fresh fields on each call: kept out of the module's load so that the workflow
 * sandbox, which loads this module, holds no zod schema (see `caseFields`); the API builds them once
 * (`@onewindow/case/schemas`).
 */
export function clockSchemas(f: CaseFields) {
  const { instant, count } = f;
  const unit = z.enum(LIMIT_UNITS);
  const timeLimit = z.strictObject({ value: count, unit });
  /** The legal limit (法定时限) of a period, tracked beside its promised limit (承诺时限). */
  const legal = z.strictObject({
    days: count,
    unit,
    /** Excluded so far, in this period's own unit. */
    suspendedDays: count,
    deadline: instant,
    provisional: z.boolean(),
  });
  /**
   * A legal period. The computed instants are stored with it, so folding events never needs the calendar and an old
   * history replays to the same deadlines.
   */
  const clock = z
    .strictObject({
      purpose: z.enum(CLOCK_PURPOSES),
      /** Counting starts the day after this instant's local day. */
      startedAt: instant,
      days: count,
      unit,
      extensionDays: count,
      /** Days excluded so far (Art. 45 periods, corrections): added to the limit exactly. */
      suspendedDays: count,
      suspendedSince: instant.optional(),
      deadline: instant,
      provisional: z.boolean(),
      calendarVersion: z.string(),
      /** 预警: from here on at most the template's threshold of working days is left. */
      warningAt: instant.optional(),
      /** 红牌: the supervision deadline. */
      redAt: instant.optional(),
      fired: z.strictObject({
        warning: z.boolean(),
        due: z.boolean(),
        red: z.boolean(),
        legal: z.boolean().optional(),
      }),
      /** Set when the period was extended after it had run out (Art. 42): it stays counted as overdue. */
      overdueSince: instant.optional(),
      /** When the period's work was done; a stopped clock never fires again. */
      stoppedAt: instant.optional(),
      /**
       * The 2026-12 arithmetic: units compared like with like (calendar-day periods end on a working day, the
       * extension counts in its own unit), overlapping suspensions held by id, the legal limit alongside.
       */
      model: z.literal(2).optional(),
      /** The Art. 42 extension, in its own unit, added after the limit (model 2). */
      extension: timeLimit.optional(),
      /** The open suspensions holding this clock still (`s<index>` of `CaseState.suspensions`; model 2). */
      holds: z.array(z.string()).optional(),
      legal: legal.optional(),
    })
    .meta({ id: 'Clock', description: 'a legal period as the kernel keeps it' });
  /** Clock changes ride on the events that cause them: `evolve` merges them into `state.clocks`. */
  const patch = z.record(z.string(), clock).describe('the clocks the event changes, by key');
  return { legal, clock, patch };
}

type ClockSchemas = ReturnType<typeof clockSchemas>;
export type LegalPeriod = z.infer<ClockSchemas['legal']>;
export type Clock = z.infer<ClockSchemas['clock']>;
export type ClockPatch = Record<ClockKey, Clock>;

export interface ClockSettings {
  /** 预警 when this many working days or fewer are left. */
  warningThresholdWorkingDays: number;
  /** 红牌 this many working days after the deadline. */
  supervisionGraceWorkingDays: number;
}

/** Purposes that raise 预警 / 黄牌 / 红牌 (electronic supervision); the others only trigger a rule at their end. */
const SUPERVISED: ReadonlySet<ClockPurpose> = new Set(['case', 'issuance', 'step', 'referral', 'hearing']);

export function isSupervised(clock: Clock): boolean {
  return SUPERVISED.has(clock.purpose);
}

/**
 * End of a period of `limit` from the local day of `from`, in the limit's own unit. Calendar-day periods of rules 2
 * end on the next working day when their last day is not worked (民法典 Art. 203 ¶1: 最后一日是法定休假日的，以休假日
 * 结束的次日为最后一日).
 */
export function periodEnd(calendar: WorkingDayCalculator, from: Instant, limit: TimeLimit, roll: boolean): Deadline {
  switch (limit.unit) {
    case 'working-days':
      return calendar.deadline(from, limit.value);
    case 'working-hours':
    case 'working-minutes':
      return calendar.workingTimeDeadline(from, workingMinutesOf(limit));
    case 'calendar-days':
      return calendar.calendarDeadline(from, limit.value, { rollToWorkingDay: roll });
  }
}

/**
 * A limit as a clock counts it: working hours become working minutes (so suspensions and extensions add up in one
 * unit); the other units stay as they are.
 */
export function clockLimit(limit: TimeLimit): TimeLimit {
  return limit.unit === 'working-hours' ? { value: workingMinutesOf(limit), unit: 'working-minutes' } : limit;
}

/** How much of `unit` a suspension from `since` to `at` excluded: working days, or calendar days. */
export function elapsed(calendar: WorkingDayCalculator, unit: LimitUnit, since: Instant, at: Instant): number {
  if (unit === 'working-days') return calendar.workingDaysBetween(since, at);
  if (isSubDay(unit)) {
    const minutes = calendar.workingMinutesBetween(since, at);
    return unit === 'working-hours' ? Math.floor(minutes / 60) : minutes;
  }
  const from = Date.parse(`${calendar.localDate(since)}T00:00:00Z`);
  const to = Date.parse(`${calendar.localDate(at)}T00:00:00Z`);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

function total(clock: Pick<Clock, 'days' | 'extensionDays' | 'suspendedDays'>): number {
  return clock.days + clock.extensionDays + clock.suspendedDays;
}

/** Rules 1: one count in the clock's unit (limit + extension + suspensions), warnings counted from the start. */
function computeModel1(clock: Clock, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  // Limits in hours and minutes arrived with rules 2; model 1 never saw one, and counts one as model 2 would.
  if (isSubDay(clock.unit)) return computeModel2(clock, calendar, settings);
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

/**
 * Rules 2: limit and suspensions in the clock's own unit, then the extension in its own unit (like with like), the
 * legal limit beside the promised one, and the warning a number of working days before the deadline.
 */
function computeModel2(clock: Clock, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  const end = (days: number, unit: LimitUnit): Deadline => {
    const base = periodEnd(calendar, clock.startedAt, { value: days, unit }, true);
    if (!clock.extension) return base;
    const extended = periodEnd(calendar, base.at, clock.extension, true);
    return { ...extended, provisional: base.provisional || extended.provisional };
  };
  const due = end(clock.days + clock.suspendedDays, clock.unit);
  const computed: Clock = {
    ...clock,
    deadline: due.at,
    provisional: due.provisional,
    calendarVersion: calendar.version,
  };
  delete computed.warningAt;
  delete computed.redAt;
  if (clock.legal) {
    const legal = end(clock.legal.days + clock.legal.suspendedDays, clock.legal.unit);
    computed.legal = { ...clock.legal, deadline: legal.at, provisional: legal.provisional };
  }
  if (SUPERVISED.has(clock.purpose) && isSubDay(clock.unit)) {
    // Within the day: 预警 when a quarter of the period is left (a day-based threshold would warn at once).
    const total = clock.days + clock.suspendedDays;
    const warning = periodEnd(
      calendar,
      clock.startedAt,
      { value: Math.floor((total * 3) / 4), unit: clock.unit },
      true,
    );
    computed.warningAt = warning.at;
    const red = calendar.deadline(due.at, settings.supervisionGraceWorkingDays);
    computed.redAt = red.at;
    computed.provisional = computed.provisional || red.provisional;
  } else if (SUPERVISED.has(clock.purpose)) {
    const warningDay = calendar.subtractWorkingDays(
      calendar.localDate(due.at),
      settings.warningThresholdWorkingDays + 1,
    );
    const warningAt = calendar.officeCloseAt(warningDay);
    computed.warningAt = Date.parse(warningAt) < Date.parse(clock.startedAt) ? clock.startedAt : warningAt;
    const red = calendar.deadline(due.at, settings.supervisionGraceWorkingDays);
    computed.redAt = red.at;
    computed.provisional = computed.provisional || red.provisional;
  }
  return computed;
}

/** Fills in deadline, warning and red-card instants from the clock's inputs and the calendar. */
export function computeClock(clock: Clock, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  return clock.model === 2 ? computeModel2(clock, calendar, settings) : computeModel1(clock, calendar, settings);
}

export interface NewClockOptions {
  /** Rules 2 clocks: the model-2 arithmetic, and the legal limit (法定时限) tracked beside the promised one. */
  model?: 2;
  legal?: TimeLimit;
}

export function newClock(
  purpose: ClockPurpose,
  startedAt: Instant,
  limit: TimeLimit,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
  options: NewClockOptions = {},
): Clock {
  limit = clockLimit(limit);
  if (options.legal) options = { ...options, legal: clockLimit(options.legal) };
  const legal: LegalPeriod | undefined =
    options.model === 2 && options.legal
      ? {
          days: options.legal.value,
          unit: options.legal.unit,
          suspendedDays: 0,
          deadline: startedAt,
          provisional: false,
        }
      : undefined;
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
      ...(options.model === 2 ? { model: 2 as const, holds: [] } : {}),
      ...(legal ? { legal } : {}),
    },
    calendar,
    settings,
  );
}

/** Rules 1: the clock stops counting from `at` (one suspension at a time). */
export function suspendClock(clock: Clock, at: Instant): Clock {
  return clock.suspendedSince || clock.stoppedAt ? clock : { ...clock, suspendedSince: at };
}

/** Rules 2: suspension `hold` keeps the clock still from `at`; several holds overlap and count once. */
export function holdClock(clock: Clock, at: Instant, hold: string): Clock {
  if (clock.stoppedAt || clock.holds?.includes(hold)) return clock;
  return { ...clock, holds: [...(clock.holds ?? []), hold], ...(clock.suspendedSince ? {} : { suspendedSince: at }) };
}

/** Days the suspension excluded: working days (or calendar days, for calendar-day limits) after `since` up to `at`. */
export function excludedDays(clock: Clock, at: Instant, calendar: WorkingDayCalculator): number {
  return clock.suspendedSince ? elapsed(calendar, clock.unit, clock.suspendedSince, at) : 0;
}

function recomputeAfterPause(
  clock: Clock,
  resumed: Clock,
  at: Instant,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
): Clock {
  const computed = computeClock(resumed, calendar, settings);
  // Alerts that had not fired stay pending; a deadline moved later re-arms them.
  return {
    ...computed,
    fired: {
      ...clock.fired,
      warning: clock.fired.warning && computed.warningAt !== undefined && computed.warningAt <= at,
      due: clock.fired.due && computed.deadline <= at,
      red: clock.fired.red && computed.redAt !== undefined && computed.redAt <= at,
      ...(clock.fired.legal !== undefined
        ? { legal: clock.fired.legal && computed.legal !== undefined && computed.legal.deadline <= at }
        : {}),
    },
  };
}

export function resumeClock(clock: Clock, at: Instant, calendar: WorkingDayCalculator, settings: ClockSettings): Clock {
  if (!clock.suspendedSince) return clock;
  const resumed: Clock = { ...clock, suspendedDays: clock.suspendedDays + excludedDays(clock, at, calendar) };
  delete resumed.suspendedSince;
  return recomputeAfterPause(clock, resumed, at, calendar, settings);
}

/** Rules 2: releases `hold`; when it was the last, the clock runs again and the whole pause is excluded, exactly. */
export function releaseClock(
  clock: Clock,
  at: Instant,
  hold: string,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
): Clock {
  if (!clock.holds?.includes(hold)) return clock;
  const holds = clock.holds.filter((candidate) => candidate !== hold);
  if (holds.length > 0 || !clock.suspendedSince || clock.stoppedAt) return { ...clock, holds };
  const since = clock.suspendedSince;
  const resumed: Clock = {
    ...clock,
    holds,
    suspendedDays: clock.suspendedDays + elapsed(calendar, clock.unit, since, at),
    ...(clock.legal
      ? {
          legal: {
            ...clock.legal,
            suspendedDays: clock.legal.suspendedDays + elapsed(calendar, clock.legal.unit, since, at),
          },
        }
      : {}),
  };
  delete resumed.suspendedSince;
  return recomputeAfterPause(clock, resumed, at, calendar, settings);
}

/** Art. 42: the period is extended; one asked for after the deadline has passed counts as overdue. */
export function extendClock(
  clock: Clock,
  extension: TimeLimit,
  at: Instant,
  calendar: WorkingDayCalculator,
  settings: ClockSettings,
): Clock {
  extension = clockLimit(extension);
  const extended: Clock =
    clock.model === 2
      ? { ...clock, extension, extensionDays: extension.value }
      : { ...clock, extensionDays: clock.extensionDays + extension.value };
  const computed = computeClock(extended, calendar, settings);
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

export type ClockAlarm = 'warning' | 'due' | 'red' | 'legal';

/** The alarms of a running clock that have not fired yet, earliest first. */
export function pendingAlarms(clock: Clock): Array<{ alarm: ClockAlarm; at: Instant }> {
  if (clock.stoppedAt || clock.suspendedSince) return [];
  const alarms: Array<{ alarm: ClockAlarm; at: Instant }> = [];
  if (clock.warningAt && !clock.fired.warning) alarms.push({ alarm: 'warning', at: clock.warningAt });
  if (!clock.fired.due) alarms.push({ alarm: 'due', at: clock.deadline });
  if (clock.redAt && !clock.fired.red) alarms.push({ alarm: 'red', at: clock.redAt });
  if (clock.legal && !clock.fired.legal) alarms.push({ alarm: 'legal', at: clock.legal.deadline });
  return alarms.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export type { WarningLevel };

/**
 * Overdue: extended too late, its deadline alarm fired, stopped after the deadline, or still running past it. A clock
 * held still (补正, hearing, Art. 45) is overdue only if it already was when it stopped counting: the applicant's
 * time is never the department's.
 */
export function isOverdue(clock: Clock, now: Instant): boolean {
  if (clock.overdueSince !== undefined || clock.fired.due) return true;
  const until = clock.stoppedAt ?? clock.suspendedSince ?? now;
  return Date.parse(until) > Date.parse(clock.deadline);
}

/** Past the legal limit (法定时限), a graver fact than the promised limit: counted like `isOverdue`. */
export function isLegalOverdue(clock: Clock, now: Instant): boolean {
  if (!clock.legal) return false;
  if (clock.fired.legal) return true;
  const until = clock.stoppedAt ?? clock.suspendedSince ?? now;
  return Date.parse(until) > Date.parse(clock.legal.deadline);
}

/** Supervision level of a clock as seen at `now` (a stopped clock keeps the level it reached). */
export function warningLevel(clock: Clock, now: Instant): WarningLevel {
  const t = Date.parse(clock.stoppedAt ?? now);
  if (!SUPERVISED.has(clock.purpose)) return 'none';
  if (clock.suspendedSince && !clock.stoppedAt) {
    return clock.fired.red ? 'red' : clock.fired.due ? 'yellow' : clock.fired.warning ? 'warning' : 'none';
  }
  if (clock.fired.red || (clock.redAt && t >= Date.parse(clock.redAt))) return 'red';
  if (t > Date.parse(clock.deadline) || clock.overdueSince || clock.fired.due) return 'yellow';
  if (clock.warningAt && t >= Date.parse(clock.warningAt)) return clock.stoppedAt ? 'none' : 'warning';
  return 'none';
}

/** The local (UTC+8) calendar year of an instant. */
function localYear(at: Instant, utcOffsetMinutes: number): number {
  return new Date(Date.parse(at) + utcOffsetMinutes * 60_000).getUTCFullYear();
}

/**
 * Whether a new notice for `year` can move this clock: it is still running and it counts days in that year (its
 * span from the start to the red card, or to the deadline) or its deadline is provisional.
 */
export function clockCountsIn(clock: Clock, year: number, utcOffsetMinutes = 480): boolean {
  if (clock.stoppedAt) return false;
  const last = [clock.deadline, clock.redAt, clock.legal?.deadline]
    .filter((at): at is Instant => at !== undefined)
    .reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  const [from, to] = [localYear(clock.startedAt, utcOffsetMinutes), localYear(last, utcOffsetMinutes)];
  return (from <= year && year <= to) || (clock.provisional && year >= from);
}

/**
 * What a step used, as the kernel counts it: working days from its start to `end` without the periods its clock
 * excluded, and its legal limit in working days (a calendar-day limit in the working days it spans from the start).
 */
export function countStepTime(
  calendar: WorkingDayCalculator,
  clock: Clock,
  end: Instant,
): { workingDays: number; legalWorkingDays: number | null } {
  const excluded = clock.unit === 'working-days' ? clock.suspendedDays : 0;
  const workingDays = Math.max(0, calendar.workingDaysBetween(clock.startedAt, end) - excluded);
  const legal = clock.legal;
  const legalWorkingDays = !legal
    ? null
    : legal.unit === 'working-days'
      ? legal.days
      : calendar.workingDaysBetween(
          clock.startedAt,
          periodEnd(calendar, clock.startedAt, { value: legal.days, unit: legal.unit }, true).at,
        );
  return { workingDays, legalWorkingDays };
}
