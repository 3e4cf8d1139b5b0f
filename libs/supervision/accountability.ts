import type { Deadline, Instant, WorkingDayCalculator } from '@onewindow/calendar';

/**
 * 评议投诉 and 过错责任追究制: the applicant's complaints about a case, answered by a supervisor within a working-day
 * limit set in configuration, and the accountability records (问责) that the engine's facts open against a
 * department: a step's 红牌, a rectification (整改) not completed by its deadline, a complaint found upheld. A
 * supervisor closes each with a finding (过错 / 无过错), the reasons and the measure taken.
 */

/** 成立 / 不成立: what the supervisor found about a complaint. */
export const COMPLAINT_FINDINGS = ['upheld', 'not-upheld'] as const;
export type ComplaintFinding = (typeof COMPLAINT_FINDINGS)[number];

/** What opened an accountability record. */
export const ACCOUNTABILITY_SOURCES = ['red-card', 'late-rectification', 'upheld-complaint'] as const;
export type AccountabilitySource = (typeof ACCOUNTABILITY_SOURCES)[number];

/** 过错 / 无过错. */
export const ACCOUNTABILITY_FINDINGS = ['at-fault', 'no-fault'] as const;
export type AccountabilityFinding = (typeof ACCOUNTABILITY_FINDINGS)[number];

/** The answer limit when configuration says nothing: 10 working days from the complaint. */
export const DEFAULT_COMPLAINT_WORKING_DAYS = 10;

/**
 * The complaint answer limit from configuration (`ONEWINDOW_COMPLAINT_WORKING_DAYS`): a whole number of working
 * days, 1 to 60; a bad value stops the API at start, naming it.
 */
export function parseComplaintWorkingDays(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_COMPLAINT_WORKING_DAYS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 60)
    throw new Error(
      `ONEWINDOW_COMPLAINT_WORKING_DAYS must be a whole number of working days from 1 to 60, not ${text}`,
    );
  return value;
}

/** A complaint is answered within `workingDays` working days of its filing, at office close. */
export function complaintDeadline(calendar: WorkingDayCalculator, filedAt: Instant, workingDays: number): Deadline {
  return calendar.deadline(filedAt, workingDays);
}

/** Answered (or, for a record, closed) at its deadline's instant or before. */
export function answeredOnTime(item: { deadline: Instant; answeredAt: Instant }): boolean {
  return Date.parse(item.answeredAt) <= Date.parse(item.deadline);
}

/** Still unanswered and past its deadline's instant at `now` (at the deadline itself it is not overdue yet). */
export function complaintOverdue(complaint: { deadline: Instant; answeredAt: Instant | null }, now: Instant): boolean {
  return complaint.answeredAt === null && Date.parse(complaint.deadline) < Date.parse(now);
}

/** Only an upheld complaint opens an accountability record. */
export function opensAccountability(finding: ComplaintFinding): boolean {
  return finding === 'upheld';
}

/** The rule a finding breaks, or undefined: reasons always, and a measure for 过错 (what was done about it). */
export function findingProblem(finding: {
  finding: AccountabilityFinding;
  reasons: string;
  measure?: string | undefined;
}): { field: 'reasons' | 'measure'; rule: string } | undefined {
  if (finding.reasons.trim() === '') return { field: 'reasons', rule: 'a finding states its reasons' };
  if (finding.finding === 'at-fault' && (finding.measure ?? '').trim() === '')
    return { field: 'measure', rule: 'a 过错 finding records the measure taken (问责措施)' };
  return undefined;
}

export interface ComplaintStats {
  filed: number;
  open: number;
  /** Open and past the answer limit. */
  overdue: number;
  answered: number;
  answeredLate: number;
  upheld: number;
}

export function complaintStats(
  complaints: ReadonlyArray<{ deadline: Instant; answeredAt: Instant | null; finding: ComplaintFinding | null }>,
  now: Instant,
): ComplaintStats {
  const open = complaints.filter((complaint) => complaint.answeredAt === null);
  const answered = complaints.filter((complaint) => complaint.answeredAt !== null);
  return {
    filed: complaints.length,
    open: open.length,
    overdue: complaints.filter((complaint) => complaintOverdue(complaint, now)).length,
    answered: answered.length,
    answeredLate: answered.filter(
      (complaint) => !answeredOnTime({ deadline: complaint.deadline, answeredAt: complaint.answeredAt! }),
    ).length,
    upheld: complaints.filter((complaint) => complaint.finding === 'upheld').length,
  };
}

export interface AccountabilityStats {
  opened: number;
  open: number;
  closed: number;
  atFault: number;
  noFault: number;
  /** Opened, per source. */
  bySource: Record<AccountabilitySource, number>;
}

export function accountabilityStats(
  records: ReadonlyArray<{ source: AccountabilitySource; finding: AccountabilityFinding | null }>,
): AccountabilityStats {
  const bySource = Object.fromEntries(
    ACCOUNTABILITY_SOURCES.map((source) => [source, records.filter((record) => record.source === source).length]),
  ) as Record<AccountabilitySource, number>;
  const closed = records.filter((record) => record.finding !== null);
  return {
    opened: records.length,
    open: records.length - closed.length,
    closed: closed.length,
    atFault: closed.filter((record) => record.finding === 'at-fault').length,
    noFault: closed.filter((record) => record.finding === 'no-fault').length,
    bySource,
  };
}

/** A department's complaints and accountability in an evaluation period. */
export interface AccountabilityCounts {
  /** Complaints about its cases filed in the period, and those found upheld. */
  complaints: number;
  upheldComplaints: number;
  /** Records against it opened in the period; 过错 findings recorded in the period. */
  opened: number;
  atFault: number;
}

export const NO_ACCOUNTABILITY: AccountabilityCounts = { complaints: 0, upheldComplaints: 0, opened: 0, atFault: 0 };

const inPeriod = (at: Instant | null, period: { from?: Instant; to?: Instant }): boolean =>
  at !== null &&
  (period.from === undefined || Date.parse(at) >= Date.parse(period.from)) &&
  (period.to === undefined || Date.parse(at) < Date.parse(period.to));

/**
 * Per department: complaints filed about its cases in the period (a joint case's complaint counts for each of its
 * departments) and found upheld, records opened against it in the period, and 过错 findings closed in it.
 */
export function accountabilityByDepartment(
  complaints: ReadonlyArray<{ departments: readonly string[]; filedAt: Instant; finding: ComplaintFinding | null }>,
  records: ReadonlyArray<{
    department: string;
    openedAt: Instant;
    closedAt: Instant | null;
    finding: AccountabilityFinding | null;
  }>,
  period: { from?: Instant; to?: Instant },
): Map<string, AccountabilityCounts> {
  const counts = new Map<string, AccountabilityCounts>();
  const add = (department: string, delta: Partial<AccountabilityCounts>) => {
    const count = counts.get(department) ?? { ...NO_ACCOUNTABILITY };
    for (const [key, value] of Object.entries(delta) as Array<[keyof AccountabilityCounts, number]>)
      count[key] += value;
    counts.set(department, count);
  };
  for (const complaint of complaints) {
    if (!inPeriod(complaint.filedAt, period)) continue;
    for (const department of complaint.departments)
      add(department, { complaints: 1, upheldComplaints: complaint.finding === 'upheld' ? 1 : 0 });
  }
  for (const record of records) {
    if (inPeriod(record.openedAt, period)) add(record.department, { opened: 1 });
    if (record.finding === 'at-fault' && inPeriod(record.closedAt, period)) add(record.department, { atFault: 1 });
  }
  return counts;
}
