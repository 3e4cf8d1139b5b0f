import { dept, recordHistory, stepOf, windowActor, WorkflowCases } from '@onewindow/test/support/workflow-cases';

const supervisor = { id: 'supervisor-3', role: 'supervisor' };
const cashier = { id: 'window-cashier', role: 'window' };

/**
 * 统一收费 and the 审批豁免清单 in a running case (rules 2026-12c), on the time-skipping server with the real
 * activities and Postgres: fees assessed, paid and waived as events of the case, the licence waiting for them, and an
 * exempt step closed at acceptance.
 */
describe('fees and exemptions in a running case (time-skipping server)', () => {
  const cases = new WorkflowCases('fees-exemptions');
  let counter = 0;
  const caseId = (name: string) => `FE-${name}-${Date.now()}-${++counter}`;

  beforeAll(async () => {
    await cases.start();
  });

  afterAll(async () => {
    await cases.stop();
  });

  it('the licence waits for the fees: one paid, one waived by a second person', async () => {
    const id = caseId('FEES');
    const handle = await cases.startCase(
      await cases.input(id, 'construction-permit', [], undefined, {
        project: { name: '临港某产业园二期', floorAreaSquareMetres: 12000, investmentTenThousandYuan: 8000 },
      }),
    );
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    const refused = await cases.send(id, 'fees-assessed', {
      actor: windowActor,
      fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 12000, amountYuan: 1000 }],
    });
    expect(refused).toMatchObject({ ok: false, rejection: { code: 'fee-not-standard' } });
    await cases.apply(id, 'fees-assessed', {
      actor: windowActor,
      fees: [
        { matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 12000, amountYuan: 1_200_000 },
      ],
    });
    await cases.apply(id, 'fee-waiver-requested', {
      actor: windowActor,
      feeId: 'f0',
      reason: '公益性项目（公立学校），按减免目录减征一半',
      amountYuan: 600_000,
    });
    expect(
      await cases.send(id, 'fee-waiver-decided', { actor: windowActor, feeId: 'f0', granted: true, reasons: '同意' }),
    ).toMatchObject({ ok: false, rejection: { code: 'forbidden-role' } });
    await cases.apply(id, 'fee-waiver-decided', {
      actor: supervisor,
      feeId: 'f0',
      granted: true,
      reasons: '符合减免目录',
    });
    await cases.apply(id, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    expect(await cases.send(id, 'licence-issued', { actor: windowActor })).toMatchObject({
      ok: false,
      rejection: { code: 'fees-unpaid' },
    });
    await cases.apply(id, 'fee-paid', { actor: cashier, feeId: 'f0', amountYuan: 600_000, receipt: 'FS-2026-0001' });
    await cases.apply(id, 'licence-issued', {
      actor: windowActor,
      licences: [{ stepId: 'construction-permit', number: `SG-${id}` }],
    });
    const view = await cases.state(id, (v) => v.status === 'completed');
    expect(view.rules.label).toBe('2026-12c');
    expect(view.fees).toMatchObject({
      assessedFen: 120_000_000,
      paidFen: 60_000_000,
      waivedFen: 60_000_000,
      dueFen: 0,
    });
    // The read model keeps the kernel's figures for 电子监察.
    const rows = await cases.dataSource.query<Array<{ status: string; paid_fen: string; waived_fen: string }>>(
      'SELECT status, paid_fen, waived_fen FROM case_fees WHERE case_id = $1',
      [id],
    );
    for (let i = 0; i < 50 && rows[0]?.status !== 'paid'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows.splice(
        0,
        rows.length,
        ...(await cases.dataSource.query('SELECT status, paid_fen, waived_fen FROM case_fees WHERE case_id = $1', [
          id,
        ])),
      );
    }
    expect(rows).toEqual([{ status: 'paid', paid_fen: '60000000', waived_fen: '60000000' }]);
    await recordHistory('fees-paid-and-waived', handle);
  });

  it('a case withdrawn with a fee due cancels it, in the case and in the read model 电子监察 sums', async () => {
    const id = caseId('WITHDRAWN');
    await cases.startCase(
      await cases.input(id, 'construction-permit', [], undefined, {
        project: { name: '临港某产业园三期', floorAreaSquareMetres: 500 },
      }),
    );
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    await cases.apply(id, 'fees-assessed', {
      actor: windowActor,
      fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 500 }],
    });
    await cases.apply(id, 'withdrawn', { actor: windowActor, reason: '项目取消' });
    const view = await cases.state(id, (v) => v.status === 'withdrawn');
    // The fee's amount is whole: nothing paid or waived, all of it cancelled with the case.
    expect(view.fees).toMatchObject({ dueFen: 0, paidFen: 0, waivedFen: 0, items: [{ status: 'cancelled' }] });
    expect(view.fees?.cancelledFen).toBe(view.fees?.assessedFen);
    expect(view.fees?.cancelledFen).toBeGreaterThan(0);
    const row = async () =>
      (
        await cases.dataSource.query<Array<{ status: string; due_fen: string }>>(
          'SELECT status, due_fen FROM case_fees WHERE case_id = $1',
          [id],
        )
      )[0];
    for (let i = 0; i < 50 && (await row())?.status !== 'cancelled'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await row()).toEqual({ status: 'cancelled', due_fen: '0' });
  });

  it('审批豁免清单: a 280 m² building needs no construction permit; the step is closed exempt at acceptance', async () => {
    const id = caseId('EXEMPT');
    const handle = await cases.startCase(
      await cases.input(id, 'construction-permit', [], undefined, {
        project: { name: '某村民委员会配套用房', floorAreaSquareMetres: 280, investmentTenThousandYuan: 60 },
      }),
    );
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    const view = await cases.state(id, (v) => v.status === 'completed');
    expect(stepOf(view, 'construction-permit')).toMatchObject({
      status: 'exempt',
      exempt: { basis: expect.stringContaining('建筑工程施工许可管理办法') },
    });
    expect(stepOf(view, 'construction-permit').clock).toBeUndefined();
    await recordHistory('exempt-step', handle);
  });
});
