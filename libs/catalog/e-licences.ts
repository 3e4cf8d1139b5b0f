import type { CatalogSnapshot } from './types';

/** What the intake checks of a licence on record. */
export interface LicenceOnRecord {
  matterCode: string;
  holderCreditCode: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

/** The rules a material given by an electronic licence number (免提交) is checked by at intake. */
export const E_LICENCE_RULES = [
  'licence-unknown',
  'licence-revoked',
  'licence-not-holders',
  'licence-wrong-material',
] as const;
export type ELicenceRule = (typeof E_LICENCE_RULES)[number];

export interface ELicenceProblem {
  field: string;
  rule: ELicenceRule;
  message: string;
}

/**
 * 免提交: each document given by a licence number must name a licence on record, not revoked, held by the
 * applicant (the same credit code), of a matter whose licence stands for that material (`certifies`).
 */
export function eLicenceProblems(
  documents: ReadonlyArray<{ materialCode: string; licenceNumber?: string }>,
  applicantCreditCode: string,
  records: ReadonlyMap<string, LicenceOnRecord | undefined>,
  catalog: CatalogSnapshot,
): ELicenceProblem[] {
  const certifies = new Map(
    catalog.matters.flatMap((matter) => (matter.certifies ? [[matter.code, matter.certifies] as const] : [])),
  );
  return documents.flatMap((document, index): ELicenceProblem[] => {
    const number = document.licenceNumber;
    if (number === undefined) return [];
    const field = `documents.${index}.licenceNumber`;
    const record = records.get(number);
    if (!record) return [{ field, rule: 'licence-unknown', message: `no electronic licence ${number} is on record` }];
    if (record.revokedAt !== null)
      return [
        {
          field,
          rule: 'licence-revoked',
          message: `licence ${number} was revoked on ${record.revokedAt}${record.revokeReason ? ` (${record.revokeReason})` : ''}`,
        },
      ];
    if (record.holderCreditCode.toUpperCase() !== applicantCreditCode.toUpperCase())
      return [{ field, rule: 'licence-not-holders', message: `licence ${number} is not held by this applicant` }];
    if (certifies.get(record.matterCode) !== document.materialCode)
      return [
        {
          field,
          rule: 'licence-wrong-material',
          message: `licence ${number} (${record.matterCode}) does not stand for material ${document.materialCode}`,
        },
      ];
    return [];
  });
}

/** A credit code as shown to anyone verifying a licence: only the first two and the last two characters. */
export function maskedCreditCode(code: string): string {
  return code.length <= 8
    ? '*'.repeat(code.length)
    : `${code.slice(0, 2)}${'*'.repeat(code.length - 4)}${code.slice(-2)}`;
}
