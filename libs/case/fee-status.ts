import type { CaseFee, CaseState } from './state';
import type { FeeStatus } from './vocabulary';

/**
 * Where a fee of a case stands (统一收费), from its events alone: what it still asks, what a waiver took off, its
 * status. The one reading of a fee: the kernel's rules, the view, the read model and 电子监察 all ask these.
 */

/** Yuan to 分, exactly (the payload allows two decimals at most). */
export function toFen(amountYuan: number): number {
  return Math.round(amountYuan * 100);
}

/** What a fee still asks of the applicant, in 分: its amount less a granted waiver, nothing once paid or cancelled. */
export function feeDue(fee: CaseFee): number {
  if (fee.paid || fee.cancelled) return 0;
  return fee.amountFen - grantedWaiver(fee);
}

/**
 * The 分 a case closed without its licence took off (what was neither paid nor waived). With it a fee's amount is
 * whole: amount = paid + waived + due + cancelled.
 */
export function feeCancelled(fee: CaseFee): number {
  return fee.cancelled && !fee.paid ? fee.amountFen - grantedWaiver(fee) : 0;
}

/** The 分 a granted waiver took off. */
export function grantedWaiver(fee: CaseFee): number {
  return fee.waiver?.decided?.granted ? fee.waiver.amountFen : 0;
}

/** Where a fee stands: to pay, waiting for a waiver decision, paid, waived in full, or cancelled with its case. */
export function feeStatus(fee: CaseFee): FeeStatus {
  if (fee.paid) return 'paid';
  if (fee.cancelled) return 'cancelled';
  if (fee.waiver && !fee.waiver.decided) return 'waiver-requested';
  if (feeDue(fee) > 0) return 'due';
  return grantedWaiver(fee) > 0 ? 'waived' : 'paid';
}

/** The fees the licence waits for: due (in part or in full) or awaiting a waiver decision. */
export function unsettledFees(state: CaseState): CaseFee[] {
  return (state.fees ?? []).filter((fee) => ['due', 'waiver-requested'].includes(feeStatus(fee)));
}
