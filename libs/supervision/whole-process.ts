import type { Instant, WorkingDayCalculator } from '@onewindow/calendar';
import type { TimeLimit } from '@onewindow/catalog';
import { isFinished, type CaseState } from '@onewindow/case';

/**
 * The whole-process clock (全流程审批时间) of a project (项目代码): its stage cases' time against the national
 * 120-working-day target or the catalogue's local one. Time counts as each case clock counts it, from acceptance
 * (in 拿地即开工 from formal acceptance) to the decision and the issuance (出证): the land market's and the applicant's time are not the
 * departments'. Stage cases that overlap count their overlap once.
 */
export interface StageCase {
  caseId: string;
  templateId: string;
  stages: number[];
  state: CaseState;
}

export interface StageTime {
  caseId: string;
  templateId: string;
  stages: number[];
  status: string;
  /** When its case clock started (acceptance, or formal acceptance), if it has. */
  startedAt?: Instant;
  /** When it stopped (decision, end of the case), if it has. */
  stoppedAt?: Instant;
  /** Working days its own clock counted, suspensions and 补正 excluded. */
  usedWorkingDays: number;
}

export interface WholeProcessView {
  projectCode: string;
  limit: TimeLimit;
  basis: string;
  usedWorkingDays: number;
  /** Negative: working days past the target. */
  remainingWorkingDays: number;
  overdue: boolean;
  /** Every stage case finished. */
  finished: boolean;
  stages: StageTime[];
}

interface Period {
  from: Instant;
  to: Instant;
  /** Working days of the period its clock excluded (suspensions, 补正 …). */
  excluded: number;
}

function periodOf(stage: StageCase, calendar: WorkingDayCalculator, now: Instant): Period | undefined {
  const clock = stage.state.clocks.case;
  if (!clock) return undefined;
  // After the decision the licence is still the government's to issue (出证): the issuance clock's time counts too.
  const issuance = stage.state.clocks.issuance;
  const to = clock.stoppedAt
    ? issuance
      ? (issuance.stoppedAt ?? stage.state.closed?.at ?? now)
      : clock.stoppedAt
    : (stage.state.closed?.at ?? now);
  const running = clock.suspendedSince && !clock.stoppedAt ? calendar.workingDaysBetween(clock.suspendedSince, to) : 0;
  // Only working-day clocks exclude working days; a clock in other units counts its whole span here.
  const excluded = clock.unit === 'working-days' ? clock.suspendedDays + running : 0;
  return { from: clock.startedAt, to, excluded };
}

/** Working days used by a project's stage cases, as of `now`. */
export function wholeProcess(
  projectCode: string,
  stages: readonly StageCase[],
  target: { limit: TimeLimit; basis: string },
  calendar: WorkingDayCalculator,
  now: Instant,
): WholeProcessView {
  const periods = stages.map((stage) => ({ stage, period: periodOf(stage, calendar, now) }));
  const times: StageTime[] = periods.map(({ stage, period }) => ({
    caseId: stage.caseId,
    templateId: stage.templateId,
    stages: stage.stages,
    status: stage.state.status,
    ...(period ? { startedAt: period.from } : {}),
    ...(period && stage.state.clocks.case?.stoppedAt ? { stoppedAt: period.to } : {}),
    usedWorkingDays: period ? Math.max(0, calendar.workingDaysBetween(period.from, period.to) - period.excluded) : 0,
  }));
  // Overlapping periods merge; a period alone keeps its exclusions, merged ones count their whole span once.
  const sorted = periods
    .flatMap(({ period }) => (period ? [period] : []))
    .sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  let used = 0;
  for (let index = 0; index < sorted.length;) {
    let group = sorted[index];
    let members = 1;
    for (index += 1; index < sorted.length && Date.parse(sorted[index].from) <= Date.parse(group.to); index += 1) {
      const next = sorted[index];
      group = { from: group.from, to: Date.parse(next.to) > Date.parse(group.to) ? next.to : group.to, excluded: 0 };
      members += 1;
    }
    used += Math.max(0, calendar.workingDaysBetween(group.from, group.to) - (members === 1 ? group.excluded : 0));
  }
  const limitDays = target.limit.value; // working days: the catalogue allows no other unit here
  return {
    projectCode,
    limit: target.limit,
    basis: target.basis,
    usedWorkingDays: used,
    remainingWorkingDays: limitDays - used,
    overdue: used > limitDays,
    finished: stages.length > 0 && stages.every((stage) => isFinished(stage.state)),
    stages: times,
  };
}
