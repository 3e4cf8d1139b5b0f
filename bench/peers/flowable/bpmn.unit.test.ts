import { findTemplate, mattersOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { LAND_AND_START_COMMANDS } from '../../land-and-start';
import {
  ACCEPTANCE_TASK,
  bpmnOfTemplate,
  expectedOpenTasks,
  ISSUANCE_TASK,
  LAND_CONTRACT_TASK,
  planFile,
  taskKeyOf,
} from './bpmn';

const catalog = defaultCatalog();

/** Every id an element declares, and every sequence flow as [source, target]. */
function graph(xml: string) {
  const ids = [...xml.matchAll(/<(\w+) id="([^"]+)"/g)].map((match) => ({ element: match[1], id: match[2] }));
  const flows = [...xml.matchAll(/sourceRef="([^"]+)" targetRef="([^"]+)"/g)].map((match) => [match[1], match[2]]);
  return { ids, flows };
}

describe('the Flowable peer: a template as BPMN', () => {
  it('has one user task per non-immediate step, done by its department, with a deadline timer', () => {
    const { xml } = bpmnOfTemplate(catalog, 'land-and-start');
    const template = findTemplate(catalog, 'land-and-start')!;
    const matters = mattersOfTemplate(catalog, 'land-and-start');
    for (const step of template.steps) {
      const matter = matters[step.matterCode];
      if (matter.kind === 'immediate') {
        expect(xml).toContain(`<serviceTask id="${step.id}"`);
      } else {
        expect(xml).toContain(
          `<userTask id="${step.id}" name="${matter.name}" flowable:candidateGroups="${matter.department}"/>`,
        );
        expect(xml).toContain(
          `<boundaryEvent id="deadline-${step.id}" attachedToRef="${step.id}" cancelActivity="false">`,
        );
      }
    }
    for (const task of [ACCEPTANCE_TASK, LAND_CONTRACT_TASK, ISSUANCE_TASK])
      expect(xml).toContain(`<userTask id="${task}"`);
    expect(xml).toContain('<terminateEventDefinition/>');
  });

  it.each(['land-and-start', 'construction-permit', 'business-setup', 'completion-acceptance'])(
    '%s: every flow joins declared elements, and a node with several inputs waits at a parallel join',
    (templateId) => {
      const { xml } = bpmnOfTemplate(catalog, templateId);
      const { ids, flows } = graph(xml);
      const declared = new Set(ids.map((entry) => entry.id));
      expect(declared.size).toBe(ids.length);
      for (const [source, target] of flows) {
        expect(declared).toContain(source);
        expect(declared).toContain(target);
      }
      const element = new Map(ids.map((entry) => [entry.id, entry.element]));
      const into = (id: string) => flows.filter(([, target]) => target === id).length;
      const outOf = (id: string) => flows.filter(([source]) => source === id).length;
      for (const { id, element: kind } of ids) {
        if (kind === 'sequenceFlow' || kind === 'process' || kind === 'boundaryEvent') continue;
        if (kind !== 'parallelGateway') expect([id, into(id) <= 1]).toEqual([id, true]);
        if (kind !== 'parallelGateway') expect([id, outOf(id) <= 1]).toEqual([id, true]);
        if (kind === 'startEvent') expect(into(id)).toBe(0);
        else expect([id, into(id) > 0]).toEqual([id, true]);
      }
      expect(element.get(LAND_CONTRACT_TASK) !== undefined).toBe(
        findTemplate(catalog, templateId)!.requiresLandContract,
      );
    },
  );

  it('opens the tasks in the order OneWindow starts the steps (formal steps only after the land contract)', () => {
    expect(expectedOpenTasks(catalog, 'land-and-start', LAND_AND_START_COMMANDS)).toEqual([
      ['acceptance'],
      ['design-scheme-review', 'eia-approval', 'land-contract'],
      ['air-defence-approval', 'drawing-review', 'eia-approval', 'fire-design-review', 'land-contract'],
      ['air-defence-approval', 'drawing-review', 'fire-design-review', 'land-contract'],
      ['air-defence-approval', 'fire-design-review', 'land-contract'],
      ['air-defence-approval', 'land-contract'],
      ['land-contract'],
      ['land-use-planning-permit'],
      ['pile-foundation-permit', 'works-planning-permit'],
      ['construction-permit', 'pile-foundation-permit', 'utility-connection'],
      ['licence-issuance', 'pile-foundation-permit', 'utility-connection'],
      [],
    ]);
  });

  it('writes one plan line per command: task key, candidate group, the payload as variables', () => {
    const lines = planFile({ applicantName: '基准测试公司' }, LAND_AND_START_COMMANDS).trim().split('\n');
    expect(lines[0]).toBe('@start\t-\tapplicantName=基准测试公司');
    expect(lines.slice(1).map((line) => line.split('\t')[0])).toEqual(LAND_AND_START_COMMANDS.map(taskKeyOf));
    expect(lines).toContain('drawing-review\thousing\topinion_drawing-review=agree');
    expect(lines).toContain('land-contract\twindow\tcontractNumber=FLOWABLE-{index}');
    expect(lines.at(-1)).toBe('licence-issuance\twindow');
  });
});
