import type { Instant } from '@onewindow/calendar';
import type { SupervisionFilter } from './filter';

/** A case (办件) as the read model (`cases`) holds it, for the case counts of 电子监察. */
export interface SupervisedCase {
  caseId: string;
  /** The departments and matters of its steps. */
  departments: readonly string[];
  matters: readonly string[];
  receivedAt: Instant;
  closedAt: Instant | null;
  /** The case's own deadline (the joint or promised limit of the whole case), when it has one. */
  deadline: Instant | null;
}

/** Cases counted: finished once closed, late when closed after their deadline or still open past it. */
export interface CaseCounts {
  received: number;
  finished: number;
  onTime: number;
  overdue: number;
  open: number;
}

export const NO_CASES: CaseCounts = { received: 0, finished: 0, onTime: 0, overdue: 0, open: 0 };

export function caseCounts(cases: readonly SupervisedCase[], now: Instant): CaseCounts {
  let finished = 0;
  let onTime = 0;
  let overdue = 0;
  for (const { closedAt, deadline } of cases) {
    const late = deadline !== null && Date.parse(closedAt ?? now) > Date.parse(deadline);
    if (closedAt !== null) finished += 1;
    if (closedAt !== null && !late) onTime += 1;
    if (late) overdue += 1;
  }
  return { received: cases.length, finished, onTime, overdue, open: cases.length - finished };
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
