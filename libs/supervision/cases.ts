import type { Instant } from '@onewindow/calendar';
import { isCaseLate, isCaseLegallyLate, type SupervisedCase } from './facts';
import type { SupervisionFilter } from './filter';

/** Cases counted: finished once closed, late when past their own limit (or their issuance's). */
export interface CaseCounts {
  received: number;
  finished: number;
  onTime: number;
  overdue: number;
  legalOverdue: number;
  open: number;
}

export const NO_CASES: CaseCounts = { received: 0, finished: 0, onTime: 0, overdue: 0, legalOverdue: 0, open: 0 };

export function caseCounts(cases: readonly SupervisedCase[], now: Instant): CaseCounts {
  let finished = 0;
  let onTime = 0;
  let overdue = 0;
  let legalOverdue = 0;
  for (const supervised of cases) {
    const late = isCaseLate(supervised, now);
    if (supervised.closedAt !== null) finished += 1;
    if (supervised.closedAt !== null && !late) onTime += 1;
    if (late) overdue += 1;
    if (isCaseLegallyLate(supervised, now)) legalOverdue += 1;
  }
  return { received: cases.length, finished, onTime, overdue, legalOverdue, open: cases.length - finished };
}

/**
 * Which cases the filter counts: of the department and the matter (among those of its steps), received (or closed,
 * with `period: 'finished'`) in [from, to), as the steps are counted by their start or finish.
 */
export function inCaseFilter(supervised: SupervisedCase, filter: SupervisionFilter): boolean {
  if (filter.department !== undefined && !supervised.departments.includes(filter.department)) return false;
  if (filter.matter !== undefined && !supervised.matters.includes(filter.matter)) return false;
  if (filter.from === undefined && filter.to === undefined) return true;
  const at = filter.period === 'finished' ? supervised.closedAt : supervised.receivedAt;
  if (at === null) return false;
  const ms = Date.parse(at);
  return (
    (filter.from === undefined || ms >= Date.parse(filter.from)) &&
    (filter.to === undefined || ms < Date.parse(filter.to))
  );
}
