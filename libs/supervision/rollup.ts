import { NO_CASES, type CaseCounts } from './cases';
import type { SupervisedStep } from './facts';
import type { ReviewerStats } from './reviewers';
import {
  addStepSums,
  NO_STEPS,
  openWarnings,
  statsOfSums,
  type StepSums,
  type SupervisionContext,
  type SupervisionOverview,
  type SupervisionStats,
} from './statistics';

/** Sums per department and matter, as a database groups them. */
export interface GroupSums {
  department: string;
  matterCode: string;
  sums: StepSums;
}

/** Case counts per grouping (not sums: a case of two departments is one case in total). */
export interface CaseCountsByGroup {
  total: CaseCounts;
  byDepartment: Record<string, CaseCounts>;
  byMatter: Record<string, CaseCounts>;
}

function rollUp(
  groups: readonly GroupSums[],
  key: (group: GroupSums) => string,
  cases: Record<string, CaseCounts>,
): Record<string, SupervisionStats> {
  const sums = new Map<string, StepSums>();
  for (const group of groups) sums.set(key(group), addStepSums(sums.get(key(group)) ?? NO_STEPS, group.sums));
  return Object.fromEntries(
    [...sums]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, total]) => [name, statsOfSums(total, cases[name] ?? NO_CASES)]),
  );
}

/**
 * The overview from sums a database computed per department and matter, its case counts and the rows of its open
 * warning list: the same answer `supervisionOverview` gives from every step loaded (checked against it, and against
 * the sum of the cases' own views, in test/e2e/supervision-facts.e2e.test.ts).
 */
/** Each department's statistics from the sums per department and matter, and its case counts. */
export function departmentStats(
  groups: readonly GroupSums[],
  cases: CaseCountsByGroup,
): Record<string, SupervisionStats> {
  return rollUp(groups, (group) => group.department, cases.byDepartment);
}

export function overviewFromSums(
  groups: readonly GroupSums[],
  cases: CaseCountsByGroup,
  warned: readonly SupervisedStep[],
  byReviewer: Record<string, ReviewerStats>,
  context: SupervisionContext,
): SupervisionOverview {
  const total = groups.reduce((sum, group) => addStepSums(sum, group.sums), NO_STEPS);
  return {
    total: statsOfSums(total, cases.total),
    byDepartment: departmentStats(groups, cases),
    byMatter: rollUp(groups, (group) => group.matterCode, cases.byMatter),
    byReviewer,
    openWarnings: openWarnings(warned, context),
  };
}
