import type { Instant } from '../calendar/types';
import type { LimitUnit } from '../catalog/types';
import type { Actor, Applicant, Project, SubmittedDocument } from './commands';
import type { AcceptanceMode } from './decide/acceptance';
import type { Handling, OpinionKind, SuspensionReason } from './vocabulary';

/** Which clock: `notice` (Art. 32), `case`, `issuance`, `step:<id>`, `referral:<id>`, `supplement:<material>`. */
export type ClockKey = string;

export type ClockPurpose = 'notice' | 'case' | 'issuance' | 'step' | 'referral' | 'supplement';

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
  fired: { warning: boolean; due: boolean; red: boolean };
  /** Set when the period was extended after it had run out (Art. 42): it stays counted as overdue. */
  overdueSince?: Instant;
  /** When the period's work was done; a stopped clock never fires again. */
  stoppedAt?: Instant;
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
  'waiting' | 'in-review' | 'awaiting-correction' | 'referred' | 'agreed' | 'deemed-consent' | 'refused';

export interface StepOpinion {
  kind: OpinionKind;
  reasons?: string;
  at: Instant;
  actor: Actor;
  higherOrgan?: boolean;
}

export interface SuspensionRecord {
  keys: ClockKey[];
  reason: SuspensionReason | 'correction';
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
  licences: Array<{ stepId: string; number: string }>;
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
