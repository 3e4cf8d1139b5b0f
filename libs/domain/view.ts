import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import { isSubDay } from '@onewindow/catalog';
import type { HandlingKind, LimitUnit } from '@onewindow/catalog';
import { isLegalOverdue, isOverdue, warningLevel, type WarningLevel } from './clocks';
import {
  hearingClockKey,
  POST_CHECK_CLOCK,
  referralClockKey,
  stepClockKey,
  supplementClockKey,
  type CaseState,
  type CaseStatus,
  type Clock,
  type StepState,
} from './state';

export interface ClockView {
  deadline: Instant;
  provisional: boolean;
  /** Whole working days left (0 on the last day, negative when overdue). */
  remainingWorkingDays: number;
  /** Limits in working hours or minutes: office minutes left (negative: minutes past the deadline). */
  remainingWorkingMinutes?: number;
  /** The unit the period counts in; `extensionDays` and `suspendedDays` are in it too. */
  unit: LimitUnit;
  warningLevel: WarningLevel;
  overdue: boolean;
  suspended: boolean;
  extensionDays: number;
  suspendedDays: number;
  stoppedAt?: Instant;
  /** Rules 2: the legal limit (法定时限) beside the promised one, and whether it has passed (a graver fact). */
  legalDeadline?: Instant;
  legalOverdue?: boolean;
}

export interface StepView extends Pick<
  StepState,
  'stepId' | 'matterCode' | 'department' | 'phase' | 'required' | 'status' | 'startedAt' | 'finishedAt'
> {
  opinion?: string;
  reasons?: string;
  deemedBy?: string;
  escalated: boolean;
  immediate: boolean;
  extended: boolean;
  clock?: ClockView;
  referral?: ClockView;
  /** Rules 2: a step that never started because a step it waits for was refused. */
  skippedBecause?: string;
  /** Arts. 47-48: the hearing on this step, with the clock it must be held by. */
  hearing?: StepState['hearing'] & { clock?: ClockView };
}

export interface CaseView {
  /** Set while the case is still loading its catalogue and calendar (for a moment after its start). */
  starting?: true;
  caseId: string;
  templateId: string;
  catalogVersion: string;
  status: CaseStatus;
  /** 七类办件 */
  kind: HandlingKind;
  priority: boolean;
  receivedAt: Instant;
  acceptedAt?: Instant;
  acceptanceMode?: string;
  countedFrom?: Instant;
  landContractSigned: boolean;
  /** Rules 2, 拿地即开工: 预审转正式受理 (the joint limit counts from here). */
  formallyAcceptedAt?: Instant;
  applicant: CaseState['applicant'];
  project: CaseState['project'];
  deadline?: Instant;
  deadlineProvisional: boolean;
  remainingWorkingDays?: number;
  warningLevel: WarningLevel;
  /** Any step, the case or the issuance ran past its deadline. */
  overdue: boolean;
  /** Any of them ran past its legal limit (法定时限). */
  legalOverdue: boolean;
  /** Which rules decide the case (1: before 2026-12). */
  rulesVersion: number;
  steps: StepView[];
  missingDocuments: Array<{
    materialCode: string;
    stepId?: string;
    /** 一次性告知 / 容缺: the form the item is owed in, and the window's note. */
    form?: string;
    note?: string;
    reason: string;
    requestedAt: Instant;
    dueAt?: Instant;
    suppliedAt?: Instant;
  }>;
  suspensions: CaseState['suspensions'];
  caseExtension?: CaseState['caseExtension'];
  noticeDueAt?: Instant;
  issuance?: ClockView & { licences: CaseState['licences']; seal?: string };
  commitments: CaseState['commitments'];
  flags: string[];
  decisionWithheld: boolean;
  /** Partial approval (refusalEndsCase false): the steps refused. */
  refusedSteps: string[];
  jointReviews: CaseState['jointReviews'];
  /** 告知承诺: the check period after the decision, while a false commitment can still revoke it. */
  postDecisionCheck?: { until: Instant; open: boolean };
  closed?: CaseState['closed'];
  eventCount: number;
}

const LEVELS: WarningLevel[] = ['none', 'warning', 'yellow', 'red'];

function remainingMinutes(calendar: WorkingDayCalculator, now: Instant, deadline: Instant): number {
  return Date.parse(now) <= Date.parse(deadline)
    ? calendar.workingMinutesBetween(now, deadline)
    : -calendar.workingMinutesBetween(deadline, now);
}

function clockView(clock: Clock, now: Instant, calendar: WorkingDayCalculator): ClockView {
  return {
    deadline: clock.deadline,
    provisional: clock.provisional,
    remainingWorkingDays: calendar.remainingWorkingDays(clock.stoppedAt ?? now, clock.deadline),
    ...(isSubDay(clock.unit)
      ? { remainingWorkingMinutes: remainingMinutes(calendar, clock.stoppedAt ?? now, clock.deadline) }
      : {}),
    unit: clock.unit,
    warningLevel: warningLevel(clock, now),
    overdue: isOverdue(clock, now),
    suspended: clock.suspendedSince !== undefined,
    extensionDays: clock.extensionDays,
    suspendedDays: clock.suspendedDays,
    ...(clock.stoppedAt ? { stoppedAt: clock.stoppedAt } : {}),
    ...(clock.legal ? { legalDeadline: clock.legal.deadline, legalOverdue: isLegalOverdue(clock, now) } : {}),
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

/** The read view of a case at `now`: what the API answers for `GET /v1/cases/{id}`. */
export function caseView(
  state: CaseState,
  now: Instant,
  calendar: WorkingDayCalculator,
  templateKind?: HandlingKind,
): CaseView {
  const steps = state.stepOrder.flatMap((stepId): StepView[] => {
    const step = state.steps[stepId];
    if (!step) return [];
    const clock = state.clocks[stepClockKey(stepId)];
    const referral = state.clocks[referralClockKey(stepId)];
    const hearing = state.clocks[hearingClockKey(stepId)];
    const last = step.opinions[step.opinions.length - 1];
    return [
      {
        stepId,
        matterCode: step.matterCode,
        department: step.department,
        phase: step.phase,
        required: step.required,
        status: step.status,
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
        ...(step.hearing
          ? { hearing: { ...step.hearing, ...(hearing ? { clock: clockView(hearing, now, calendar) } : {}) } }
          : {}),
      },
    ];
  });
  const caseClock = state.clocks.case;
  const issuanceClock = state.clocks.issuance;
  const views = [
    ...steps.flatMap((step) => [step.clock, step.referral, step.hearing?.clock]),
    caseClock ? clockView(caseClock, now, calendar) : undefined,
    issuanceClock ? clockView(issuanceClock, now, calendar) : undefined,
  ].filter((view): view is ClockView => view !== undefined);
  const level = views.reduce<WarningLevel>(
    (worst, view) => (LEVELS.indexOf(view.warningLevel) > LEVELS.indexOf(worst) ? view.warningLevel : worst),
    'none',
  );
  const headline = issuanceClock && !issuanceClock.stoppedAt ? issuanceClock : caseClock;
  const notice = state.clocks.notice;
  const postCheck = state.clocks[POST_CHECK_CLOCK];
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
    deadlineProvisional: views.some((view) => view.provisional && !view.stoppedAt),
    warningLevel: level,
    overdue: views.some((view) => view.overdue),
    legalOverdue: views.some((view) => view.legalOverdue === true),
    rulesVersion: state.rulesVersion ?? 1,
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
    suspensions: state.suspensions,
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
  status: CaseStatus;
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
    warningLevel: supervised
      .map(reachedLevel)
      .reduce<WarningLevel>((worst, level) => (LEVELS.indexOf(level) > LEVELS.indexOf(worst) ? level : worst), 'none'),
  };
}
