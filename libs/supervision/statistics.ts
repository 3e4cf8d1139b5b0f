import type { Instant, WorkingDayCalculator } from '../calendar';
import type { MatterSpec } from '../catalog';
import { FINISHED_STEP_STATUSES, type WarningLevel } from '../domain';
import { reviewerStats, type ReviewerStats } from './reviewers';

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

function average(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** 电子监察 statistics of a set of steps. */
export function supervisionStats(steps: readonly SupervisedStep[], context: SupervisionContext): SupervisionStats {
  const { calendar, now } = context;
  const limits = new Map(context.matters.map((matter) => [matter.code, matter.legalLimit]));
  const finished = steps.filter(hasFinished);
  const used = finished.map((step) => calendar.workingDaysBetween(step.startedAt, step.finishedAt));
  // Only limits in working days compare with working days used; a calendar-day limit is left out of the average.
  const legal = finished.flatMap((step) => {
    const limit = limits.get(step.matterCode);
    return limit?.unit === 'working-days' ? [limit.value] : [];
  });
  const averageUsed = average(used);
  const averageLegal = average(legal);
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
    open: steps.length - finished.length,
    warnings: level('warning'),
    yellowCards: level('yellow'),
    redCards: level('red'),
    averageWorkingDaysUsed: averageUsed,
    averageLegalWorkingDays: averageLegal,
    compressionRatio: averageUsed !== null && averageLegal ? 1 - averageUsed / averageLegal : null,
  };
}

/** Statistics per group, the groups in name order. */
export function supervisionStatsBy(
  steps: readonly SupervisedStep[],
  key: (step: SupervisedStep) => string,
  context: SupervisionContext,
): Record<string, SupervisionStats> {
  const groups = new Map<string, SupervisedStep[]>();
  for (const step of steps) groups.set(key(step), [...(groups.get(key(step)) ?? []), step]);
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, selected]) => [name, supervisionStats(selected, context)]),
  );
}

/**
 * The open warning list: unfinished steps with a warning raised or past their deadline, nearest deadline first. A
 * step past its deadline shows at least 黄牌 even before the workflow's own alarm has reached the read model.
 */
export function openWarnings(steps: readonly SupervisedStep[], context: SupervisionContext): OpenWarning[] {
  const { calendar, now } = context;
  const pastDeadline = (step: SupervisedStep) => step.deadline !== null && Date.parse(step.deadline) < Date.parse(now);
  return steps
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
    .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''));
}

export interface SupervisionOverview {
  total: SupervisionStats;
  byDepartment: Record<string, SupervisionStats>;
  byMatter: Record<string, SupervisionStats>;
  byReviewer: Record<string, ReviewerStats>;
  openWarnings: OpenWarning[];
}

/** 电子监察 overview: in total, per department, per matter, per reviewer, and the open warning list. */
export function supervisionOverview(
  steps: readonly SupervisedStep[],
  context: SupervisionContext,
): SupervisionOverview {
  return {
    total: supervisionStats(steps, context),
    byDepartment: supervisionStatsBy(steps, (step) => step.department, context),
    byMatter: supervisionStatsBy(steps, (step) => step.matterCode, context),
    byReviewer: reviewerStats(steps, context.now),
    openWarnings: openWarnings(steps, context),
  };
}
