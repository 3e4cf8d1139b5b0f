import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import { ALERT_LEVELS } from '@onewindow/case';
import { caseCounts, inCaseFilter, NO_CASES, type CaseCounts } from './cases';
import { isFinishedStep, isLate, isLegallyLate, isOpenStep, type SupervisedCase, type SupervisedStep } from './facts';
import { inSupervisionFilter, type SupervisionFilter } from './filter';
import { reviewerStats, type ReviewerStats } from './reviewers';

export { ALERT_LEVELS };

export interface SupervisionStats {
  /** Steps started. */
  received: number;
  /** With an outcome (agreed, deemed consent, refused). */
  finished: number;
  /** Ended with their case before an outcome (withdrawn, refused elsewhere, terminated …): nobody's 待办 any more. */
  cancelled: number;
  onTime: number;
  early: number;
  /** Past the promised limit (黄牌), finished or not; the legal limit (法定时限), the graver fact. */
  overdue: number;
  legalOverdue: number;
  /** Still owed by a department. */
  open: number;
  /** Steps whose alarms ever raised a 预警, 黄牌, 红牌 (a warning stays counted when the step finishes in time). */
  warnings: number;
  yellowCards: number;
  redCards: number;
  /** Average working days used by finished steps (the applicant's and Art. 45 time left out). */
  averageWorkingDaysUsed: number | null;
  /** Average legal limit of the same steps, in working days (a calendar-day limit converted). */
  averageLegalWorkingDays: number | null;
  /** 1 − used / legal: the reform asks for two thirds or more. */
  compressionRatio: number | null;
  /** The cases (办件) of the same period, department and matter. */
  cases: CaseCounts;
}

/**
 * What the statistics of a set of steps are made of, as sums that add up across groups: a database can compute them
 * per department and matter, and the totals are their sums (`addStepSums`).
 */
export interface StepSums {
  received: number;
  finished: number;
  cancelled: number;
  onTime: number;
  early: number;
  overdue: number;
  legalOverdue: number;
  warnings: number;
  yellowCards: number;
  redCards: number;
  /** Working days used, summed over the finished steps. */
  workingDaysUsed: number;
  /** Legal limits in working days, summed over the finished steps that have one, and how many those are. */
  legalWorkingDays: number;
  withLegalLimit: number;
}

export interface OpenWarning {
  caseId: string;
  stepId: string;
  department: string;
  matterCode: string;
  level: string;
  deadline: Instant | null;
  /** Working days left (negative: past): counted to the deadline from now, or from when the clock stopped counting. */
  remainingWorkingDays: number | null;
  /** Its clock is held (补正, Art. 45): the days left do not run down. */
  suspended: boolean;
}

/** What 电子监察 counts with: the calendar of the working days, and the instant of the count. */
export interface SupervisionContext {
  calendar: WorkingDayCalculator;
  now: Instant;
}

export const NO_STEPS: StepSums = {
  received: 0,
  finished: 0,
  cancelled: 0,
  onTime: 0,
  early: 0,
  overdue: 0,
  legalOverdue: 0,
  warnings: 0,
  yellowCards: 0,
  redCards: 0,
  workingDaysUsed: 0,
  legalWorkingDays: 0,
  withLegalLimit: 0,
};

/** Two sets of counts of the same shape, added field by field (step sums, fee sums: they add up across groups). */
export function addCounts<T extends { [K in keyof T]: number }>(a: T, b: T): T {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof T>) sum[key] = (a[key] + b[key]) as T[keyof T];
  return sum;
}

export function addStepSums(a: StepSums, b: StepSums): StepSums {
  return addCounts(a, b);
}

/** The sums of a set of steps. */
export function stepSums(steps: readonly SupervisedStep[], context: SupervisionContext): StepSums {
  const { calendar, now } = context;
  const finished = steps.filter((step) => isFinishedStep(step.status));
  const withLegal = finished.filter((step) => step.legalWorkingDays !== null);
  return {
    received: steps.length,
    finished: finished.length,
    cancelled: steps.filter((step) => step.status === 'cancelled').length,
    onTime: finished.filter((step) => !isLate(step, now)).length,
    // Early: finished on a local day before the deadline's own day, not merely hours before office close.
    early: finished.filter(
      (step) =>
        step.deadline !== null &&
        step.finishedAt !== null &&
        calendar.localDate(step.finishedAt) < calendar.localDate(step.deadline),
    ).length,
    overdue: steps.filter((step) => isLate(step, now)).length,
    legalOverdue: steps.filter((step) => isLegallyLate(step, now)).length,
    warnings: steps.filter((step) => step.raised.warning).length,
    yellowCards: steps.filter((step) => step.raised.yellow).length,
    redCards: steps.filter((step) => step.raised.red).length,
    workingDaysUsed: finished.reduce((sum, step) => sum + (step.workingDaysUsed ?? 0), 0),
    legalWorkingDays: withLegal.reduce((sum, step) => sum + (step.legalWorkingDays ?? 0), 0),
    withLegalLimit: withLegal.length,
  };
}

/** The statistics from their sums and case counts: averages, compression, open steps. */
export function statsOfSums(sums: StepSums, cases: CaseCounts): SupervisionStats {
  const averageUsed = sums.finished > 0 ? sums.workingDaysUsed / sums.finished : null;
  const averageLegal = sums.withLegalLimit > 0 ? sums.legalWorkingDays / sums.withLegalLimit : null;
  return {
    received: sums.received,
    finished: sums.finished,
    cancelled: sums.cancelled,
    onTime: sums.onTime,
    early: sums.early,
    overdue: sums.overdue,
    legalOverdue: sums.legalOverdue,
    open: sums.received - sums.finished - sums.cancelled,
    warnings: sums.warnings,
    yellowCards: sums.yellowCards,
    redCards: sums.redCards,
    averageWorkingDaysUsed: averageUsed,
    averageLegalWorkingDays: averageLegal,
    compressionRatio: averageUsed !== null && averageLegal ? 1 - averageUsed / averageLegal : null,
    cases,
  };
}

/** 电子监察 statistics of a set of steps, and of a set of cases. */
export function supervisionStats(
  steps: readonly SupervisedStep[],
  context: SupervisionContext,
  cases: readonly SupervisedCase[] = [],
): SupervisionStats {
  return statsOfSums(stepSums(steps, context), caseCounts(cases, context.now));
}

/**
 * Statistics per group of steps, the groups in name order; each group's case counts are of the cases that belong
 * to it (`caseKeys`: a case belongs to each of its departments, each of its matters).
 */
export function supervisionStatsBy(
  steps: readonly SupervisedStep[],
  key: (step: SupervisedStep) => string,
  context: SupervisionContext,
  cases: readonly SupervisedCase[] = [],
  caseKeys: (supervised: SupervisedCase) => readonly string[] = () => [],
): Record<string, SupervisionStats> {
  const groups = new Map<string, SupervisedStep[]>();
  for (const step of steps) {
    const group = groups.get(key(step));
    if (group) group.push(step);
    else groups.set(key(step), [step]);
  }
  const members = new Map<string, SupervisedCase[]>();
  for (const supervised of cases) {
    for (const name of caseKeys(supervised)) {
      if (!groups.has(name)) continue;
      const group = members.get(name);
      if (group) group.push(supervised);
      else members.set(name, [supervised]);
    }
  }
  const casesOf = new Map([...members].map(([name, group]) => [name, caseCounts(group, context.now)]));
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, selected]) => [name, statsOfSums(stepSums(selected, context), casesOf.get(name) ?? NO_CASES)]),
  );
}

/**
 * The open warning list: steps a department still owes with an alarm raised, or whose clock runs past its deadline
 * (黄牌 at least, even before the kernel's own alarm has reached the read model), nearest deadline first.
 */
export function openWarnings(steps: readonly SupervisedStep[], context: SupervisionContext): OpenWarning[] {
  const { calendar, now } = context;
  return (
    steps
      .filter((step) => isOpenStep(step.status) && (step.warningLevel !== 'none' || isLate(step, now)))
      .map((step) => ({
        caseId: step.caseId,
        stepId: step.stepId,
        department: step.department,
        matterCode: step.matterCode,
        level:
          isLate(step, now) && (step.warningLevel === 'none' || step.warningLevel === 'warning')
            ? 'yellow'
            : step.warningLevel,
        deadline: step.deadline,
        remainingWorkingDays: step.deadline
          ? calendar.remainingWorkingDays(step.suspendedSince ?? now, step.deadline)
          : null,
        suspended: step.suspendedSince !== null,
      }))
      // Nearest deadline first (an unknown one before any); ties in case and step order, so the list has one order.
      .sort(
        (a, b) =>
          (a.deadline ?? '').localeCompare(b.deadline ?? '') ||
          a.caseId.localeCompare(b.caseId) ||
          a.stepId.localeCompare(b.stepId),
      )
  );
}

export interface SupervisionOverview {
  total: SupervisionStats;
  byDepartment: Record<string, SupervisionStats>;
  byMatter: Record<string, SupervisionStats>;
  byReviewer: Record<string, ReviewerStats>;
  openWarnings: OpenWarning[];
}

/**
 * 电子监察 overview of the steps and the cases in `filter`: in total, per department, per matter, per reviewer, and
 * the open warning list. A department's or matter's groups are those its steps make; their case counts are its cases.
 */
export function supervisionOverview(
  allSteps: readonly SupervisedStep[],
  context: SupervisionContext,
  filter: SupervisionFilter = {},
  allCases: readonly SupervisedCase[] = [],
): SupervisionOverview {
  const steps = allSteps.filter((step) => inSupervisionFilter(step, filter));
  const cases = allCases.filter((supervised) => inCaseFilter(supervised, filter));
  return {
    total: supervisionStats(steps, context, cases),
    byDepartment: supervisionStatsBy(
      steps,
      (step) => step.department,
      context,
      cases,
      (c) => c.departments,
    ),
    byMatter: supervisionStatsBy(
      steps,
      (step) => step.matterCode,
      context,
      cases,
      (c) => c.matters,
    ),
    byReviewer: reviewerStats(steps, context.now),
    openWarnings: openWarnings(steps, context),
  };
}
