import { createHash } from 'node:crypto';
import type { CaseState } from '@onewindow/case';
import type { LicenceRecord } from '@onewindow/persistence';

/**
 * The electronic licence records (电子证照) of a case's state: one per licence number it issued, held by its
 * applicant, for the step's matter and department, sealed with the decision's seal, issued when the issuance clock
 * stopped. The content hash covers what the licence says (number, holder, matter, department, seal, date), so a
 * record altered later no longer matches the hash printed with the licence.
 */
export function licenceRecordsOf(
  state: CaseState,
  fallbackAt: string,
): Array<Omit<LicenceRecord, 'revokedAt' | 'revokeReason'>> {
  const issuedAt = state.clocks.issuance?.stoppedAt ?? state.closed?.at ?? fallbackAt;
  return state.licences.flatMap((licence) => {
    const step = state.steps[licence.stepId];
    if (!step) return [];
    const content = {
      number: licence.number,
      holderName: state.applicant.name,
      holderCreditCode: state.applicant.creditCode,
      matterCode: step.matterCode,
      department: step.department,
      seal: state.seal ?? null,
      issuedAt,
    };
    return [
      {
        ...content,
        caseId: state.caseId,
        stepId: licence.stepId,
        contentHash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
      },
    ];
  });
}
