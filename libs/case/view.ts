import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import { isSubDay, type HandlingKind } from '@onewindow/catalog';
import { countStepTime, isLegalOverdue, isOverdue, warningLevel, type Clock } from './clocks';
import type { CaseView, ClockView, RaisedAlerts, StepView } from './view-schema';
import { CURRENT_RULES, rulesOf } from './rules';
import { feeCancelled, feeDue, feeStatus, grantedWaiver } from './fee-status';
import {
  hearingClockKey,
  initialCaseState,
  isClosed,
  POST_CHECK_CLOCK,
  referralClockKey,
  stepClockKey,
  supplementClockKey,
  suspensionClockKey,
  type CaseFee,
  type CaseState,
  type StepState,
} from './state';
import { ENDED_STEP_STATUSES, SYSTEM_ACTOR, WARNING_LEVELS, type WarningLevel } from './vocabulary';

export type { CaseView, ClockView, RaisedAlerts, StepView };

const LEVELS: readonly WarningLevel[] = WARNING_LEVELS;

function worst(levels: readonly WarningLevel[]): WarningLevel {
  return levels.reduce<WarningLevel>((a, b) => (LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a), 'none');
}

function remainingMinutes(calendar: WorkingDayCalculator, now: Instant, deadline: Instant): number {
  return Date.parse(now) <= Date.parse(deadline)
    ? calendar.workingMinutesBetween(now, deadline)
    : -calendar.workingMinutesBetween(deadline, now);
}

export function clockView(clock: Clock, now: Instant, calendar: WorkingDayCalculator): ClockView {
  return {
    deadline: clock.deadline,
    provisional: clock.provisional,
    // A clock held still (补正, Art. 45) has as many days left as when it stopped counting.
    remainingWorkingDays: calendar.remainingWorkingDays(clock.stoppedAt ?? clock.suspendedSince ?? now, clock.deadline),
    ...(isSubDay(clock.unit)
      ? {
          remainingWorkingMinutes: remainingMinutes(
            calendar,
            clock.stoppedAt ?? clock.suspendedSince ?? now,
            clock.deadline,
          ),
        }
      : {}),
    unit: clock.unit,
    warningLevel: warningLevel(clock, now),
    overdue: isOverdue(clock, now),
    suspended: clock.suspendedSince !== undefined,
    extensionDays: clock.extensionDays,
    suspendedDays: clock.suspendedDays,
    ...(clock.stoppedAt ? { stoppedAt: clock.stoppedAt } : {}),
    ...(clock.suspendedSince ? { suspendedSince: clock.suspendedSince } : {}),
    ...(clock.legal
      ? {
          legalDeadline: clock.legal.deadline,
          legalDeadlineProvisional: clock.legal.provisional,
          legalOverdue: isLegalOverdue(clock, now),
        }
      : {}),
  };
}

const FINISHED: ReadonlySet<string> = new Set(ENDED_STEP_STATUSES);

/**
 * A step as the facts say: a step without an outcome in a closed case is cancelled with the case's reason (2026-12b
 * records it as an event; for older cases the closing itself is the fact).
 */
function stepAsClosed(state: CaseState, step: StepState): StepState {
  if (!isClosed(state) || FINISHED.has(step.status) || !state.closed) return step;
  return { ...step, status: 'cancelled', cancelled: { at: state.closed.at, reason: state.closed.reason } };
}

/** The alarms raised on a clock key, from the case's record of them (and the clock's own, for older states). */
function raisedOn(state: CaseState, key: string, clock: Clock | undefined): RaisedAlerts {
  const alerts = (state.alerts ?? []).filter((alert) => alert.key === key);
  const has = (level: string) => alerts.some((alert) => alert.level === level);
  return {
    warning: has('warning') || clock?.fired.warning === true,
    yellow: has('yellow') || clock?.fired.due === true,
    red: has('red') || clock?.fired.red === true,
    legal: has('legal') || clock?.fired.legal === true,
  };
}

function kindOf(state: CaseState, templateKind: HandlingKind | undefined): HandlingKind {
  if (state.status === 'returned') return 'returned';
  if (state.notices > 0) return 'supplement';
  if (state.handling === 'special') return 'special';
  if (state.handling === 'immediate' || Object.values(state.steps).every((step) => step.immediate)) return 'immediate';
  if (Object.values(state.steps).some((step) => step.status === 'referred' || step.opinions.some((o) => o.higherOrgan)))
    return 'referred';
  return templateKind === 'joint' || state.stepOrder.length > 1 ? 'joint' : 'promised';
}

function stepView(state: CaseState, step: StepState, now: Instant, calendar: WorkingDayCalculator): StepView {
  const key = stepClockKey(step.stepId);
  const clock = state.clocks[key];
  const referral = state.clocks[referralClockKey(step.stepId)];
  const hearing = state.clocks[hearingClockKey(step.stepId)];
  const last = step.opinions[step.opinions.length - 1];
  const shown = stepAsClosed(state, step);
  const end = shown.finishedAt ?? shown.cancelled?.at;
  const time =
    step.time ?? (clock && end && shown.startedAt ? countStepTime(calendar, clock, clock.stoppedAt ?? end) : undefined);
  return {
    stepId: step.stepId,
    matterCode: step.matterCode,
    department: step.department,
    phase: step.phase,
    required: step.required,
    status: shown.status,
    ...(step.startedAt ? { startedAt: step.startedAt } : {}),
    ...(step.finishedAt ? { finishedAt: step.finishedAt } : {}),
    ...(last ? { opinion: last.kind } : {}),
    ...(last?.reasons ? { reasons: last.reasons } : {}),
    ...(step.deemedBy ? { deemedBy: step.deemedBy } : {}),
    escalated: step.escalated,
    immediate: step.immediate,
    extended: step.extended !== undefined,
    ...(clock ? { clock: clockView(clock, now, calendar) } : {}),
    ...(referral ? { referral: clockView(referral, now, calendar) } : {}),
    ...(step.skippedBecause ? { skippedBecause: step.skippedBecause } : {}),
    ...(shown.cancelled ? { cancelled: shown.cancelled } : {}),
    ...(step.exempt ? { exempt: step.exempt } : {}),
    ...(step.hearing
      ? { hearing: { ...step.hearing, ...(hearing ? { clock: clockView(hearing, now, calendar) } : {}) } }
      : {}),
    ...(last && last.actor.role !== SYSTEM_ACTOR.role ? { reviewer: last.actor.id } : {}),
    raised: raisedOn(state, key, clock),
    ...(time ? { time } : {}),
  };
}

/** The read view of a case at `now`: what the API answers for `GET /v1/cases/{id}`. */
export function caseView(
  state: CaseState,
  now: Instant,
  calendar: WorkingDayCalculator,
  templateKind?: HandlingKind,
): CaseView {
  const steps = state.stepOrder.flatMap((stepId) => {
    const step = state.steps[stepId];
    return step ? [stepView(state, step, now, calendar)] : [];
  });
  const caseClock = state.clocks.case;
  const issuanceClock = state.clocks.issuance;
  const caseViews = [caseClock, issuanceClock].flatMap((clock) => (clock ? [clockView(clock, now, calendar)] : []));
  const views = [...steps.flatMap((step) => [step.clock, step.referral, step.hearing?.clock]), ...caseViews].filter(
    (view): view is ClockView => view !== undefined,
  );
  const headline = issuanceClock && !issuanceClock.stoppedAt ? issuanceClock : caseClock;
  const notice = state.clocks.notice;
  const postCheck = state.clocks[POST_CHECK_CLOCK];
  const rules = rulesOf(state.rulesVersion);
  return {
    caseId: state.caseId,
    templateId: state.templateId,
    catalogVersion: state.catalogVersion,
    status: state.status,
    kind: kindOf(state, templateKind),
    priority: state.priority,
    receivedAt: state.receivedAt,
    ...(state.acceptance
      ? {
          acceptedAt: state.acceptance.at,
          acceptanceMode: state.acceptance.mode,
          countedFrom: state.acceptance.countedFrom,
        }
      : {}),
    landContractSigned: state.landContract !== undefined,
    ...(state.formalAcceptance ? { formallyAcceptedAt: state.formalAcceptance.at } : {}),
    applicant: state.applicant,
    project: state.project,
    ...(headline
      ? {
          deadline: headline.deadline,
          remainingWorkingDays: calendar.remainingWorkingDays(headline.stoppedAt ?? now, headline.deadline),
        }
      : {}),
    deadlineRunning: headline !== undefined && !headline.stoppedAt && !headline.suspendedSince,
    ...(headline?.legal ? { legalDeadline: headline.legal.deadline } : {}),
    deadlineProvisional: views.some(
      (view) => (view.provisional || view.legalDeadlineProvisional === true) && !view.stoppedAt,
    ),
    warningLevel: worst(views.map((view) => view.warningLevel)),
    overdue: views.some((view) => view.overdue),
    legalOverdue: views.some((view) => view.legalOverdue === true),
    caseOverdue: caseViews.some((view) => view.overdue),
    caseLegalOverdue: caseViews.some((view) => view.legalOverdue === true),
    ...(state.responsibility ? { responsibility: state.responsibility } : {}),
    rulesVersion: state.rulesVersion ?? 1,
    rules: { version: rules.version, label: rules.label, current: rules.version === CURRENT_RULES },
    steps,
    missingDocuments: state.missing.map((item) => {
      const due = item.reason === 'tolerance' ? state.clocks[supplementClockKey(item.materialCode)] : undefined;
      return {
        materialCode: item.materialCode,
        ...(item.stepId ? { stepId: item.stepId } : {}),
        ...(item.form ? { form: item.form } : {}),
        ...(item.note ? { note: item.note } : {}),
        reason: item.reason,
        requestedAt: item.requestedAt,
        ...(due ? { dueAt: due.deadline } : {}),
        ...(item.suppliedAt ? { suppliedAt: item.suppliedAt } : {}),
      };
    }),
    suspensions: state.suspensions.map((suspension) => {
      const period = suspension.id ? state.clocks[suspensionClockKey(suspension.id)] : undefined;
      const overrun =
        !suspension.resumedAt &&
        (suspension.overranAt !== undefined ||
          (period !== undefined && !period.stoppedAt && Date.parse(now) > Date.parse(period.deadline)));
      return { ...suspension, overrun };
    }),
    ...(state.caseExtension ? { caseExtension: state.caseExtension } : {}),
    ...(notice && state.status === 'received' ? { noticeDueAt: notice.deadline } : {}),
    ...(issuanceClock
      ? {
          issuance: {
            ...clockView(issuanceClock, now, calendar),
            licences: state.licences,
            ...(state.seal ? { seal: state.seal } : {}),
          },
        }
      : {}),
    ...feesView(state),
    commitments: state.commitments,
    flags: state.flags,
    decisionWithheld: state.decisionWithheld,
    refusedSteps: state.refusedSteps ?? [],
    jointReviews: state.jointReviews ?? [],
    ...(postCheck ? { postDecisionCheck: { until: postCheck.deadline, open: !postCheck.stoppedAt } } : {}),
    ...(state.closed ? { closed: state.closed } : {}),
    eventCount: state.version,
  };
}

/** What keeps a case findable (search attributes), from its state alone: no clock is read. */
export interface CaseIndex {
  status: CaseState['status'];
  departments: string[];
  /** The headline deadline: issuance once it runs, else the case clock. */
  deadline?: Instant;
  overdue: boolean;
  warningLevel: WarningLevel;
}

/** The level a supervised clock has reached by its fired alarms (and by when it stopped). */
function reachedLevel(clock: Clock): WarningLevel {
  if (clock.fired.red) return 'red';
  if (clockOverdue(clock)) return 'yellow';
  return clock.fired.warning && !clock.stoppedAt ? 'warning' : 'none';
}

function clockOverdue(clock: Clock): boolean {
  return (
    clock.fired.due ||
    clock.overdueSince !== undefined ||
    (clock.stoppedAt !== undefined && Date.parse(clock.stoppedAt) > Date.parse(clock.deadline))
  );
}

export function caseIndex(state: CaseState): CaseIndex {
  const supervised = Object.values(state.clocks).filter((clock) =>
    ['case', 'issuance', 'step', 'referral'].includes(clock.purpose),
  );
  const issuance = state.clocks.issuance;
  const headline = issuance && !issuance.stoppedAt ? issuance : state.clocks.case;
  return {
    status: state.status,
    departments: [...new Set(state.stepOrder.map((stepId) => state.steps[stepId]?.department ?? ''))].filter(Boolean),
    ...(headline ? { deadline: headline.deadline } : {}),
    overdue: supervised.some(clockOverdue),
    warningLevel: worst(supervised.map(reachedLevel)),
  };
}

/** What a case's start says, before its context (catalogue, calendar) is loaded. */
export interface Received {
  caseId: string;
  templateId: string;
  catalogVersion?: string;
  receivedAt: Instant;
  applicant: CaseState['applicant'];
  project: CaseState['project'];
  landContractSigned?: boolean;
}

/**
 * The view of a case still starting: what its start said (the API answers 409 case-starting for it). No clock runs
 * yet, so no calendar is read: one asked for would be a bug, said as such.
 */
export function startingView(received: Received, rulesVersion: CaseState['rulesVersion']): CaseView {
  const noCalendar = new Proxy({} as WorkingDayCalculator, {
    get: () => {
      throw new Error('a case still starting has no calendar yet');
    },
  });
  const state: CaseState = {
    ...initialCaseState,
    status: 'received',
    rulesVersion,
    caseId: received.caseId,
    templateId: received.templateId,
    catalogVersion: received.catalogVersion ?? '',
    applicant: received.applicant,
    project: received.project,
    receivedAt: received.receivedAt,
    ...(received.landContractSigned ? { landContract: { number: 'submitted', signedAt: received.receivedAt } } : {}),
  };
  // Its kind is known once its steps are: until then a plain 承诺件.
  return { ...caseView(state, received.receivedAt, noCalendar, 'promised'), kind: 'promised', starting: true };
}

/** 统一收费: each fee with where it stands, and the case's totals in 分 (absent when none was assessed). */
function feesView(state: CaseState): Pick<CaseView, 'fees'> {
  const fees = state.fees ?? [];
  if (fees.length === 0) return {};
  const sum = (of: (fee: CaseFee) => number) => fees.reduce((total, fee) => total + of(fee), 0);
  return {
    fees: {
      items: fees.map((fee) => ({ ...fee, status: feeStatus(fee), dueFen: feeDue(fee) })),
      assessedFen: sum((fee) => fee.amountFen),
      paidFen: sum((fee) => fee.paid?.amountFen ?? 0),
      waivedFen: sum(grantedWaiver),
      dueFen: sum(feeDue),
      cancelledFen: sum(feeCancelled),
    },
  };
}
