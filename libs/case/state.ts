import type { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import type { Actor } from './base';
import type { Clock, ClockKey } from './clocks';
import type { CaseFields } from './fields';
import type { RulesVersion } from './rules';
import {
  CLOSED_STATUSES,
  type AcceptanceMode,
  type AlertLevel,
  type CaseStatus,
  type DeemedBy,
  type Handling,
  type OpinionKind,
  type StepStatus,
  type SuspensionCause,
  type VerificationResult,
} from './vocabulary';

export type Applicant = z.infer<CaseFields['applicant']>;
export type Project = z.infer<CaseFields['project']>;
export type SubmittedDocument = z.infer<CaseFields['document']>;

export interface StepOpinion {
  kind: OpinionKind;
  reasons?: string;
  at: Instant;
  actor: Actor;
  higherOrgan?: boolean;
}

export interface SuspensionRecord {
  /** The hold id on the clocks it stops (`s<index>`; clock model 2). */
  id?: string;
  /** The step it concerns, when one. */
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
  /** When the period it said it needs runs out (rules 2026-12b: an alarm then says it has overrun). */
  expectedEnd?: Instant;
  /** It was still running when its stated period ran out. */
  overranAt?: Instant;
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

/** The time a finished step used, counted by the kernel when it finished (rules 2026-12b). */
export interface StepTime {
  /** Working days from its start to its finish, without the excluded periods (补正, Art. 45). */
  workingDays: number;
  /** Its legal limit in working days from its start (a calendar-day limit converted); null when it has none. */
  legalWorkingDays: number | null;
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
  deemedBy?: DeemedBy;
  escalated: boolean;
  extended?: { at: Instant; reason: string; approvedBy: string; afterDeadline: boolean };
  immediate: boolean;
  /** Why a step never started (refusalEndsCase false: a step it waits for was refused). */
  skippedBecause?: string;
  /** The case closed before the step had an outcome: when, and the case's closing reason. */
  cancelled?: { at: Instant; reason: string };
  hearing?: HearingState;
  time?: StepTime;
  /** 审批豁免清单: why the project needs no such approval (the catalogue's basis and condition). */
  exempt?: { basis: string; condition: string };
}

/** A fee of the case (统一收费): assessed at the window against the published standard, then paid or waived. */
export interface CaseFee {
  /** `f<index>` in the order assessed. */
  feeId: string;
  matterCode: string;
  itemCode: string;
  name: string;
  /** The department the fee is collected for (the matter's). */
  department: string;
  /** The declared quantity of a per-unit fee (e.g. 平方米), with its unit. */
  quantity?: number;
  unit?: string;
  /** 分 (hundredths of a yuan), so sums are exact. */
  amountFen: number;
  assessedAt: Instant;
  assessedBy: Actor;
  waiver?: {
    requestedAt: Instant;
    requestedBy: Actor;
    reason: string;
    amountFen: number;
    decided?: { at: Instant; by: Actor; granted: boolean; reasons: string };
  };
  paid?: { at: Instant; by: Actor; amountFen: number; receipt: string };
  /** The case closed without its licence: what was still due is not collected. */
  cancelled?: { at: Instant; reason: string };
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
  verified?: { result: VerificationResult; at: Instant; note: string };
}

/** An alarm that took effect: 预警, 黄牌, 红牌 on a supervised clock, or its legal limit passed. */
export interface RaisedAlert {
  key: ClockKey;
  level: AlertLevel | 'legal';
  at: Instant;
}

/** A member of staff the case is handed to: their staff id (工号) and name. */
export interface StaffRef {
  id: string;
  name: string;
}

/** 首问负责制: the first responder (the actor who received the case) and the staff answering for it now. */
export interface Responsibility {
  firstResponder: Actor & { at: Instant };
  current: { id: string; name?: string; since: Instant };
  handOvers: Array<{ at: Instant; from: { id: string; name?: string }; to: StaffRef; reason: string; by: Actor }>;
}

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
  /** 拿地即开工: 预审转正式受理 when the land contract is signed; the joint limit counts from here. */
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
  /** refusalEndsCase false: the decision came with these steps refused (partial approval). */
  refusedSteps: string[];
  jointReviews: Array<{ at: Instant; present: string[]; absent: string[]; actor: Actor }>;
  licences: Array<{ stepId: string; number: string }>;
  /** The seal on the decision (联合验收专用章), when the template names one. */
  seal?: string;
  creditEvents: Array<{ at: Instant; materialCode: string; note: string }>;
  /** Every alarm that took effect, in order (a warning stays counted when its step later finishes on time). */
  alerts: RaisedAlert[];
  closed?: { at: Instant; reason: string };
  /** 首问负责制: who received the applicant first, who answers for the case now, and each hand-over. */
  responsibility?: Responsibility;
  /** 统一收费: the fees assessed (absent in a state carried from before fees were kept). */
  fees?: CaseFee[];
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
  alerts: [],
  fees: [],
  handledCommandIds: [],
  version: 0,
};

const CLOSED: ReadonlySet<CaseStatus> = new Set(CLOSED_STATUSES);

export function isClosedStatus(status: string): boolean {
  return CLOSED.has(status as CaseStatus);
}

export function isClosed(state: CaseState): boolean {
  return CLOSED.has(state.status);
}

/** 告知承诺: a decided case stays open for checks of what was committed until this clock ends. */
export const POST_CHECK_CLOCK: ClockKey = 'post-check';

/** Closed, and no post-decision check still open: nothing can happen to the case any more. */
export function isFinished(state: CaseState): boolean {
  const check = state.clocks[POST_CHECK_CLOCK];
  return isClosed(state) && !(check && !check.stoppedAt);
}

export function isFavourable(step: Pick<StepState, 'status'>): boolean {
  return step.status === 'agreed' || step.status === 'deemed-consent';
}

/** What the steps after it and the decision wait for: a favourable outcome, or an exemption (审批豁免清单). */
export function isSatisfied(step: Pick<StepState, 'status'>): boolean {
  return isFavourable(step) || step.status === 'exempt';
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

export function suspensionClockKey(suspensionId: string): ClockKey {
  return `suspension:${suspensionId}`;
}

/** The state with some clocks replaced: how a rule sees the effect of a patch it has just decided. */
export function withClocks(state: CaseState, clocks: Record<ClockKey, Clock> | undefined): CaseState {
  return clocks && Object.keys(clocks).length > 0 ? { ...state, clocks: { ...state.clocks, ...clocks } } : state;
}
