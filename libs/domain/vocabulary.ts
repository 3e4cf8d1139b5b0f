/**
 * The closed vocabularies of the case contract, as `as const` lists: the decider's types, the contract's zod
 * schemas and the OpenAPI document all derive from these, so a new value is added in one place.
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

export const CREDIT_RECORDS = ['good', 'bad'] as const;
export type CreditRecord = (typeof CREDIT_RECORDS)[number];

export const VERIFICATION_RESULTS = ['true', 'false'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** The actor of timers and rules that fire by themselves (default acceptance, warnings, deemed consent). */
export const SYSTEM_ACTOR = { id: 'system', role: 'system' } as const;
