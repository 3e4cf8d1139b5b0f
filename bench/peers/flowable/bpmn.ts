import { DEFAULT_LIMITS, findTemplate, mattersOfTemplate, readySteps } from '@onewindow/catalog';
import type { CatalogSnapshot, MatterSpec, TemplateSpec, TimeLimit } from '@onewindow/catalog';
import { commandBody, departmentOf, type BenchCommand } from '../../land-and-start';

/**
 * A catalogue template as a BPMN 2.0 process for the Flowable peer: the same steps with the same dependencies
 * (parallel gateways fork and join them), one user task per step done by its department (candidate group), a
 * non-interrupting timer boundary event per task for its deadline, and the window's tasks around them
 * (acceptance, the land contract, issuance). A step the catalogue marks immediate (即办件) is a service task, done
 * on the spot as OneWindow's decider does it. Issuance ends the process with a terminate end event, which stops
 * the optional steps still open, as OneWindow's `issue` does.
 *
 * Timer durations are the catalogue's limits read as calendar time (N working days → PnD): the peer keeps one timer
 * job per open task, as a BPMN engine would, but does not count working days (OneWindow's calendar does).
 */

export const ACCEPTANCE_TASK = 'acceptance';
export const LAND_CONTRACT_TASK = 'land-contract';
export const ISSUANCE_TASK = 'licence-issuance';
/** The window's candidate group (the role that accepts, records the land contract and issues). */
export const WINDOW_GROUP = 'window';

export interface PeerProcess {
  processKey: string;
  xml: string;
}

/** A node of the process graph before gateways are added: what must be done before it, and its BPMN element. */
interface Node {
  id: string;
  after: string[];
  element: string;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** ISO-8601 duration of a catalogue limit, read as calendar time. */
export function isoDuration(limit: TimeLimit): string {
  switch (limit.unit) {
    case 'working-days':
    case 'calendar-days':
      return `P${limit.value}D`;
    case 'working-hours':
      return `PT${limit.value}H`;
    case 'working-minutes':
      return `PT${limit.value}M`;
  }
}

/** A non-interrupting timer on `taskId` that marks it overdue (a variable) when its deadline passes. */
function deadlineTimer(taskId: string, limit: TimeLimit): string {
  return [
    `<boundaryEvent id="deadline-${taskId}" attachedToRef="${taskId}" cancelActivity="false">`,
    `<timerEventDefinition><timeDuration>${isoDuration(limit)}</timeDuration></timerEventDefinition></boundaryEvent>`,
    `<sequenceFlow id="to-overdue-${taskId}" sourceRef="deadline-${taskId}" targetRef="overdue-${taskId}"/>`,
    `<serviceTask id="overdue-${taskId}" name="逾期" flowable:expression="\${execution.setVariable('overdue_${taskId}', true)}"/>`,
    `<sequenceFlow id="to-overdue-end-${taskId}" sourceRef="overdue-${taskId}" targetRef="overdue-end-${taskId}"/>`,
    `<endEvent id="overdue-end-${taskId}"/>`,
  ].join('\n');
}

function userTask(id: string, name: string, groups: string[], limit: TimeLimit | undefined): string {
  const task = `<userTask id="${id}" name="${escape(name)}" flowable:candidateGroups="${groups.join(',')}"/>`;
  return limit ? `${task}\n${deadlineTimer(id, limit)}` : task;
}

/** The step's promised limit: the template's own target, else its matter's (OneWindow's `limitOf`, normal handling). */
function stepLimit(template: TemplateSpec, stepId: string, matter: MatterSpec): TimeLimit {
  return template.steps.find((step) => step.id === stepId)?.promisedLimit ?? matter.promisedLimit;
}

export function bpmnOfTemplate(catalog: CatalogSnapshot, templateId: string): PeerProcess {
  const template = findTemplate(catalog, templateId);
  if (!template) throw new Error(`no template ${templateId} in catalogue ${catalog.version}`);
  const matters = mattersOfTemplate(catalog, templateId);
  const processKey = `onewindow-${templateId}`;
  const steps = new Map(template.steps.map((step) => [step.id, step]));
  const requiredSinks = template.steps.filter(
    (step) => step.required && !template.steps.some((other) => other.required && other.dependsOn.includes(step.id)),
  );
  const nodes: Node[] = [
    { id: 'received', after: [], element: '<startEvent id="received"/>' },
    {
      id: ACCEPTANCE_TASK,
      after: ['received'],
      element: userTask(ACCEPTANCE_TASK, '受理', [WINDOW_GROUP], DEFAULT_LIMITS.oneTimeNotice),
    },
  ];
  if (template.requiresLandContract) {
    nodes.push({
      id: LAND_CONTRACT_TASK,
      after: [ACCEPTANCE_TASK],
      element: userTask(LAND_CONTRACT_TASK, '签订土地出让合同', [WINDOW_GROUP], undefined),
    });
  }
  // The joint limit counts from formal acceptance (the land contract) or from acceptance: a timer on its own branch.
  const caseClockFrom = template.requiresLandContract ? LAND_CONTRACT_TASK : ACCEPTANCE_TASK;
  nodes.push(
    {
      id: 'case-deadline',
      after: [caseClockFrom],
      element: `<intermediateCatchEvent id="case-deadline" name="办结时限"><timerEventDefinition><timeDuration>${isoDuration(template.caseLimit)}</timeDuration></timerEventDefinition></intermediateCatchEvent>`,
    },
    {
      id: 'case-overdue',
      after: ['case-deadline'],
      element: `<serviceTask id="case-overdue" name="办件逾期" flowable:expression="\${execution.setVariable('overdue_case', true)}"/>`,
    },
    { id: 'case-overdue-end', after: ['case-overdue'], element: '<endEvent id="case-overdue-end"/>' },
  );
  for (const step of template.steps) {
    const matter = matters[step.matterCode];
    if (!matter) throw new Error(`step ${step.id}: matter ${step.matterCode} is not in the catalogue`);
    // Before the land contract only pre-review steps may start (catalog/graph.ts readySteps): a formal step none of
    // whose dependencies is formal waits for the contract itself.
    const waitsForContract =
      template.requiresLandContract &&
      step.phase === 'formal' &&
      !step.dependsOn.some((dependency) => steps.get(dependency)?.phase === 'formal');
    const after = [
      ...step.dependsOn,
      ...(step.dependsOn.length === 0 && !waitsForContract ? [ACCEPTANCE_TASK] : []),
      ...(waitsForContract ? [LAND_CONTRACT_TASK] : []),
    ];
    const element =
      matter.kind === 'immediate'
        ? `<serviceTask id="${step.id}" name="${escape(matter.name)}" flowable:expression="\${execution.setVariable('opinion_${step.id}', 'agree')}"/>`
        : userTask(step.id, matter.name, [matter.department], stepLimit(template, step.id, matter));
    nodes.push({ id: step.id, after, element });
    const dependents = template.steps.filter((other) => other.dependsOn.includes(step.id));
    if (!step.required && dependents.length === 0) {
      // An optional step nothing waits for ends on its own; issuance's terminate end event stops it if still open.
      nodes.push({
        id: `${step.id}-end`,
        after: [step.id],
        element: `<endEvent id="${step.id}-end"/>`,
      });
    }
  }
  nodes.push(
    {
      id: ISSUANCE_TASK,
      after: requiredSinks.map((step) => step.id),
      element: userTask(
        ISSUANCE_TASK,
        '出证',
        [...new Set([WINDOW_GROUP, template.issuance.department])],
        template.issuance.limit,
      ),
    },
    {
      id: 'issued',
      after: [ISSUANCE_TASK],
      element: '<endEvent id="issued"><terminateEventDefinition/></endEvent>',
    },
  );
  return { processKey, xml: processXml(processKey, template.name, nodes) };
}

/** The nodes wired with sequence flows: a parallel join before a node with several predecessors, a fork after one with several successors. */
function processXml(processKey: string, name: string, nodes: Node[]): string {
  const ids = new Set(nodes.map((node) => node.id));
  for (const node of nodes) {
    const unknown = node.after.filter((id) => !ids.has(id));
    if (unknown.length > 0) throw new Error(`${node.id} waits for unknown nodes ${unknown.join(', ')}`);
  }
  const successors = new Map(nodes.map((node) => [node.id, nodes.filter((other) => other.after.includes(node.id))]));
  const elements: string[] = [];
  const flows: string[] = [];
  const flow = (from: string, to: string) =>
    flows.push(`<sequenceFlow id="flow-${from}-${to}" sourceRef="${from}" targetRef="${to}"/>`);
  /** Where a predecessor's token leaves from: its fork gateway when it has several successors. */
  const exitOf = (id: string) => ((successors.get(id)?.length ?? 0) > 1 ? `fork-${id}` : id);
  for (const node of nodes) {
    const entry = node.after.length > 1 ? `join-${node.id}` : node.id;
    for (const id of node.after) flow(exitOf(id), entry);
    if (entry !== node.id) {
      flow(entry, node.id);
      elements.push(`<parallelGateway id="${entry}"/>`);
    }
    elements.push(node.element);
    if ((successors.get(node.id)?.length ?? 0) > 1) {
      flow(node.id, `fork-${node.id}`);
      elements.push(`<parallelGateway id="fork-${node.id}"/>`);
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"',
    '  targetNamespace="https://onewindow.example/bench">',
    `<process id="${processKey}" name="${escape(name)}" isExecutable="true">`,
    ...elements,
    ...flows,
    '</process>',
    '</definitions>',
    '',
  ].join('\n');
}

/** The Flowable task a bench command completes. */
export function taskKeyOf(command: BenchCommand): string {
  switch (command.message) {
    case 'acceptance-decided':
      return ACCEPTANCE_TASK;
    case 'department-opinion':
      if (!command.stepId) throw new Error('a department opinion names its step');
      return command.stepId;
    case 'land-contract-signed':
      return LAND_CONTRACT_TASK;
    case 'licence-issued':
      return ISSUANCE_TASK;
  }
}

/** The variables a command's task is completed with: the command's payload, one process variable per field. */
function variablesOf(command: BenchCommand): Record<string, string> {
  const body = commandBody(command, 'FLOWABLE-{index}');
  switch (command.message) {
    case 'department-opinion':
      return { [`opinion_${command.stepId}`]: String(body.opinion) };
    case 'acceptance-decided':
    case 'land-contract-signed':
    case 'licence-issued':
      return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, String(value)]));
  }
}

/**
 * The driver's plan file (Driver.readPlan): the start variables, then one line per command, tab-separated: task
 * key, candidate group, name=value variables. `{index}` is the case's number.
 */
export function planFile(start: Record<string, string>, commands: readonly BenchCommand[]): string {
  const line = (fields: string[]) => {
    for (const field of fields)
      if (/[\t\n]/.test(field)) throw new Error(`a plan field holds a tab or newline: ${field}`);
    return fields.join('\t');
  };
  const pairs = (variables: Record<string, string>) =>
    Object.entries(variables).map(([name, value]) => `${name}=${value}`);
  return [
    line(['@start', '-', ...pairs(start)]),
    ...commands.map((command) =>
      line([taskKeyOf(command), departmentOf(command.role) ?? WINDOW_GROUP, ...pairs(variablesOf(command))]),
    ),
    '',
  ].join('\n');
}

/**
 * The tasks open after the start and after each command, in the order OneWindow's decider starts the same steps
 * (catalog/graph.ts `readySteps`; immediate steps done on the spot): what the peer's first case must show.
 */
export function expectedOpenTasks(
  catalog: CatalogSnapshot,
  templateId: string,
  commands: readonly BenchCommand[],
): string[][] {
  const template = findTemplate(catalog, templateId);
  if (!template) throw new Error(`no template ${templateId} in catalogue ${catalog.version}`);
  const matters = mattersOfTemplate(catalog, templateId);
  const immediate = new Set(
    template.steps.filter((step) => matters[step.matterCode]?.kind === 'immediate').map((step) => step.id),
  );
  const favourable = new Set<string>();
  const started = new Set<string>();
  let accepted = false;
  let contract = false;
  let issued = false;
  const startReady = () => {
    for (let ready = readySteps(template, favourable, started, contract); ready.length > 0;) {
      for (const stepId of ready) {
        started.add(stepId);
        if (immediate.has(stepId)) favourable.add(stepId);
      }
      ready = readySteps(template, favourable, started, contract);
    }
  };
  const open = () => {
    if (issued) return [];
    if (!accepted) return [ACCEPTANCE_TASK];
    const tasks = [...started].filter((stepId) => !favourable.has(stepId));
    if (template.requiresLandContract && !contract) tasks.push(LAND_CONTRACT_TASK);
    if (template.steps.every((step) => !step.required || favourable.has(step.id))) tasks.push(ISSUANCE_TASK);
    return tasks.sort();
  };
  const trace = [open()];
  for (const command of commands) {
    switch (command.message) {
      case 'acceptance-decided':
        accepted = true;
        break;
      case 'department-opinion':
        favourable.add(taskKeyOf(command));
        break;
      case 'land-contract-signed':
        contract = true;
        break;
      case 'licence-issued':
        issued = true;
        break;
    }
    startReady();
    trace.push(open());
  }
  return trace;
}
