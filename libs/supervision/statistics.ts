import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import type { MatterSpec } from '@onewindow/catalog';
import { FINISHED_STEP_STATUSES, type WarningLevel } from '@onewindow/domain';
import { reviewerStats, type ReviewerStats } from './reviewers';
import { caseCounts, inCaseFilter, NO_CASES, type CaseCounts, type SupervisedCase } from './cases';
import { inSupervisionFilter, type SupervisionFilter } from './filter';

/** A department step that has started, as the read model (`case_steps`) holds it. */
export interface SupervisedStep {
  caseId: string;
  stepId: string;
  matterCode: string;
  department: string;
  status: string;
  deadline: Instant | null;
  /** `none`, 预警 `warning`, 黄牌 `yellow`, 红牌 `red`: the level the workflow has raised. */
  warningLevel: string;
  startedAt: Instant;
  finishedAt: Instant | null;
  /** The key (actor id) that recorded the step's last opinion: the reviewer handling it; null before any opinion. */
  reviewer?: string | null;
  /**
   * Working days from start to finish as the projection counted them when the step finished (`case_steps`
   * .working_days_used); null for a step finished before the read model kept them, which is counted with the calendar.
   */
  workingDaysUsed: number | null;
}

export interface SupervisionStats {
  received: number;
  finished: number;
  onTime: number;
  early: number;
  overdue: number;
  open: number;
  warnings: number;
  yellowCards: number;
  redCards: number;
  /** Average working days used by finished steps. */
  averageWorkingDaysUsed: number | null;
  /** Average legal limit (working days) of the same steps. */
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
  onTime: number;
  early: number;
  overdue: number;
  warnings: number;
  yellowCards: number;
  redCards: number;
  /** Working days used, summed over the finished steps. */
  workingDaysUsed: number;
  /** Legal limits in working days, summed over the finished steps whose matter has one, and how many those are. */
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
  remainingWorkingDays: number | null;
}

/** What 电子监察 counts with: the calendar of the working days, the matters' legal limits, and the instant of the count. */
export interface SupervisionContext {
  calendar: WorkingDayCalculator;
  matters: ReadonlyArray<Pick<MatterSpec, 'code' | 'legalLimit'>>;
  now: Instant;
}

/** 预警, 黄牌 (overdue), 红牌 (past the supervision deadline). */
export const ALERT_LEVELS = ['warning', 'yellow', 'red'] as const satisfies readonly WarningLevel[];

const FINISHED: ReadonlySet<string> = new Set(FINISHED_STEP_STATUSES);

/** A step is finished once it has an outcome (agreed, deemed consent, refused): the decider's own list. */
export function isFinishedStep(status: string): boolean {
  return FINISHED.has(status);
}

type FinishedStep = SupervisedStep & { finishedAt: Instant };

/** Finished and with a finishing instant: only these count as finished, used days and compression. */
function hasFinished(step: SupervisedStep): step is FinishedStep {
  return isFinishedStep(step.status) && step.finishedAt !== null;
}

/** Late: finished after its deadline, or still open past it at `now`. */
export function isLate(step: SupervisedStep, now: Instant): boolean {
  return step.deadline !== null && Date.parse(step.finishedAt ?? now) > Date.parse(step.deadline);
}

export const NO_STEPS: StepSums = {
  received: 0,
  finished: 0,
  onTime: 0,
  early: 0,
  overdue: 0,
  warnings: 0,
  yellowCards: 0,
  redCards: 0,
  workingDaysUsed: 0,
  legalWorkingDays: 0,
  withLegalLimit: 0,
};

export function addStepSums(a: StepSums, b: StepSums): StepSums {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof StepSums>) sum[key] += b[key];
  return sum;
}

/** The sums of a set of steps. */
export function stepSums(steps: readonly SupervisedStep[], context: SupervisionContext): StepSums {
  const { calendar, now } = context;
  const limits = new Map(context.matters.map((matter) => [matter.code, matter.legalLimit]));
  const finished = steps.filter(hasFinished);
  // Only limits in working days compare with working days used; a calendar-day limit is left out of the average.
  const legal = finished.flatMap((step) => {
    const limit = limits.get(step.matterCode);
    return limit?.unit === 'working-days' ? [limit.value] : [];
  });
  const level = (name: (typeof ALERT_LEVELS)[number]) => steps.filter((step) => step.warningLevel === name).length;
  return {
    received: steps.length,
    finished: finished.length,
    onTime: finished.filter((step) => !isLate(step, now)).length,
    // Early: finished on a local day before the deadline's own day, not merely hours before office close.
    early: finished.filter(
      (step) => step.deadline !== null && calendar.localDate(step.finishedAt) < calendar.localDate(step.deadline),
    ).length,
    overdue: steps.filter((step) => isLate(step, now)).length,
    warnings: level('warning'),
    yellowCards: level('yellow'),
    redCards: level('red'),
    workingDaysUsed: finished.reduce(
      (sum, step) => sum + (step.workingDaysUsed ?? calendar.workingDaysBetween(step.startedAt, step.finishedAt)),
      0,
    ),
    legalWorkingDays: legal.reduce((sum, days) => sum + days, 0),
    withLegalLimit: legal.length,
  };
}

/** The statistics from their sums and case counts: averages, compression, open steps. */
export function statsOfSums(sums: StepSums, cases: CaseCounts): SupervisionStats {
  const averageUsed = sums.finished > 0 ? sums.workingDaysUsed / sums.finished : null;
  const averageLegal = sums.withLegalLimit > 0 ? sums.legalWorkingDays / sums.withLegalLimit : null;
  return {
    received: sums.received,
    finished: sums.finished,
    onTime: sums.onTime,
    early: sums.early,
    overdue: sums.overdue,
    open: sums.received - sums.finished,
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
 * The open warning list: unfinished steps with a warning raised or past their deadline, nearest deadline first. A
 * step past its deadline shows at least 黄牌 even before the workflow's own alarm has reached the read model.
 */
export function openWarnings(steps: readonly SupervisedStep[], context: SupervisionContext): OpenWarning[] {
  const { calendar, now } = context;
  const pastDeadline = (step: SupervisedStep) => step.deadline !== null && Date.parse(step.deadline) < Date.parse(now);
  return (
    steps
      .filter((step) => !isFinishedStep(step.status) && (step.warningLevel !== 'none' || pastDeadline(step)))
      .map((step) => ({
        caseId: step.caseId,
        stepId: step.stepId,
        department: step.department,
        matterCode: step.matterCode,
        level: pastDeadline(step) && step.warningLevel === 'none' ? 'yellow' : step.warningLevel,
        deadline: step.deadline,
        remainingWorkingDays: step.deadline ? calendar.remainingWorkingDays(now, step.deadline) : null,
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
