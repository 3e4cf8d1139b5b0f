import { acceptanceRejections } from './decide/acceptance';
import { closingRejections } from './decide/closing';
import { documentRejections } from './decide/documents';
import { hearingRejections } from './decide/hearings';
import { issuanceRejections } from './decide/issuance';
import { opinionRejections } from './decide/opinions';
import { periodRejections } from './decide/periods';
import { stepRejections } from './decide/steps';
import { submissionRejections } from './decide/submission';

/**
 * How a refusal answers over HTTP: `forbidden` (403) says who may not, `unprocessable` (422) that the request does
 * not fit the case, `conflict` (409) that it comes at the wrong time.
 */
export const REJECTION_CLASSES = ['forbidden', 'unprocessable', 'conflict'] as const;
export type RejectionClass = (typeof REJECTION_CLASSES)[number];

/** What each module of `decide/` declares beside its handlers. */
export type RejectionMap = Readonly<Record<string, RejectionClass>>;

/** Refusals of `decide` itself, before any handler runs. */
const dispatchRejections = {
  'duplicate-command': 'conflict',
  'case-not-submitted': 'conflict',
  'case-closed': 'conflict',
} as const satisfies RejectionMap;

/** Every rejection code with its class: one exhaustive table, merged from the modules that raise them. */
export const REJECTIONS = {
  ...dispatchRejections,
  ...submissionRejections,
  ...acceptanceRejections,
  ...documentRejections,
  ...stepRejections,
  ...opinionRejections,
  ...periodRejections,
  ...hearingRejections,
  ...issuanceRejections,
  ...closingRejections,
} as const satisfies RejectionMap;

export type RejectionCode = keyof typeof REJECTIONS;

/** Why a command was refused; `field` names the payload field at fault, when one is. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: string;
  details?: unknown;
}

export function isRejectionCode(code: string): code is RejectionCode {
  return Object.prototype.hasOwnProperty.call(REJECTIONS, code);
}

export function rejectionClass(code: RejectionCode): RejectionClass {
  return REJECTIONS[code];
}
