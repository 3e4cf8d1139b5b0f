import { findTemplate, topologicalOrder } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { stepClockKey } from '../state';
import {
  allDocuments,
  applicant,
  calendar,
  context,
  dept,
  local,
  project,
  Scenario,
  types,
  window,
} from '../testing/scenario';

/**
 * Every template of the shipped catalogue, driven by the decider from receipt to issuance under the rules of
 * 2026-12: the departments agree in the order of the DAG, the issuing department issues.
 */
function drive(templateId: string, receivedAt = local('2026-03-02 09:00')): Scenario {
  const ctx = context(templateId);
  const scenario = new Scenario(ctx);
  scenario.when(receivedAt, window, {
    type: 'SubmitCase',
    caseId: `C-${templateId}`,
    templateId,
    applicant,
    project,
    documents: allDocuments(ctx),
    receivedAt,
    rulesVersion: 2,
  });
  const immediate = ctx.template.kind === 'immediate';
  scenario.when(receivedAt, window, {
    type: 'DecideAcceptance',
    decision: 'accept',
    ...(immediate ? { handling: 'immediate' as const } : {}),
  });
  if (ctx.template.requiresLandContract)
    scenario.when(receivedAt, window, { type: 'SignLandContract', contractNumber: '沪规土出让〔2026〕12号' });
  for (const stepId of topologicalOrder(ctx.template)!) {
    const step = scenario.step(stepId);
    if (step.status !== 'in-review') continue;
    const department = ctx.matters[step.matterCode].department;
    scenario.when(receivedAt, dept(department), { type: 'RecordOpinion', stepId, opinion: 'agree' });
  }
  if (scenario.state.status === 'awaiting-issuance')
    scenario.when(receivedAt, dept(ctx.template.issuance.department), {
      type: 'IssueLicence',
      licences: [{ stepId: ctx.template.steps[0].id, number: `${templateId}-0001` }],
    });
  return scenario;
}

describe('every shipped template runs to completion (rules 2)', () => {
  it.each(defaultCatalog().templates.map((template) => template.id))('%s', (templateId) => {
    const scenario = drive(templateId);
    expect(scenario.state.status).toBe('completed');
    expect(Object.values(scenario.state.steps).filter((step) => step.status === 'in-review')).toEqual([]);
  });
});

describe('the templates beyond land-and-start', () => {
  it('企业投资项目备案 (即办件): accepted and finished on the spot, without anyone else acting', () => {
    const ctx = context('investment-filing');
    const scenario = new Scenario(ctx);
    const at = local('2026-03-02 10:00');
    scenario.when(at, window, {
      type: 'SubmitCase',
      caseId: 'C-filing',
      templateId: 'investment-filing',
      applicant,
      project,
      documents: allDocuments(ctx),
      receivedAt: at,
      rulesVersion: 2,
    });
    const events = scenario.when(at, window, { type: 'DecideAcceptance', decision: 'accept', handling: 'immediate' });
    expect(types(events)).toEqual(
      expect.arrayContaining(['CaseAccepted', 'StepStarted', 'OpinionRecorded', 'LicenceIssued', 'CaseCompleted']),
    );
    expect(scenario.state.status).toBe('completed');
  });

  it('医保报销 (321608: 60 minutes): the step and the case count office minutes; 预警 with a quarter left', () => {
    const scenario = drive('medical-reimbursement', local('2026-03-02 11:30'));
    const step = scenario.clock(stepClockKey('reimbursement'));
    // 11:30–12:00 and 13:30–14:00: lunch is not the department's time.
    expect(step).toMatchObject({ unit: 'working-minutes', days: 60, deadline: local('2026-03-02 14:00') });
    expect(step.warningAt).toBe(local('2026-03-02 13:45'));
    const caseClock = scenario.clock('case');
    expect(caseClock.deadline).toBe(local('2026-03-02 14:00'));
    expect(caseClock.legal).toMatchObject({ days: 20, unit: 'working-days' });
  });

  it('企业开办 (321608: 3 working days, the county’s own 1): the licence in 4 working hours, the rest after it', () => {
    const ctx = context('business-setup');
    const scenario = new Scenario(ctx);
    const at = local('2026-03-02 15:00');
    scenario.when(at, window, {
      type: 'SubmitCase',
      caseId: 'C-setup',
      templateId: 'business-setup',
      applicant,
      project,
      documents: allDocuments(ctx),
      receivedAt: at,
      rulesVersion: 2,
    });
    scenario.when(at, window, { type: 'DecideAcceptance', decision: 'accept' });
    // 15:00–17:30 is 150 minutes; the other 90 the next morning.
    expect(scenario.clock(stepClockKey('business-licence')).deadline).toBe(local('2026-03-03 10:30'));
    expect(scenario.clock('case').deadline).toBe(calendar.deadline(at, 1).at);
    expect(scenario.clock('case').legal?.deadline).toBe(calendar.deadline(at, 3).at);
    expect(scenario.step('seal').status).toBe('waiting');
    scenario.when(local('2026-03-03 09:10'), dept('market-regulation'), {
      type: 'RecordOpinion',
      stepId: 'business-licence',
      opinion: 'agree',
    });
    // 公章、发票、社保、医保 start together when the licence is granted, each on 2 working hours.
    for (const stepId of ['seal', 'invoice', 'social-insurance', 'medical-insurance'])
      expect(scenario.clock(stepClockKey(stepId)).deadline).toBe(local('2026-03-03 11:10'));
  });

  it('竣工联合验收: five departments in parallel, the decision under the 联合验收专用章', () => {
    const scenario = drive('completion-acceptance');
    const issued = scenario.events.find((event) => event.type === 'LicenceIssued');
    expect(issued).toMatchObject({ seal: '联合验收专用章' });
    expect(scenario.state.seal).toBe('联合验收专用章');
    const template = findTemplate(defaultCatalog(), 'completion-acceptance')!;
    expect(template.steps.every((step) => step.dependsOn.length === 0)).toBe(true);
    expect(new Set(Object.values(context('completion-acceptance').matters).map((m) => m.department))).toEqual(
      new Set(['natural-resources', 'fire', 'civil-air-defence', 'archives', 'quality-supervision']),
    );
  });

  it('带方案出让: the works planning permit and the construction permit start together at the land contract', () => {
    const ctx = context('land-and-start-with-scheme');
    const scenario = new Scenario(ctx);
    const at = local('2026-03-02 09:00');
    scenario.when(at, window, {
      type: 'SubmitCase',
      caseId: 'C-scheme',
      templateId: ctx.template.id,
      applicant,
      project,
      documents: allDocuments(ctx),
      receivedAt: at,
      rulesVersion: 2,
    });
    scenario.when(at, window, { type: 'DecideAcceptance', decision: 'accept' });
    for (const [stepId, department] of [
      ['project-filing', 'ndrc'],
      ['eia-approval', 'ecology'],
      ['design-scheme-review', 'natural-resources'],
      ['drawing-review', 'housing'],
      ['fire-design-review', 'fire'],
      ['air-defence-approval', 'civil-air-defence'],
    ] as const) {
      if (scenario.step(stepId).status === 'in-review')
        scenario.when(at, dept(department), { type: 'RecordOpinion', stepId, opinion: 'agree' });
    }
    expect(scenario.step('works-planning-permit').status).toBe('waiting');
    scenario.when(local('2026-03-03 09:00'), window, { type: 'SignLandContract', contractNumber: 'C-2026-1' });
    expect(scenario.step('works-planning-permit').status).toBe('in-review');
    expect(scenario.step('construction-permit').status).toBe('in-review');
    expect(scenario.clock('case').legal?.days).toBe(45);
    expect(scenario.clock('case').days).toBe(15);
  });
});
