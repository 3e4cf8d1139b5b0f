export type RejectionCode =
  | 'duplicate-command'
  | 'case-exists'
  | 'case-not-submitted'
  | 'case-closed'
  | 'unknown-template'
  | 'unknown-material'
  | 'unknown-step'
  | 'received-in-future'
  | 'not-awaiting-acceptance'
  | 'reason-required'
  | 'missing-items-required'
  | 'documents-outstanding'
  | 'key-material-missing'
  | 'materials-incomplete'
  | 'tolerance-not-allowed'
  | 'not-tolerable'
  | 'nothing-missing'
  | 'bad-credit'
  | 'commitment-letter-required'
  | 'supplement-deadline-required'
  | 'supplement-deadline-too-late'
  | 'commitment-not-allowed'
  | 'commitment-missing'
  | 'unknown-commitment'
  | 'documents-required'
  | 'wrong-department'
  | 'step-not-in-review'
  | 'not-referred'
  | 'opinion-already-given'
  | 'reasons-required'
  | 'corrections-required'
  | 'suspension-not-allowed'
  | 'already-suspended'
  | 'not-suspended'
  | 'awaiting-correction'
  | 'nothing-to-suspend'
  | 'invalid-period'
  | 'extension-not-allowed'
  | 'extension-already-granted'
  | 'approval-required'
  | 'land-contract-not-required'
  | 'land-contract-already-signed'
  | 'not-awaiting-issuance'
  | 'decision-withheld'
  | 'forbidden-role';

/** Why a command was refused; `field` names the payload field at fault, when one is. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: string;
  details?: unknown;
}

/** Rejections that mean "the request is malformed for this case" (HTTP 422) rather than "not now" (409). */
export const UNPROCESSABLE: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'unknown-template',
  'unknown-material',
  'unknown-step',
  'received-in-future',
  'reason-required',
  'missing-items-required',
  'key-material-missing',
  'materials-incomplete',
  'not-tolerable',
  'nothing-missing',
  'commitment-letter-required',
  'supplement-deadline-required',
  'supplement-deadline-too-late',
  'commitment-not-allowed',
  'commitment-missing',
  'unknown-commitment',
  'documents-required',
  'reasons-required',
  'corrections-required',
  'invalid-period',
  'approval-required',
]);

/** Rejections that mean "this caller may not do that" (HTTP 403), whatever the state of the case. */
export const FORBIDDEN: ReadonlySet<RejectionCode> = new Set<RejectionCode>(['wrong-department', 'forbidden-role']);

/** The HTTP status a rejection answers with: 403 for who, 422 for what, 409 for when. */
export function rejectionStatus(code: string): 403 | 409 | 422 {
  if (FORBIDDEN.has(code as RejectionCode)) return 403;
  return UNPROCESSABLE.has(code as RejectionCode) ? 422 : 409;
}
