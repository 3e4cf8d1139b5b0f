import { exemptionSummary, feeSummary, NO_FEES } from './charges';

describe('统一收费 and 审批豁免 in 电子监察', () => {
  it('adds fees per department and matter, and in total', () => {
    const summary = feeSummary([
      {
        department: 'housing',
        matterCode: 'construction-permit',
        sums: { ...NO_FEES, fees: 2, assessedFen: 1000, paidFen: 600, waivedFen: 400 },
      },
      {
        department: 'civil-air-defence',
        matterCode: 'air-defence-construction-approval',
        sums: { ...NO_FEES, fees: 1, assessedFen: 800, dueFen: 500, cancelledFen: 300, waiversPending: 1 },
      },
      {
        department: 'housing',
        matterCode: 'pile-foundation-permit',
        sums: { ...NO_FEES, fees: 1, assessedFen: 100, dueFen: 100 },
      },
    ]);
    expect(summary).toMatchObject({
      fees: 4,
      assessedFen: 1900,
      paidFen: 600,
      waivedFen: 400,
      dueFen: 600,
      cancelledFen: 300,
    });
    expect(summary.waiversPending).toBe(1);
    expect(summary.byDepartment.housing).toEqual({
      fees: 3,
      assessedFen: 1100,
      paidFen: 600,
      waivedFen: 400,
      dueFen: 100,
      cancelledFen: 0,
      waiversPending: 0,
    });
    expect(summary.byMatter['construction-permit']?.assessedFen).toBe(1000);
    expect(feeSummary([])).toEqual({ ...NO_FEES, byDepartment: {}, byMatter: {} });
  });

  it('counts exempt steps apart, per department and matter', () => {
    expect(
      exemptionSummary([
        { department: 'housing', matterCode: 'construction-permit', exempt: 3 },
        { department: 'housing', matterCode: 'pile-foundation-permit', exempt: 1 },
      ]),
    ).toEqual({
      exempt: 4,
      byDepartment: { housing: 4 },
      byMatter: { 'construction-permit': 3, 'pile-foundation-permit': 1 },
    });
  });
});
