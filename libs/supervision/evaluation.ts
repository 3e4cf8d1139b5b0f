import type { Instant } from '@onewindow/calendar';
import { NO_ACCOUNTABILITY, type AccountabilityCounts } from './accountability';
import { BAD_RATING_LEVELS, RATING_LEVELS, rectifiedOnTime, type RatingLevel } from './ratings';
import type { SupervisionStats } from './statistics';

/**
 * 绩效评估: a department's score for a period, out of 100, from the engine's facts only (the 电子监察 sums of its
 * steps, the ratings of its cases, its rectifications). Five components, each a rate in [0, 1] times its weight:
 *
 * - on time (按时办结率): steps finished within the promised limit ÷ steps finished;
 * - speed (提速): the ⅓ target of the reform: 1 when the average working days used are at most a third of the
 *   average legal limit, 0 at the legal limit or beyond, linear between;
 * - alerts (预警纠错): 1 − (¼ per 预警 + 1 per 黄牌 + 3 per 红牌) ÷ steps received, not below 0;
 * - ratings (好差评): ratings of its cases that are not bad ÷ its cases' ratings;
 * - rectifications (整改): rectifications of its cases completed on time ÷ those due in the period (completed by
 *   their deadline, or past it);
 * - accountability (过错责任追究): 1 − 5 per 过错 finding recorded against it in the period ÷ steps received, not
 *   below 0 (a complaint counts here once a supervisor finds it upheld and the record it opens 过错).
 *
 * A component with nothing to measure (no step finished, no rating, no rectification due) is left out and the others
 * are scaled up to 100: a department is neither rewarded nor punished for what did not happen.
 */
export const EVALUATION_COMPONENTS = [
  'onTime',
  'speed',
  'alerts',
  'ratings',
  'rectifications',
  'accountability',
] as const;
export type EvaluationComponent = (typeof EVALUATION_COMPONENTS)[number];
export type EvaluationWeights = Record<EvaluationComponent, number>;

/** The weights of the published method (points out of 100). */
export const DEFAULT_EVALUATION_WEIGHTS: EvaluationWeights = {
  onTime: 35,
  speed: 20,
  alerts: 15,
  ratings: 10,
  rectifications: 10,
  accountability: 10,
};

/** Alert penalties per step received: a 预警 a quarter, a 黄牌 one, a 红牌 three. */
export const ALERT_PENALTIES = { warning: 0.25, yellow: 1, red: 3 } as const;

/** The penalty per 过错 finding, per step received. */
export const FAULT_PENALTY = 5;

/** The share of the legal limit the reform asks a step to use at most (承诺时限压缩至法定时限的三分之一). */
export const SPEED_TARGET = 1 / 3;

export interface RatingCounts {
  byLevel: Partial<Record<RatingLevel, number>>;
}

export interface RectificationCounts {
  /** Due in the period (deadline inside it, or completed inside it). */
  due: number;
  onTime: number;
}

/**
 * Per department, the rectifications of its cases due in the period — their deadline passed in [from, min(to, now)),
 * or completed in it ahead of a later deadline — and how many were completed on time (`rectifiedOnTime`).
 */
export function rectificationsDue(
  tasks: ReadonlyArray<{ departments: readonly string[]; deadline: Instant; completedAt: Instant | null }>,
  period: { from?: Instant; to?: Instant },
  now: Instant,
): Map<string, RectificationCounts> {
  const from = period.from === undefined ? -Infinity : Date.parse(period.from);
  const end = Math.min(period.to === undefined ? Infinity : Date.parse(period.to), Date.parse(now));
  const inPeriod = (at: number) => at >= from && at < end;
  const counts = new Map<string, RectificationCounts>();
  for (const task of tasks) {
    const deadline = Date.parse(task.deadline);
    const completed = task.completedAt === null ? undefined : Date.parse(task.completedAt);
    const due = inPeriod(deadline) || (completed !== undefined && inPeriod(completed) && deadline >= end);
    if (!due) continue;
    const onTime =
      task.completedAt !== null && rectifiedOnTime({ deadline: task.deadline, completedAt: task.completedAt });
    for (const department of task.departments) {
      const count = counts.get(department) ?? { due: 0, onTime: 0 };
      counts.set(department, { due: count.due + 1, onTime: count.onTime + (onTime ? 1 : 0) });
    }
  }
  return counts;
}

export interface DepartmentFacts {
  department: string;
  steps: SupervisionStats;
  ratings: RatingCounts;
  rectifications: RectificationCounts;
  /** Complaints and accountability records of the period; none when omitted. */
  accountability?: AccountabilityCounts;
}

export interface ComponentScore {
  /** The measured rate in [0, 1], or null when there was nothing to measure. */
  rate: number | null;
  /** Its points (rate × its weight × the scale-up for components left out); 0 when left out. */
  points: number;
  weight: number;
}

export interface DepartmentEvaluation {
  department: string;
  /** Out of 100, two decimals; null when no component could be measured. */
  score: number | null;
  /** 1 for the best score of the period; equal scores share a rank. */
  rank: number | null;
  components: Record<EvaluationComponent, ComponentScore>;
  received: number;
  finished: number;
  /** The facts behind the alerts, ratings and accountability components, as counted. */
  redCards: number;
  ratings: number;
  badRatings: number;
  complaints: number;
  upheldComplaints: number;
  accountabilityOpened: number;
  atFault: number;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The rate each component measured (null: nothing to measure). */
export function componentRates(facts: DepartmentFacts): Record<EvaluationComponent, number | null> {
  const { steps, ratings, rectifications } = facts;
  const atFault = (facts.accountability ?? NO_ACCOUNTABILITY).atFault;
  const used = steps.averageWorkingDaysUsed;
  const legal = steps.averageLegalWorkingDays;
  const ratingTotal = RATING_LEVELS.reduce((sum, level) => sum + (ratings.byLevel[level] ?? 0), 0);
  const bad = BAD_RATING_LEVELS.reduce((sum, level) => sum + (ratings.byLevel[level] ?? 0), 0);
  const penalty =
    ALERT_PENALTIES.warning * steps.warnings +
    ALERT_PENALTIES.yellow * steps.yellowCards +
    ALERT_PENALTIES.red * steps.redCards;
  return {
    onTime: steps.finished > 0 ? steps.onTime / steps.finished : null,
    speed: used !== null && legal !== null && legal > 0 ? clamp((1 - used / legal) / (1 - SPEED_TARGET)) : null,
    alerts: steps.received > 0 ? clamp(1 - penalty / steps.received) : null,
    ratings: ratingTotal > 0 ? (ratingTotal - bad) / ratingTotal : null,
    rectifications: rectifications.due > 0 ? rectifications.onTime / rectifications.due : null,
    accountability: steps.received > 0 ? clamp(1 - (FAULT_PENALTY * atFault) / steps.received) : atFault > 0 ? 0 : null,
  };
}

/** Each department's score and rank for the period (the departments given, in rank order, unscored last). */
export function evaluateDepartments(
  departments: readonly DepartmentFacts[],
  weights: EvaluationWeights = DEFAULT_EVALUATION_WEIGHTS,
): DepartmentEvaluation[] {
  const scored = departments.map((facts): DepartmentEvaluation => {
    const rates = componentRates(facts);
    const accountability = facts.accountability ?? NO_ACCOUNTABILITY;
    const measured = EVALUATION_COMPONENTS.filter((component) => rates[component] !== null);
    const weightMeasured = measured.reduce((sum, component) => sum + weights[component], 0);
    const total = EVALUATION_COMPONENTS.reduce((sum, component) => sum + weights[component], 0);
    const scale = weightMeasured > 0 ? total / weightMeasured : 0;
    const components = Object.fromEntries(
      EVALUATION_COMPONENTS.map((component) => {
        const rate = rates[component];
        const weight = weights[component];
        return [component, { rate, weight, points: rate === null ? 0 : round2(rate * weight * scale) }];
      }),
    ) as Record<EvaluationComponent, ComponentScore>;
    const score =
      weightMeasured > 0
        ? round2(
            (measured.reduce((sum, component) => sum + rates[component]! * weights[component], 0) / weightMeasured) *
              100,
          )
        : null;
    return {
      department: facts.department,
      score,
      rank: null,
      components,
      received: facts.steps.received,
      finished: facts.steps.finished,
      redCards: facts.steps.redCards,
      ratings: RATING_LEVELS.reduce((sum, level) => sum + (facts.ratings.byLevel[level] ?? 0), 0),
      badRatings: BAD_RATING_LEVELS.reduce((sum, level) => sum + (facts.ratings.byLevel[level] ?? 0), 0),
      complaints: accountability.complaints,
      upheldComplaints: accountability.upheldComplaints,
      accountabilityOpened: accountability.opened,
      atFault: accountability.atFault,
    };
  });
  const order = [...scored].sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || a.department.localeCompare(b.department),
  );
  for (const evaluation of order) {
    if (evaluation.score === null) continue;
    evaluation.rank = 1 + order.filter((other) => other.score !== null && other.score > evaluation.score!).length;
  }
  return order;
}

/** Weights from configuration (`ONEWINDOW_EVALUATION_WEIGHTS`, JSON): every component, each ≥ 0, summing to 100. */
export function parseEvaluationWeights(text: string | undefined): EvaluationWeights {
  if (text === undefined || text.trim() === '') return DEFAULT_EVALUATION_WEIGHTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      'ONEWINDOW_EVALUATION_WEIGHTS must be JSON, e.g. ' +
        '{"onTime":35,"speed":20,"alerts":15,"ratings":10,"rectifications":10,"accountability":10}',
    );
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error('ONEWINDOW_EVALUATION_WEIGHTS must be an object');
  const record = parsed as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(EVALUATION_COMPONENTS as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new Error(
      `ONEWINDOW_EVALUATION_WEIGHTS: ${unknown.join(', ')} is no component (${EVALUATION_COMPONENTS.join(', ')})`,
    );
  const weights = { ...DEFAULT_EVALUATION_WEIGHTS };
  // The five-component form published before accountability was scored keeps its meaning: accountability 0.
  if (record.accountability === undefined && EVALUATION_COMPONENTS.every((c) => c === 'accountability' || c in record))
    record.accountability = 0;
  for (const component of EVALUATION_COMPONENTS) {
    const value = record[component];
    if (value === undefined) throw new Error(`ONEWINDOW_EVALUATION_WEIGHTS: ${component} is missing`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new Error(`ONEWINDOW_EVALUATION_WEIGHTS: ${component} must be a number ≥ 0`);
    weights[component] = value;
  }
  const sum = EVALUATION_COMPONENTS.reduce((total, component) => total + weights[component], 0);
  if (Math.abs(sum - 100) > 1e-9) throw new Error(`ONEWINDOW_EVALUATION_WEIGHTS must sum to 100, not ${sum}`);
  return weights;
}

/**
 * 民主评议: the ratings of a department's cases in one quarter, with the satisfaction rate (not bad ÷ all) and the
 * average on the published scale (非常满意 100, 满意 80, 基本满意 60, 不满意 20, 非常不满意 0).
 */
export const RATING_POINTS: Record<RatingLevel, number> = {
  'very-satisfied': 100,
  satisfied: 80,
  'basically-satisfied': 60,
  dissatisfied: 20,
  'very-dissatisfied': 0,
};

export interface QuarterReview {
  quarter: string;
  department: string;
  ratings: number;
  byLevel: Partial<Record<RatingLevel, number>>;
  satisfaction: number | null;
  average: number | null;
}

/** The quarter of an instant in the calendar's local time, as `2026-Q3`. */
export function quarterOf(at: Instant, utcOffsetMinutes: number): string {
  const local = new Date(Date.parse(at) + utcOffsetMinutes * 60_000);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

/** The review of each department and quarter from rating counts (quarter, department, level, count). */
export function quarterReviews(
  rows: ReadonlyArray<{ quarter: string; department: string; level: RatingLevel; count: number }>,
): QuarterReview[] {
  const reviews = new Map<string, QuarterReview>();
  for (const row of rows) {
    const key = `${row.quarter}\u0000${row.department}`;
    const review = reviews.get(key) ?? {
      quarter: row.quarter,
      department: row.department,
      ratings: 0,
      byLevel: {},
      satisfaction: null,
      average: null,
    };
    review.ratings += row.count;
    review.byLevel[row.level] = (review.byLevel[row.level] ?? 0) + row.count;
    reviews.set(key, review);
  }
  for (const review of reviews.values()) {
    if (review.ratings === 0) continue;
    const bad = BAD_RATING_LEVELS.reduce((sum, level) => sum + (review.byLevel[level] ?? 0), 0);
    const points = RATING_LEVELS.reduce((sum, level) => sum + RATING_POINTS[level] * (review.byLevel[level] ?? 0), 0);
    review.satisfaction = round2((review.ratings - bad) / review.ratings);
    review.average = round2(points / review.ratings);
  }
  return [...reviews.values()].sort(
    (a, b) =>
      a.quarter.localeCompare(b.quarter) ||
      (b.average ?? -1) - (a.average ?? -1) ||
      a.department.localeCompare(b.department),
  );
}
