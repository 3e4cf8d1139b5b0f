import type { Instant } from '@onewindow/calendar';

/** Which instant of a step a period filters on: when it started (收件) or when it finished (办结). */
export const SUPERVISION_PERIODS = ['received', 'finished'] as const;
export type SupervisionPeriod = (typeof SUPERVISION_PERIODS)[number];

/**
 * Which steps the 电子监察 overview counts: those of one department, of one matter, and whose start (or finish,
 * with `period: 'finished'`) falls in [from, to). Every field is optional; none counts every started step.
 */
export interface SupervisionFilter {
  from?: Instant;
  to?: Instant;
  period?: SupervisionPeriod;
  department?: string;
  matter?: string;
}

interface FilteredStep {
  department: string;
  matterCode: string;
  startedAt: Instant;
  finishedAt: Instant | null;
}

export function inSupervisionFilter(step: FilteredStep, filter: SupervisionFilter): boolean {
  if (filter.department !== undefined && step.department !== filter.department) return false;
  if (filter.matter !== undefined && step.matterCode !== filter.matter) return false;
  if (filter.from === undefined && filter.to === undefined) return true;
  const at = filter.period === 'finished' ? step.finishedAt : step.startedAt;
  if (at === null) return false;
  const ms = Date.parse(at);
  return (
    (filter.from === undefined || ms >= Date.parse(filter.from)) &&
    (filter.to === undefined || ms < Date.parse(filter.to))
  );
}
