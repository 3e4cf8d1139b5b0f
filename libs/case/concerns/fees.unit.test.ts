import type { Actor } from '../base';
import { caseView } from '../view';
import {
  agree,
  calendar,
  context,
  dept,
  integrator as integratorOf,
  local,
  submitted,
  window,
} from '../testing/scenario';

const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor' };
const cashier: Actor = { id: 'window-2', role: 'window' };

/** A construction permit (rules 2026-12c) accepted Monday 2026-03-02 10:00 for a 12,000 m² building. */
function acceptedPermit() {
  const ctx = context('construction-permit');
  const scenario = submitted([], ctx, { rulesVersion: 4 });
  scenario.state = { ...scenario.state, project: { ...scenario.state.project, floorAreaSquareMetres: 12000 } };
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}

const infrastructure = { matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 12000 } as const;

describe('fees (统一收费项目和标准, 统一费用减免程序)', () => {
  it('assesses a fee at the published standard, in 分, and the licence waits until it is paid', () => {
    const scenario = acceptedPermit();
    scenario.when(local('2026-03-02 10:05'), window, {
      type: 'AssessFees',
      fees: [{ ...infrastructure, amountYuan: 1_200_000 }],
    });
    expect(scenario.state.fees).toEqual([
      expect.objectContaining({
        feeId: 'f0',
        department: 'housing',
        amountFen: 120_000_000,
        unit: '平方米（建筑面积）',
      }),
    ]);
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    const refusal = scenario.rejects(local('2026-03-03 11:00'), window, { type: 'IssueLicence' }, 'fees-unpaid');
    expect(refusal.details).toEqual({ feeIds: ['f0'] });
    scenario.rejects(
      local('2026-03-03 11:10'),
      cashier,
      { type: 'PayFee', feeId: 'f0', amountYuan: 1_000_000, receipt: 'FS-1' },
      'payment-amount',
    );
    scenario.when(local('2026-03-03 11:15'), cashier, {
      type: 'PayFee',
      feeId: 'f0',
      amountYuan: 1_200_000,
      receipt: 'FS-2026-000123',
    });
    expect(caseView(scenario.state, local('2026-03-03 11:20'), calendar).fees).toMatchObject({
      assessedFen: 120_000_000,
      paidFen: 120_000_000,
      waivedFen: 0,
      dueFen: 0,
      items: [{ status: 'paid', dueFen: 0 }],
    });
    scenario.when(local('2026-03-03 11:30'), window, { type: 'IssueLicence' });
    expect(scenario.state.status).toBe('completed');
  });

  it('refuses a fee outside the published items or standard, naming the field', () => {
    const scenario = acceptedPermit();
    const at = local('2026-03-02 10:05');
    expect(
      scenario.rejects(
        at,
        window,
        { type: 'AssessFees', fees: [{ matterCode: 'construction-permit', itemCode: 'service-fee', amountYuan: 50 }] },
        'fee-not-published',
      ).field,
    ).toBe('fees.0.itemCode');
    expect(
      scenario.rejects(
        at,
        window,
        {
          type: 'AssessFees',
          fees: [{ matterCode: 'property-transfer-registration', itemCode: 'registration-fee', amountYuan: 80 }],
        },
        'fee-not-published',
      ).field,
    ).toBe('fees.0.matterCode');
    const wrong = scenario.rejects(
      at,
      window,
      { type: 'AssessFees', fees: [{ ...infrastructure, amountYuan: 1_300_000 }] },
      'fee-not-standard',
    );
    expect(wrong).toMatchObject({ field: 'fees.0.amountYuan', details: { standardYuan: 1_200_000 } });
    expect(
      scenario.rejects(
        at,
        window,
        {
          type: 'AssessFees',
          fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', amountYuan: 100 }],
        },
        'fee-not-standard',
      ).field,
    ).toBe('fees.0.quantity');
    scenario.when(at, window, { type: 'AssessFees', fees: [{ ...infrastructure, amountYuan: 1_200_000 }] });
    scenario.rejects(
      at,
      window,
      { type: 'AssessFees', fees: [{ ...infrastructure, amountYuan: 1_200_000 }] },
      'fee-already-assessed',
    );
  });

  it('a waiver is requested with a reason and decided by another person: the department or a supervisor', () => {
    const scenario = acceptedPermit();
    scenario.when(local('2026-03-02 10:05'), window, {
      type: 'AssessFees',
      fees: [{ ...infrastructure, amountYuan: 1_200_000 }],
    });
    scenario.when(local('2026-03-02 10:10'), window, {
      type: 'RequestFeeWaiver',
      feeId: 'f0',
      reason: '保障性住房项目，按本市减免目录免征',
    });
    // The licence waits for the decision too; so does a payment.
    scenario.rejects(
      local('2026-03-02 10:11'),
      cashier,
      { type: 'PayFee', feeId: 'f0', amountYuan: 1_200_000, receipt: 'X' },
      'waiver-pending',
    );
    const decide = { type: 'DecideFeeWaiver', feeId: 'f0', granted: true, reasons: '符合减免目录第3项' } as const;
    // Never the clerk who assessed it or asked; never another department; never an admin.
    scenario.rejects(local('2026-03-02 11:00'), { ...supervisor, id: window.id }, decide, 'waiver-by-assessor');
    scenario.rejects(local('2026-03-02 11:00'), dept('fire'), decide, 'wrong-department');
    scenario.rejects(local('2026-03-02 11:00'), { id: 'admin-1', role: 'admin' }, decide, 'forbidden-role');
    scenario.rejects(local('2026-03-02 11:00'), cashier, decide, 'forbidden-role');
    scenario.when(local('2026-03-02 11:00'), dept('housing'), decide);
    expect(scenario.state.fees?.[0]?.waiver?.decided).toMatchObject({ granted: true, by: dept('housing') });
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    expect(caseView(scenario.state, local('2026-03-03 10:00'), calendar).fees).toMatchObject({
      waivedFen: 120_000_000,
      dueFen: 0,
      items: [{ status: 'waived' }],
    });
    scenario.when(local('2026-03-03 10:30'), window, { type: 'IssueLicence' });
    expect(scenario.state.status).toBe('completed');
  });

  it('a partial waiver leaves the rest to pay; a refused waiver leaves all of it; only published waivers', () => {
    const ctx = context('property-registration');
    const scenario = submitted([], ctx, { rulesVersion: 4 });
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    scenario.when(local('2026-03-02 10:05'), window, {
      type: 'AssessFees',
      fees: [
        { matterCode: 'property-transfer-registration', itemCode: 'registration-fee', amountYuan: 80 },
        { matterCode: 'property-transfer-registration', itemCode: 'certificate-copy-fee', amountYuan: 10 },
      ],
    });
    scenario.rejects(
      local('2026-03-02 10:06'),
      window,
      { type: 'RequestFeeWaiver', feeId: 'f1', reason: '申请免收' },
      'waiver-not-provided',
    );
    scenario.rejects(
      local('2026-03-02 10:06'),
      window,
      { type: 'RequestFeeWaiver', feeId: 'f0', reason: '小微企业', amountYuan: 81 },
      'waiver-amount',
    );
    scenario.when(local('2026-03-02 10:07'), window, {
      type: 'RequestFeeWaiver',
      feeId: 'f0',
      reason: '小微企业减半',
      amountYuan: 40,
    });
    scenario.when(local('2026-03-02 10:30'), supervisor, {
      type: 'DecideFeeWaiver',
      feeId: 'f0',
      granted: true,
      reasons: '同意',
    });
    scenario.rejects(
      local('2026-03-02 10:31'),
      window,
      { type: 'RequestFeeWaiver', feeId: 'f0', reason: '再次申请' },
      'waiver-already-decided',
    );
    scenario.when(local('2026-03-02 10:40'), cashier, { type: 'PayFee', feeId: 'f0', amountYuan: 40, receipt: 'R1' });
    scenario.when(local('2026-03-02 10:40'), cashier, { type: 'PayFee', feeId: 'f1', amountYuan: 10, receipt: 'R2' });
    scenario.rejects(
      local('2026-03-02 10:41'),
      cashier,
      { type: 'PayFee', feeId: 'f1', amountYuan: 10, receipt: 'R3' },
      'fee-settled',
    );
    expect(caseView(scenario.state, local('2026-03-02 11:00'), calendar).fees).toMatchObject({
      assessedFen: 9000,
      paidFen: 5000,
      waivedFen: 4000,
      dueFen: 0,
    });
  });

  it('fees are assessed once the case is accepted, never before', () => {
    const scenario = submitted([], context('construction-permit'), { rulesVersion: 4 });
    scenario.rejects(
      local('2026-03-02 09:30'),
      window,
      { type: 'AssessFees', fees: [{ ...infrastructure, amountYuan: 1_200_000 }] },
      'case-not-accepted',
    );
  });

  it('without an amount the engine charges the standard: integer 分 from hundredths of the unit', () => {
    const scenario = acceptedPermit();
    scenario.when(local('2026-03-02 10:05'), window, {
      type: 'AssessFees',
      fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 0.05 }],
    });
    // 100 yuan × 0.05 m² = 5 yuan
    expect(scenario.state.fees?.[0]?.amountFen).toBe(500);
    const tiny = acceptedPermit();
    expect(
      tiny.rejects(
        local('2026-03-02 10:05'),
        window,
        {
          type: 'AssessFees',
          fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 0.004 }],
        },
        'fee-not-standard',
      ).field,
    ).toBe('fees.0.quantity');
  });

  it('while a fee is owed the issuance clock is held (the applicant’s time), and runs again once it is paid', () => {
    const scenario = acceptedPermit();
    scenario.when(local('2026-03-02 10:05'), window, { type: 'AssessFees', fees: [infrastructure] });
    scenario.when(local('2026-03-03 10:00'), dept('housing'), agree('construction-permit'));
    expect(scenario.state.status).toBe('awaiting-issuance');
    expect(scenario.clock('issuance').suspendedSince).toBe(local('2026-03-03 10:00'));
    expect(scenario.state.suspensions.at(-1)).toMatchObject({ reason: 'awaiting-payment', keys: ['issuance'] });
    scenario.when(local('2026-03-10 10:00'), cashier, {
      type: 'PayFee',
      feeId: 'f0',
      amountYuan: 1_200_000,
      receipt: 'FS-9',
    });
    // Art. 44's 10 working days, plus the 5 (03-03 … 03-09) the applicant took to pay → 2026-03-24.
    expect(scenario.clock('issuance')).toMatchObject({ suspendedDays: 5, deadline: local('2026-03-24 17:30') });
    expect(scenario.clock('issuance').suspendedSince).toBeUndefined();
  });

  it('a case closed without its licence cancels what its fees still asked', () => {
    const scenario = acceptedPermit();
    scenario.when(local('2026-03-02 10:05'), window, { type: 'AssessFees', fees: [infrastructure] });
    scenario.when(local('2026-03-02 11:00'), window, { type: 'Withdraw', reason: '项目取消' });
    expect(scenario.state.fees?.[0]).toMatchObject({ cancelled: { reason: '项目取消' } });
    expect(caseView(scenario.state, local('2026-03-02 12:00'), calendar).fees).toMatchObject({
      dueFen: 0,
      items: [{ status: 'cancelled', dueFen: 0 }],
    });
  });

  it('no fee for a matter the case will not decide (an exempt step); a department’s integrator key decides for it', () => {
    const ctx = context('land-and-start');
    const scenario = submitted([], ctx, { rulesVersion: 4 });
    scenario.state = {
      ...scenario.state,
      project: { ...scenario.state.project, investmentTenThousandYuan: 20, floorAreaSquareMetres: 2000 },
    };
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    expect(
      scenario.rejects(
        local('2026-03-02 10:05'),
        window,
        { type: 'AssessFees', fees: [{ ...infrastructure, quantity: 2000 }] },
        'fee-for-no-decision',
      ).field,
    ).toBe('fees.0.matterCode');
    scenario.when(local('2026-03-02 10:05'), window, {
      type: 'AssessFees',
      fees: [
        { matterCode: 'air-defence-construction-approval', itemCode: 'air-defence-relocation-fee', quantity: 100 },
      ],
    });
    scenario.when(local('2026-03-02 10:06'), window, { type: 'RequestFeeWaiver', feeId: 'f0', reason: '保障性住房' });
    scenario.when(local('2026-03-02 10:30'), integratorOf('civil-air-defence'), {
      type: 'DecideFeeWaiver',
      feeId: 'f0',
      granted: false,
      reasons: '不符合减免条件',
    });
    expect(caseView(scenario.state, local('2026-03-02 11:00'), calendar).fees?.items[0]).toMatchObject({
      status: 'due',
      dueFen: 15_000_000,
    });
  });
});
