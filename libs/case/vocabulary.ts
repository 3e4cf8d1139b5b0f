/**
 * The closed vocabularies of a case, as `as const` lists: the kernel's types, its schemas, the contract and the
 * OpenAPI document all derive from these, so a new value is added in one place.
 */

/** Acceptance decisions of the window (受理, 容缺受理, 告知承诺, 一次性告知, 不予受理). */
export const ACCEPTANCE_DECISIONS = [
  'accept', // 受理
  'accept-with-tolerance', // 容缺受理
  'accept-with-commitment', // 告知承诺
  'notify-missing', // 一次性告知 (Art. 32): 补办件
  'reject', // 不予受理: 退回件
] as const;
export type AcceptanceDecision = (typeof ACCEPTANCE_DECISIONS)[number];

/** How a case was accepted: a decision of the window, Art. 32's default, or once the notice's items arrived. */
export const ACCEPTANCE_MODES = [
  'accept',
  'accept-with-tolerance',
  'accept-with-commitment',
  'by-default',
  'after-supplement',
] as const;
export type AcceptanceMode = (typeof ACCEPTANCE_MODES)[number];

/** 即办件 / 特办件 handling; normal is 承诺件 / 联办件 by the template. */
export const HANDLINGS = ['normal', 'immediate', 'special'] as const;
export type Handling = (typeof HANDLINGS)[number];

export const OPINION_KINDS = [
  'agree', // 同意
  'disagree', // 不同意 (with reasons)
  'agree-refer-upward', // 同意但需转报 (上报件)
  'request-correction', // 补正
  'absent', // absent from the joint review meeting (缺席)
] as const;
export type OpinionKind = (typeof OPINION_KINDS)[number];

/** What an opinion did to its step. */
export const OPINION_OUTCOMES = [
  'agreed',
  'refused',
  'referred',
  'awaiting-correction',
  'deemed-consent',
  'escalated',
] as const;
export type OpinionOutcome = (typeof OPINION_OUTCOMES)[number];

/** How a favourable outcome came about without an explicit agree. */
export const DEEMED_BY = ['timeout', 'absent', 'disagree-without-reasons'] as const;
export type DeemedBy = (typeof DEEMED_BY)[number];

/** Art. 45: periods that do not count. */
export const SUSPENSION_REASONS = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expert-review',
] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/**
 * The applicant's time, never the department's: a 补正 (correction) owed, the 容缺 materials the issuance waits for,
 * the fees the licence waits for (统一收费). Such a hold ends when what is owed arrives, never by a resumption.
 */
export const APPLICANT_SUSPENSION_CAUSES = ['correction', 'awaiting-materials', 'awaiting-payment'] as const;

/** Why clocks stand still: an Art. 45 period, or the applicant's time. */
export const SUSPENSION_CAUSES = [...SUSPENSION_REASONS, ...APPLICANT_SUSPENSION_CAUSES] as const;
export type SuspensionCause = (typeof SUSPENSION_CAUSES)[number];

export function isApplicantsTime(cause: SuspensionCause): boolean {
  return (APPLICANT_SUSPENSION_CAUSES as readonly string[]).includes(cause);
}

export const CREDIT_RECORDS = ['good', 'bad'] as const;
export type CreditRecord = (typeof CREDIT_RECORDS)[number];

export const VERIFICATION_RESULTS = ['true', 'false'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

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

/** Statuses in which a case is decided or ended (好差评 and statistics count these as finished). */
export const CLOSED_STATUSES = [
  'completed',
  'refused',
  'returned',
  'terminated',
  'withdrawn',
  'revoked',
] as const satisfies readonly CaseStatus[];

export const STEP_STATUSES = [
  'waiting',
  'in-review',
  'awaiting-correction',
  'referred',
  'agreed',
  'deemed-consent',
  'refused',
  // A step that waits for a refused one never starts (refusalEndsCase false).
  'skipped',
  // The case closed (withdrawn, refused, terminated, returned, completed without this optional step) before the
  // step had an outcome: nobody's 待办 any more, its clock stopped with the case.
  'cancelled',
  // 审批豁免清单 (rules 2026-12c): the project needs no such approval; closed at acceptance with the basis, counted
  // apart from approvals, and the steps after it proceed as after an approval.
  'exempt',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Step statuses with an outcome: favourable (agreed, deemed consent) or refused. */
export const FINISHED_STEP_STATUSES = ['agreed', 'deemed-consent', 'refused'] as const satisfies readonly StepStatus[];
/**
 * Step statuses the decision no longer waits for: an outcome, never to start (a step it waits for was refused), or
 * exempt (审批豁免清单: closed at acceptance, its `finishedAt` that instant).
 */
export const SETTLED_STEP_STATUSES = [
  ...FINISHED_STEP_STATUSES,
  'skipped',
  'exempt',
] as const satisfies readonly StepStatus[];
/** Step statuses that are over: settled, or cancelled with the case. */
export const ENDED_STEP_STATUSES = [...SETTLED_STEP_STATUSES, 'cancelled'] as const satisfies readonly StepStatus[];
/** Step statuses in which a department still owes the step its work (its 待办). */
export const OPEN_STEP_STATUSES = [
  'in-review',
  'awaiting-correction',
  'referred',
] as const satisfies readonly StepStatus[];

/** 电子监察 levels: none, 预警 warning, 黄牌 yellow (overdue), 红牌 red (past the supervision deadline). */
export const WARNING_LEVELS = ['none', 'warning', 'yellow', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
/** The levels an alarm raises. */
export const ALERT_LEVELS = ['warning', 'yellow', 'red'] as const satisfies readonly WarningLevel[];
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Who may send a message (admin may send every one the kernel does not keep to a department). */
export const SENDERS = ['window', 'department', 'integrator', 'supervisor'] as const;
export type Sender = (typeof SENDERS)[number];

/** The actor of timers and rules that fire by themselves (default acceptance, warnings, deemed consent). */
export const SYSTEM_ACTOR = { id: 'system', role: 'system' } as const;

/** Where a fee of a case stands (统一收费). */
export const FEE_STATUSES = ['due', 'waiver-requested', 'paid', 'waived', 'cancelled'] as const;
export type FeeStatus = (typeof FEE_STATUSES)[number];
