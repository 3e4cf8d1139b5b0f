import { defaultCatalog } from '@onewindow/catalog/shipped';
import { FINISHED_STEP_STATUSES, OPEN_STEP_STATUSES, type CaseView } from '@onewindow/case';
import { listWarnedOpenSteps, publishCatalog, supervisionStepSums } from '@onewindow/persistence';
import { dept, recordHistory, stepOf, windowActor, WorkflowCases } from '@onewindow/test/support/workflow-cases';

/**
 * The legal clocks of the 2026-12 rules on the time-skipping server: months of land listing, corrections, hearings
 * and post-decision checks pass in seconds, with the real activities writing to the real Postgres.
 */
describe('legal clocks that a supervisor can trust (time-skipping server)', () => {
  const cases = new WorkflowCases('legal-clocks');
  let counter = 0;
  const caseId = (name: string) => `LC-${name}-${Date.now()}-${++counter}`;

  beforeAll(async () => {
    await cases.start();
  });

  afterAll(async () => {
    await cases.stop();
  });

  it('拿地即开工: 100 days of land listing, then the signing: no card, the joint limit counts from formal acceptance', async () => {
    const id = caseId('LISTING');
    const handle = await cases.startCase(await cases.input(id, 'land-and-start'));
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    for (const [department, stepId] of [
      ['natural-resources', 'design-scheme-review'],
      ['ecology', 'eia-approval'],
      ['housing', 'drawing-review'],
      ['fire', 'fire-design-review'],
      ['civil-air-defence', 'air-defence-approval'],
    ] as const) {
      await cases.apply(id, 'department-opinion', { actor: dept(department), stepId, opinion: 'agree' });
    }
    await cases.env.sleep('100 days');
    let view = await cases.state(id);
    expect(view).toMatchObject({ warningLevel: 'none', overdue: false });
    expect(view.deadline).toBeUndefined();
    await cases.apply(id, 'land-contract-signed', { actor: windowActor, contractNumber: '沪规划资源让(2026)12号' });
    view = await cases.state(id, (v) => v.formallyAcceptedAt !== undefined);
    expect(view).toMatchObject({ warningLevel: 'none', overdue: false, legalOverdue: false });
    // The 45-working-day limit runs from the signing, not from the acceptance 100 days earlier.
    expect(Date.parse(view.deadline!)).toBeGreaterThan(Date.parse(view.formallyAcceptedAt!) + 60 * 86_400_000);
    expect(stepOf(view, 'land-use-planning-permit').status).toBe('in-review');
    await recordHistory('land-listing-then-signing', handle);
  });

  it('补正: 90 days awaiting the applicant’s correction leave nothing overdue; the clocks resume where they stood', async () => {
    const id = caseId('CORRECTION');
    const handle = await cases.startCase(await cases.input(id, 'construction-permit'));
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    const before = await cases.state(id, (v) => v.status === 'in-review');
    await cases.apply(id, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'request-correction',
      corrections: ['construction-contract'],
    });
    await cases.env.sleep('90 days');
    let view = await cases.state(id);
    expect(view).toMatchObject({ overdue: false, warningLevel: 'none', legalOverdue: false });
    expect(stepOf(view, 'construction-permit')).toMatchObject({
      status: 'awaiting-correction',
      clock: expect.objectContaining({ overdue: false, suspended: true }),
    });
    // and 电子监察, summing the read model the real activities wrote, charges the housing bureau nothing for the
    // applicant's 90 days: the step is counted, not overdue, no card, and not in the open warnings
    const startedAt = stepOf(view, 'construction-permit').startedAt!;
    const query = {
      filter: { matter: 'construction-permit', from: startedAt, to: new Date(Date.parse(startedAt) + 1).toISOString() },
      now: await cases.now(),
      finishedStatuses: FINISHED_STEP_STATUSES,
      openStatuses: OPEN_STEP_STATUSES,
    };
    const { groups } = await supervisionStepSums(cases.dataSource, query, 480);
    expect(groups).toHaveLength(1);
    expect(groups[0].sums).toMatchObject({ received: 1, finished: 0, overdue: 0, legalOverdue: 0, yellowCards: 0 });
    expect(await listWarnedOpenSteps(cases.dataSource, query)).toEqual([]);
    await cases.apply(id, 'documents-supplemented', {
      actor: windowActor,
      documents: [{ materialCode: 'construction-contract', stepId: 'construction-permit' }],
    });
    view = await cases.state(id, (v) => stepOf(v, 'construction-permit').status === 'in-review');
    const clock = stepOf(view, 'construction-permit').clock!;
    expect(clock.suspendedDays).toBeGreaterThan(55);
    expect(Date.parse(clock.deadline)).toBeGreaterThan(
      Date.parse(stepOf(before, 'construction-permit').clock!.deadline),
    );
    expect(view).toMatchObject({ overdue: false, warningLevel: 'none' });
    await recordHistory('correction-90-days', handle);
  });

  it('告知承诺: the decided case stays open for its check; a commitment found false revokes the decision', async () => {
    const id = caseId('REVOKE');
    const handle = await cases.startCase(await cases.input(id, 'construction-permit', ['supervision-contract']));
    await cases.apply(id, 'acceptance-decided', {
      actor: windowActor,
      decision: 'accept-with-commitment',
      commitments: [{ materialCode: 'supervision-contract', text: '承诺已委托监理' }],
    });
    await cases.apply(id, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    await cases.apply(id, 'licence-issued', {
      actor: windowActor,
      licences: [{ stepId: 'construction-permit', number: `310115-${id}` }],
    });
    await cases.env.sleep('5 days');
    const completed = await cases.state(id);
    expect(completed).toMatchObject({
      status: 'completed',
      postDecisionCheck: expect.objectContaining({ open: true }),
    });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await cases.apply(id, 'commitment-verified', {
      actor: dept('housing'),
      materialCode: 'supervision-contract',
      result: 'false',
      note: '核查发现未签订监理合同',
    });
    const final: CaseView = await handle.result();
    expect(final).toMatchObject({ status: 'revoked', postDecisionCheck: expect.objectContaining({ open: false }) });
    await recordHistory('commitment-revoked', handle);
  });

  it('听证 (Arts. 47-48): requested, told 7 days ahead, held; its time excluded from the step; then decided', async () => {
    const id = caseId('HEARING');
    const handle = await cases.startCase(await cases.input(id, 'construction-permit'));
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    await cases.apply(id, 'hearing-notified', { actor: dept('housing'), stepId: 'construction-permit' });
    await cases.apply(id, 'hearing-requested', {
      actor: windowActor,
      stepId: 'construction-permit',
      requestedBy: '利害关系人 张某',
    });
    // Twelve days ahead is at least 7 working days whatever the weekday today.
    const scheduledFor = new Date(Date.parse(await cases.now()) + 12 * 86_400_000).toISOString();
    const early = await cases.send(id, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    expect(early).toMatchObject({ ok: false, rejection: { code: 'hearing-pending' } });
    await cases.apply(id, 'hearing-scheduled', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      scheduledFor,
      place: '政务服务中心听证室',
    });
    await cases.env.sleep('13 days');
    await cases.apply(id, 'hearing-held', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      record: '听证笔录：利害关系人陈述采光影响意见',
    });
    const view = await cases.state(id, (v) => stepOf(v, 'construction-permit').hearing?.heldAt !== undefined);
    expect(stepOf(view, 'construction-permit').clock!.suspendedDays).toBeGreaterThanOrEqual(8);
    expect(view).toMatchObject({ overdue: false });
    await cases.apply(id, 'department-opinion', {
      actor: dept('housing'),
      stepId: 'construction-permit',
      opinion: 'agree',
    });
    await cases.apply(id, 'licence-issued', { actor: windowActor });
    expect(((await handle.result()) as CaseView).status).toBe('completed');
    await recordHistory('hearing', handle);
  });

  it('refusalEndsCase false: one department refuses, the case still decides on the others (partial approval)', async () => {
    const catalog = defaultCatalog();
    catalog.version = `wf-partial-${Date.now()}`;
    catalog.templates.find((template) => template.id === 'land-and-start')!.refusalEndsCase = false;
    await publishCatalog(cases.dataSource, catalog, { activate: false, by: 'test' });
    const id = caseId('PARTIAL');
    const handle = await cases.startCase(
      await cases.input(id, 'land-and-start', [], catalog, {
        catalogVersion: catalog.version,
        landContractSigned: true,
      }),
    );
    await cases.apply(id, 'acceptance-decided', { actor: windowActor, decision: 'accept' });
    await cases.apply(id, 'department-opinion', {
      actor: dept('ecology'),
      stepId: 'eia-approval',
      opinion: 'disagree',
      reasons: '选址位于饮用水源保护区',
    });
    for (const [department, stepId] of [
      ['natural-resources', 'design-scheme-review'],
      ['housing', 'drawing-review'],
      ['fire', 'fire-design-review'],
      ['civil-air-defence', 'air-defence-approval'],
      ['natural-resources', 'land-use-planning-permit'],
      ['natural-resources', 'works-planning-permit'],
    ] as const) {
      await cases.apply(id, 'department-opinion', { actor: dept(department), stepId, opinion: 'agree' });
    }
    const decided = await cases.state(id, (v) => v.status === 'awaiting-issuance');
    expect(decided.refusedSteps).toEqual(['eia-approval']);
    expect(stepOf(decided, 'construction-permit')).toMatchObject({ status: 'skipped', skippedBecause: 'eia-approval' });
    await cases.apply(id, 'licence-issued', {
      actor: windowActor,
      licences: [{ stepId: 'works-planning-permit', number: `建字第${id}号` }],
    });
    expect(((await handle.result()) as CaseView).status).toBe('completed');
    await recordHistory('partial-approval', handle);
  });
});
