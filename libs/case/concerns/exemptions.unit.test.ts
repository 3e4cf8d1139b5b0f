import { caseView } from '../view';
import { agree, calendar, context, dept, local, submitted, window } from '../testing/scenario';

/** A case (rules `rulesVersion`) whose project declares these figures, accepted Monday 2026-03-02 10:00. */
function acceptedWith(
  templateId: string,
  figures: { investmentTenThousandYuan?: number; floorAreaSquareMetres?: number },
  rulesVersion: 3 | 4 = 4,
) {
  const scenario = submitted([], context(templateId), { rulesVersion });
  scenario.state = { ...scenario.state, project: { ...scenario.state.project, ...figures } };
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}

const BASIS = '《建筑工程施工许可管理办法》（住房和城乡建设部令第18号，2021年修正）第二条第二款';

describe('审批豁免清单 (rules 2026-12c)', () => {
  it('closes an exempt step at acceptance with its basis; the case needs nothing more and completes', () => {
    const scenario = acceptedWith('construction-permit', { investmentTenThousandYuan: 25, floorAreaSquareMetres: 800 });
    const step = scenario.step('construction-permit');
    expect(step).toMatchObject({ status: 'exempt', finishedAt: local('2026-03-02 10:00'), exempt: { basis: BASIS } });
    expect(step.startedAt).toBeUndefined();
    const exempted = scenario.events.find((event) => event.type === 'StepExempted');
    expect(exempted).toMatchObject({ figures: { investmentTenThousandYuan: 25 } });
    expect(scenario.state.status).toBe('completed');
    expect(scenario.state.licences).toEqual([]);
    const view = caseView(scenario.state, local('2026-03-02 10:00'), calendar);
    expect(view.steps[0]).toMatchObject({ status: 'exempt', exempt: { basis: BASIS } });
  });

  it('the limit itself is exempt (以下 includes it); above both limits the step is reviewed', () => {
    expect(acceptedWith('construction-permit', { floorAreaSquareMetres: 300 }).step('construction-permit').status).toBe(
      'exempt',
    );
    const reviewed = acceptedWith('construction-permit', {
      investmentTenThousandYuan: 30.01,
      floorAreaSquareMetres: 300.5,
    });
    expect(reviewed.step('construction-permit').status).toBe('in-review');
    // Figures not declared: nothing is exempt.
    expect(acceptedWith('construction-permit', {}).step('construction-permit').status).toBe('in-review');
  });

  it('in a joint case the steps after an exempt one start as after an approval', () => {
    const scenario = acceptedWith('land-and-start', { investmentTenThousandYuan: 20 });
    scenario.when(local('2026-03-02 11:00'), window, { type: 'SignLandContract', contractNumber: 'X' });
    for (const stepId of [
      'design-scheme-review',
      'eia-approval',
      'drawing-review',
      'fire-design-review',
      'air-defence-approval',
      'land-use-planning-permit',
      'works-planning-permit',
    ]) {
      scenario.when(local('2026-03-03 10:00'), dept(scenario.step(stepId).department), agree(stepId));
    }
    expect(scenario.step('construction-permit').status).toBe('exempt');
    expect(scenario.step('utility-connection').status).toBe('in-review');
    expect(scenario.state.status).toBe('awaiting-issuance');
    // No licence for an exempt step.
    scenario.rejects(
      local('2026-03-03 11:00'),
      window,
      { type: 'IssueLicence', licences: [{ stepId: 'construction-permit', number: 'N1' }] },
      'licence-for-refused-step',
    );
  });

  it('rules 2026-12b keep every step: an exemption is 2026-12c’s', () => {
    const scenario = acceptedWith('construction-permit', { investmentTenThousandYuan: 10 }, 3);
    expect(scenario.step('construction-permit').status).toBe('in-review');
  });

  it('partial approval: refused steps beside exempt ones refuse the case (an exemption is no approval)', () => {
    // 水电气 connection with partial approval, water exempting small buildings (a made-up entry, for the rule)
    const ctx = context('utility-connection-application', (catalog) => {
      catalog.templates.find((template) => template.id === 'utility-connection-application')!.refusalEndsCase = false;
      catalog.matters.find((matter) => matter.code === 'water-connection')!.exemption = {
        basis: '示例依据',
        condition: '建筑面积1000平方米以下',
        anyOf: [{ figure: 'floorAreaSquareMetres', atMost: 1000 }],
      };
    });
    const scenario = submitted([], ctx, { rulesVersion: 4 });
    scenario.state = { ...scenario.state, project: { ...scenario.state.project, floorAreaSquareMetres: 500 } };
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    expect(scenario.step('water').status).toBe('exempt');
    for (const stepId of ['power', 'gas']) {
      scenario.when(local('2026-03-03 10:00'), dept(scenario.step(stepId).department), {
        type: 'RecordOpinion',
        stepId,
        opinion: 'disagree',
        reasons: '不具备接入条件',
      });
    }
    expect(scenario.state.status).toBe('refused');
  });
});
