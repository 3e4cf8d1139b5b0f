import type { Instant } from '@onewindow/calendar';
import type { LimitUnit, TimeLimit } from '@onewindow/catalog';
import type { Actor, Applicant, Project, SubmittedDocument } from './commands';
import type { AcceptanceMode } from './decide/acceptance';
import type { Handling, OpinionKind, SuspensionReason } from './vocabulary';

/**
 * Which clock: `notice` (Art. 32), `case`, `issuance`, `step:<id>`, `referral:<id>`, `supplement:<material>`,
 * `hearing-request:<id>` and `hearing:<id>` (Arts. 47-48), `post-check` (告知承诺 check after the decision).
 */
export type ClockKey = string;

export type ClockPurpose =
  'notice' | 'case' | 'issuance' | 'step' | 'referral' | 'supplement' | 'hearing-request' | 'hearing' | 'post-check';

/** Rules 2: the legal limit (法定时限) of a period, tracked beside its promised limit (承诺时限). */
export interface LegalPeriod {
  days: number;
  unit: LimitUnit;
  /** Excluded so far, in this period's own unit. */
  suspendedDays: number;
  deadline: Instant;
  provisional: boolean;
}

/**
 * A legal period. The computed instants are stored with it, so folding events never needs the calendar and an old
 * history replays to the same deadlines.
 */
export interface Clock {
  purpose: ClockPurpose;
  /** Counting starts the day after this instant's local day. */
  startedAt: Instant;
  days: number;
  unit: LimitUnit;
  extensionDays: number;
  /** Days excluded so far (Art. 45 periods, corrections): added to the limit exactly. */
  suspendedDays: number;
  suspendedSince?: Instant;
  deadline: Instant;
  provisional: boolean;
  calendarVersion: string;
  /** 预警: from here on at most the template's threshold of working days is left. */
  warningAt?: Instant;
  /** 红牌: the supervision deadline. */
  redAt?: Instant;
  fired: { warning: boolean; due: boolean; red: boolean; legal?: boolean };
  /** Set when the period was extended after it had run out (Art. 42): it stays counted as overdue. */
  overdueSince?: Instant;
  /** When the period's work was done; a stopped clock never fires again. */
  stoppedAt?: Instant;
  /**
   * Rules 2 (cases submitted since 2026-12): units compared like with like (calendar-day periods end on a working
   * day, the extension counts in its own unit), overlapping suspensions held by id, the legal limit alongside.
   */
  model?: 2;
  /** Rules 2: the Art. 42 extension, in its own unit, added after the limit. */
  extension?: TimeLimit;
  /** Rules 2: the open suspensions holding this clock still (`s<index>` of `CaseState.suspensions`). */
  holds?: string[];
  legal?: LegalPeriod;
}

export const CASE_STATUSES = [
  'draft',
  'received', // 收件, acceptance not decided yet
  'awaiting-supplement', // 补办件: one-time notice issued
  'in-review', // accepted: department steps running
  'awaiting-issuance', // every required opinion favourable: 出证
  'completed',
  'refused', // a department refused
  'returned', // 不予受理 / 退回件
  'terminated', // 容缺 deadline missed, false commitment before the decision
  'withdrawn',
  'revoked', // false commitment found after the decision
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

export type StepStatus =
  | 'waiting'
  | 'in-review'
  | 'awaiting-correction'
  | 'referred'
  | 'agreed'
  | 'deemed-consent'
  | 'refused'
  // Rules 2, refusalEndsCase false: a step that waits for a refused one never starts.
  | 'skipped';

export interface StepOpinion {
  kind: OpinionKind;
  reasons?: string;
  at: Instant;
  actor: Actor;
  higherOrgan?: boolean;
}

/**
 * Why clocks stand still: an Art. 45 period, a 补正 (correction) the applicant owes, or (rules 2) the 容缺 materials
 * the issuance waits for. The last two are the applicant's time, never the department's.
 */
export type SuspensionCause = SuspensionReason | 'correction' | 'awaiting-materials';

export interface SuspensionRecord {
  /** Rules 2: the hold id on the clocks it stops (`s<index>`). */
  id?: string;
  /** Rules 2: the step it concerns, when one. */
  stepId?: string;
  keys: ClockKey[];
  reason: SuspensionCause;
  note: string;
  expectedWorkingDays: number;
  since: Instant;
  resumedAt?: Instant;
  /** Working days excluded by this suspension, known at resumption. */
  excludedDays?: number;
  actor: Actor;
}

export interface StepState {
  stepId: string;
  matterCode: string;
  department: string;
  phase: 'pre-review' | 'formal';
  required: boolean;
  status: StepStatus;
  startedAt?: Instant;
  finishedAt?: Instant;
  opinions: StepOpinion[];
  /** How a favourable outcome came about without an explicit agree. */
  deemedBy?: 'timeout' | 'absent' | 'disagree-without-reasons';
  escalated: boolean;
  extended?: { at: Instant; reason: string; approvedBy: string; afterDeadline: boolean };
  immediate: boolean;
  /** Rules 2: why a step never started (refusalEndsCase false: a step it waits for was refused). */
  skippedBecause?: string;
  hearing?: HearingState;
}

/** Arts. 47-48: the hearing on a step, from the notice of the right to request one to its record. */
export interface HearingState {
  notifiedAt: Instant;
  /** Art. 47: the applicant and interested parties may request it within 5 working days of the notice. */
  requestBy: Instant;
  requestedAt?: Instant;
  requestedBy?: string;
  /** Art. 47: held within 20 working days of the request. */
  holdBy?: Instant;
  scheduledFor?: Instant;
  place?: string;
  /** Art. 48: when the parties were told of the time and place (at least 7 days before). */
  scheduledAt?: Instant;
  heldAt?: Instant;
  record?: string;
  /** The request period ended without a request. */
  lapsedAt?: Instant;
}

export interface MissingItem {
  materialCode: string;
  stepId?: string;
  form?: string;
  note?: string;
  /** notice: 一次性告知; tolerance: 容缺; correction: 补正 requested by a department. */
  reason: 'notice' | 'tolerance' | 'correction';
  requestedAt: Instant;
  suppliedAt?: Instant;
}

export interface Commitment {
  materialCode: string;
  text: string;
  at: Instant;
  verified?: { result: 'true' | 'false'; at: Instant; note: string };
}

/**
 * Which rules decide the case, fixed at submission so a recorded history always replays under the rules it ran by:
 * 1 for cases submitted before 2026-12, 2 since (DOMAIN.md as of 2026-12: legal clocks, authority, hearings …).
 */
export type RulesVersion = 1 | 2;

export const CURRENT_RULES: RulesVersion = 2;

export interface CaseState {
  status: CaseStatus;
  rulesVersion: RulesVersion;
  caseId: string;
  templateId: string;
  catalogVersion: string;
  applicant: Applicant;
  project: Project;
  receivedAt: Instant;
  documents: SubmittedDocument[];
  landContract?: { number: string; signedAt: Instant };
  /** Rules 2, 拿地即开工: 预审转正式受理 when the land contract is signed; the joint limit counts from here. */
  formalAcceptance?: { at: Instant; contractNumber: string };
  acceptance?: {
    mode: AcceptanceMode;
    at: Instant;
    /** The instant the periods count from (Art. 32 default acceptance: the day of receipt). */
    countedFrom: Instant;
  };
  handling: Handling;
  priority: boolean;
  notices: number;
  flags: string[];
  missing: MissingItem[];
  commitments: Commitment[];
  steps: Record<string, StepState>;
  stepOrder: string[];
  clocks: Record<ClockKey, Clock>;
  suspensions: SuspensionRecord[];
  caseExtension?: { at: Instant; reason: string; approvedBy: string; afterDeadline: boolean };
  decisionWithheld: boolean;
  /** Rules 2, refusalEndsCase false: the decision came with these steps refused (partial approval). */
  refusedSteps: string[];
  jointReviews: Array<{ at: Instant; present: string[]; absent: string[]; actor: Actor }>;
  licences: Array<{ stepId: string; number: string }>;
  /** The seal on the decision (联合验收专用章), when the template names one. */
  seal?: string;
  creditEvents: Array<{ at: Instant; materialCode: string; note: string }>;
  closed?: { at: Instant; reason: string };
  handledCommandIds: string[];
  /** Number of events folded so far. */
  version: number;
}

export const initialCaseState: CaseState = {
  status: 'draft',
  rulesVersion: 1,
  caseId: '',
  templateId: '',
  catalogVersion: '',
  applicant: { name: '', creditCode: '' },
  project: { name: '' },
  receivedAt: '',
  documents: [],
  handling: 'normal',
  priority: false,
  notices: 0,
  flags: [],
  missing: [],
  commitments: [],
  steps: {},
  stepOrder: [],
  clocks: {},
  suspensions: [],
  decisionWithheld: false,
  refusedSteps: [],
  jointReviews: [],
  licences: [],
  creditEvents: [],
  handledCommandIds: [],
  version: 0,
};

/** Statuses in which a case is decided or ended (好差评 and statistics count these as finished). */
export const CLOSED_STATUSES = ['completed', 'refused', 'returned', 'terminated', 'withdrawn', 'revoked'] as const;
const CLOSED: ReadonlySet<CaseStatus> = new Set(CLOSED_STATUSES);

export function isClosedStatus(status: string): boolean {
  return CLOSED.has(status as CaseStatus);
}

export function isClosed(state: CaseState): boolean {
  return CLOSED.has(state.status);
}

/** Rules 2, 告知承诺: a decided case stays open for checks of what was committed until this clock ends. */
export const POST_CHECK_CLOCK: ClockKey = 'post-check';

/** Closed, and no post-decision check still open: nothing can happen to the case any more. */
export function isFinished(state: CaseState): boolean {
  const check = state.clocks[POST_CHECK_CLOCK];
  return isClosed(state) && !(check && !check.stoppedAt);
}

/** Step statuses with an outcome: favourable (agreed, deemed consent) or refused. */
export const FINISHED_STEP_STATUSES = ['agreed', 'deemed-consent', 'refused'] as const satisfies readonly StepStatus[];

export function isFavourable(step: StepState): boolean {
  return step.status === 'agreed' || step.status === 'deemed-consent';
}

export function stepClockKey(stepId: string): ClockKey {
  return `step:${stepId}`;
}

export function referralClockKey(stepId: string): ClockKey {
  return `referral:${stepId}`;
}

export function supplementClockKey(materialCode: string): ClockKey {
  return `supplement:${materialCode}`;
}

export function hearingRequestClockKey(stepId: string): ClockKey {
  return `hearing-request:${stepId}`;
}

export function hearingClockKey(stepId: string): ClockKey {
  return `hearing:${stepId}`;
}
