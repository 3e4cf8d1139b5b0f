import { addCounts } from './statistics';

/**
 * 统一收费 and 审批豁免 in 电子监察: the fees assessed, paid, waived and still due, and the steps the exemption list
 * closed, per department and matter and in total. The figures are the kernel's (each fee's status and amounts, each
 * step's status); this only adds them up.
 */

/** Fees in 分, and how many; waivers awaiting their decision counted apart. */
export interface FeeSums {
  fees: number;
  assessedFen: number;
  paidFen: number;
  waivedFen: number;
  dueFen: number;
  /** Neither paid nor waived when the case closed without its licence: assessed = paid + waived + due + cancelled. */
  cancelledFen: number;
  waiversPending: number;
}

export const NO_FEES: FeeSums = {
  fees: 0,
  assessedFen: 0,
  paidFen: 0,
  waivedFen: 0,
  dueFen: 0,
  cancelledFen: 0,
  waiversPending: 0,
};

export interface FeeSummary extends FeeSums {
  byDepartment: Record<string, FeeSums>;
  byMatter: Record<string, FeeSums>;
}

export interface ExemptionSummary {
  /** Steps closed as exempt (审批豁免清单), counted apart from approvals. */
  exempt: number;
  byDepartment: Record<string, number>;
  byMatter: Record<string, number>;
}

/** The fee summary from its per department and matter sums. */
export function feeSummary(
  groups: ReadonlyArray<{ department: string; matterCode: string; sums: FeeSums }>,
): FeeSummary {
  const byDepartment: Record<string, FeeSums> = {};
  const byMatter: Record<string, FeeSums> = {};
  let total = NO_FEES;
  for (const { department, matterCode, sums } of groups) {
    byDepartment[department] = addCounts(byDepartment[department] ?? NO_FEES, sums);
    byMatter[matterCode] = addCounts(byMatter[matterCode] ?? NO_FEES, sums);
    total = addCounts(total, sums);
  }
  return { ...total, byDepartment, byMatter };
}

/** The exemption summary from its per department and matter counts. */
export function exemptionSummary(
  groups: ReadonlyArray<{ department: string; matterCode: string; exempt: number }>,
): ExemptionSummary {
  const byDepartment: Record<string, number> = {};
  const byMatter: Record<string, number> = {};
  let exempt = 0;
  for (const group of groups) {
    byDepartment[group.department] = (byDepartment[group.department] ?? 0) + group.exempt;
    byMatter[group.matterCode] = (byMatter[group.matterCode] ?? 0) + group.exempt;
    exempt += group.exempt;
  }
  return { exempt, byDepartment, byMatter };
}
