import { feeDue, feeStatus, grantedWaiver, type CaseState } from '@onewindow/case';
import type { CaseFeeRecord } from '@onewindow/persistence';

/** The case's fees as the read model keeps them: the kernel's status and amounts, in 分. */
export function feeRecordsOf(state: CaseState): CaseFeeRecord[] {
  return (state.fees ?? []).map((fee) => ({
    caseId: state.caseId,
    feeId: fee.feeId,
    matterCode: fee.matterCode,
    department: fee.department,
    itemCode: fee.itemCode,
    name: fee.name,
    status: feeStatus(fee),
    amountFen: fee.amountFen,
    paidFen: fee.paid?.amountFen ?? 0,
    waivedFen: grantedWaiver(fee),
    dueFen: feeDue(fee),
    assessedAt: fee.assessedAt,
  }));
}
