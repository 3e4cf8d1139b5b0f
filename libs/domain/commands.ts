import type { Instant } from '../calendar/types';

/** Who did it: from the API key (or `system` for timers). */
export interface Actor {
  id: string;
  role: string;
  department?: string;
}

interface CommandBase {
  /** Idempotency key: a command with a handled id is not applied again. */
  commandId: string;
  /** When it happened (the workflow's clock). */
  at: Instant;
  actor: Actor;
}

export interface SubmittedDocument {
  materialCode: string;
  stepId?: string;
}

export interface Applicant {
  name: string;
  creditCode: string;
  /** A bad credit record bars 容缺受理 (DOMAIN: acceptance with missing documents). */
  creditRecord?: 'good' | 'bad';
  contact?: string;
}

export interface Project {
  name: string;
  code?: string;
  landParcel?: string;
}

export interface SubmitCase extends CommandBase {
  type: 'SubmitCase';
  caseId: string;
  templateId: string;
  applicant: Applicant;
  project: Project;
  documents: SubmittedDocument[];
  /** When the window received the materials (Art. 32 counts from here). */
  receivedAt: Instant;
  landContractSigned?: boolean;
}

export interface MissingItemInput {
  materialCode: string;
  stepId?: string;
  /** Form required, e.g. 原件 / 复印件 / 电子证照. */
  form?: string;
  note?: string;
}

export interface CommitmentInput {
  /** The material (or condition) the commitment replaces. */
  materialCode: string;
  text: string;
}

export type AcceptanceDecision =
  | 'accept' // 受理
  | 'accept-with-tolerance' // 容缺受理
  | 'accept-with-commitment' // 告知承诺
  | 'notify-missing' // 一次性告知 (Art. 32): 补办件
  | 'reject'; // 不予受理: 退回件

export interface DecideAcceptance extends CommandBase {
  type: 'DecideAcceptance';
  decision: AcceptanceDecision;
  /** notify-missing and accept-with-tolerance: every missing item, in one notice. */
  missing?: MissingItemInput[];
  /** accept-with-tolerance: working days the applicant has to supply the missing items. */
  supplementWithinWorkingDays?: number;
  /** accept-with-tolerance: the applicant signed the 容缺受理承诺书. */
  commitmentLetter?: boolean;
  /** accept-with-commitment: what the applicant commits to instead of proving. */
  commitments?: CommitmentInput[];
  /** reject: written reason and legal basis. */
  reason?: string;
  legalBasis?: string;
  /** 即办件 / 特办件 handling; default normal (承诺件 / 联办件 by the template). */
  handling?: 'normal' | 'immediate' | 'special';
}

export interface SupplementDocuments extends CommandBase {
  type: 'SupplementDocuments';
  documents: SubmittedDocument[];
}

export type OpinionKind =
  | 'agree' // 同意
  | 'disagree' // 不同意 (with reasons)
  | 'agree-refer-upward' // 同意但需转报 (上报件)
  | 'request-correction' // 补正
  | 'absent'; // absent from the joint review meeting (缺席)

export interface RecordOpinion extends CommandBase {
  type: 'RecordOpinion';
  stepId: string;
  opinion: OpinionKind;
  reasons?: string;
  /** request-correction: what the applicant must correct. */
  corrections?: string[];
  /** The answer of the higher organ to a step referred upward. */
  higherOrgan?: boolean;
}

/** Art. 45: periods that do not count. */
export type SuspensionReason =
  'hearing' | 'tendering' | 'auction' | 'inspection' | 'testing' | 'quarantine' | 'appraisal' | 'expert-review';

export interface SuspendClock extends CommandBase {
  type: 'SuspendClock';
  /** None: the whole case (every open step and the case clock). */
  stepId?: string;
  reason: SuspensionReason;
  note: string;
  expectedWorkingDays: number;
}

export interface ResumeClock extends CommandBase {
  type: 'ResumeClock';
  stepId?: string;
}

export interface GrantExtension extends CommandBase {
  type: 'GrantExtension';
  /** None: the joint case limit (Art. 42 ¶2, +15); a step: its decision limit (Art. 42 ¶1, +10). */
  stepId?: string;
  reason: string;
  approvedBy: string;
}

export interface SignLandContract extends CommandBase {
  type: 'SignLandContract';
  contractNumber: string;
}

export interface VerifyCommitment extends CommandBase {
  type: 'VerifyCommitment';
  materialCode: string;
  result: 'true' | 'false';
  note: string;
}

export interface Withdraw extends CommandBase {
  type: 'Withdraw';
  reason: string;
}

export interface RecomputeDeadlines extends CommandBase {
  type: 'RecomputeDeadlines';
}

export interface IssueLicence extends CommandBase {
  type: 'IssueLicence';
  licences?: Array<{ stepId: string; number: string }>;
}

export interface CheckClocks extends CommandBase {
  type: 'CheckClocks';
}

export type CaseCommand =
  | SubmitCase
  | DecideAcceptance
  | SupplementDocuments
  | RecordOpinion
  | SuspendClock
  | ResumeClock
  | GrantExtension
  | SignLandContract
  | VerifyCommitment
  | Withdraw
  | RecomputeDeadlines
  | IssueLicence
  | CheckClocks;
