import { eLicenceProblems, maskedCreditCode, type LicenceOnRecord } from './e-licences';
import { defaultCatalog } from './shipped';

type LicenceRecord = LicenceOnRecord & { number: string };

const licence = (patch: Partial<LicenceRecord> = {}): LicenceRecord => ({
  number: '91310000MA1FL0001X-BL',
  matterCode: 'business-registration',
  holderCreditCode: '91310000MA1FL0001X',
  revokedAt: null,
  revokeReason: null,
  ...patch,
});

describe('免提交: a material given by an electronic licence number', () => {
  const catalog = defaultCatalog();
  const check = (document: { materialCode: string; licenceNumber?: string }, record?: LicenceRecord) =>
    eLicenceProblems(
      [{ materialCode: 'power-of-attorney' }, document],
      '91310000ma1fl0001x',
      new Map(record ? [[record.number, record]] : []),
      catalog,
    );

  it('is accepted when the licence is on record, valid, the applicant’s, and stands for that material', () => {
    expect(check({ materialCode: 'business-licence', licenceNumber: licence().number }, licence())).toEqual([]);
  });

  it('is refused naming the document’s licenceNumber and the rule', () => {
    const given = { materialCode: 'business-licence', licenceNumber: licence().number };
    expect(check(given)).toEqual([
      expect.objectContaining({ field: 'documents.1.licenceNumber', rule: 'licence-unknown' }),
    ]);
    expect(check(given, licence({ revokedAt: '2026-11-20T02:00:00.000Z', revokeReason: '承诺不实' }))[0]).toMatchObject(
      {
        rule: 'licence-revoked',
        message: expect.stringContaining('承诺不实'),
      },
    );
    expect(check(given, licence({ holderCreditCode: '91310000MA1FL9999X' }))[0].rule).toBe('licence-not-holders');
    expect(check({ ...given, materialCode: 'works-planning-permit-copy' }, licence())[0].rule).toBe(
      'licence-wrong-material',
    );
  });

  it('shows only the two characters at each end of a credit code to someone verifying a licence', () => {
    expect(maskedCreditCode('91310000MA1FL0001X')).toBe('91**************1X');
    expect(maskedCreditCode('1234')).toBe('****');
  });
});
