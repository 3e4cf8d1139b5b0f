import type { Instant } from '@onewindow/calendar';
import { isFinishedStep, isLate, type SupervisedStep } from './facts';

/**
 * 电子监察 per staff member: the steps a reviewer has taken up (recorded an opinion on; the last one to do so holds
 * the step), how many of them are finished, finished on time, and late. Steps nobody has answered yet count for
 * their department only.
 */
export interface ReviewerStats {
  department: string;
  received: number;
  finished: number;
  onTime: number;
  overdue: number;
}

/**
 * Statistics per reviewer (actor id), in id order; a reviewer acting for several departments shows the first of
 * them in code order (as Postgres's min() does: the overview's SQL gives the same answer).
 */
export function reviewerStats(steps: readonly SupervisedStep[], now: Instant): Record<string, ReviewerStats> {
  const byReviewer = new Map<string, ReviewerStats>();
  for (const step of steps) {
    if (!step.reviewer) continue;
    const stats = byReviewer.get(step.reviewer) ?? {
      department: step.department,
      received: 0,
      finished: 0,
      onTime: 0,
      overdue: 0,
    };
    const finished = isFinishedStep(step.status);
    const late = isLate(step, now);
    if (step.department < stats.department) stats.department = step.department;
    stats.received += 1;
    if (finished) stats.finished += 1;
    if (finished && !late) stats.onTime += 1;
    if (late) stats.overdue += 1;
    byReviewer.set(step.reviewer, stats);
  }
  return Object.fromEntries([...byReviewer].sort(([a], [b]) => a.localeCompare(b)));
}
