import { topologicalOrder } from './graph';
import { DEFAULT_OFFICE_MINUTES_PER_DAY, limitWithin } from './limits';
import type { CatalogSnapshot, MatterSpec, TemplateSpec, TimeLimit } from './types';

/** Every rule of `validateCatalog`, as a problem's `rule` names it. */
export const CATALOG_RULES = [
  'duplicate-department',
  'duplicate-matter',
  'duplicate-template',
  'duplicate-step',
  'duplicate-material',
  'unknown-department',
  'unknown-matter',
  'unknown-dependency',
  'unknown-material',
  'unknown-stage',
  'cycle',
  'pre-review-depends-on-formal',
  'promised-exceeds-legal',
  'target-exceeds-limit',
  'non-positive-limit',
  'tolerable-key-material',
  'no-key-material',
  'no-steps',
  'no-required-step',
  'working-days-only',
  'produced-twice',
  'produced-unused',
  'used-before-produced',
  'duplicate-fee',
  'free-without-basis',
] as const;

export type CatalogRule = (typeof CATALOG_RULES)[number];

export interface CatalogProblem {
  /** Where: `matters[construction-permit].promisedLimit`, `templates[land-and-start].steps[x]` … */
  path: string;
  rule: CatalogRule;
  message: string;
}

export interface CatalogValidationOptions {
  /** Working minutes in an office day, to compare sub-day limits with day limits (default 420: 9–12, 13:30–17:30). */
  officeMinutesPerDay?: number;
}

const describe = (limit: TimeLimit): string => `${limit.value} ${limit.unit}`;

class Problems {
  readonly list: CatalogProblem[] = [];
  constructor(readonly officeMinutesPerDay: number) {}

  add(path: string, rule: CatalogRule, message: string): void {
    this.list.push({ path, rule, message });
  }

  positive(path: string, limit: TimeLimit | undefined): void {
    if (limit && (!Number.isInteger(limit.value) || limit.value <= 0))
      this.add(path, 'non-positive-limit', `a limit must be a positive whole number of ${limit.unit}`);
  }

  within(path: string, limit: TimeLimit, bound: TimeLimit, rule: CatalogRule, what: string): void {
    if (!limitWithin(limit, bound, this.officeMinutesPerDay))
      this.add(path, rule, `${describe(limit)} may exceed ${what} ${describe(bound)}`);
  }

  unique(path: (key: string) => string, keys: readonly string[], rule: CatalogRule, what: string): void {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) this.add(path(key), rule, `${what} ${key} is listed twice`);
      seen.add(key);
    }
  }

  department(path: string, code: string, departments: ReadonlySet<string>): void {
    if (!departments.has(code)) this.add(path, 'unknown-department', `department ${code} is not in the catalogue`);
  }
}

function checkMatter(matter: MatterSpec, departments: ReadonlySet<string>, problems: Problems): void {
  const at = `matters[${matter.code}]`;
  problems.department(`${at}.department`, matter.department, departments);
  for (const field of ['legalLimit', 'promisedLimit', 'extensionLimit', 'issuanceLimit', 'referralLimit'] as const)
    problems.positive(`${at}.${field}`, matter[field]);
  problems.positive(`${at}.postDecisionCheckLimit`, matter.postDecisionCheckLimit);
  problems.within(
    `${at}.promisedLimit`,
    matter.promisedLimit,
    matter.legalLimit,
    'promised-exceeds-legal',
    'the legal limit',
  );
  problems.unique(
    (code) => `${at}.materials[${code}]`,
    matter.materials.map((material) => material.code),
    'duplicate-material',
    'material',
  );
  for (const material of matter.materials) {
    if (material.importance === 'key' && material.tolerable)
      problems.add(
        `${at}.materials[${material.code}]`,
        'tolerable-key-material',
        '容缺受理 allows only secondary materials to be missing; a key material cannot be on the 容缺 list',
      );
  }
  if (!matter.materials.some((material) => material.importance === 'key'))
    problems.add(`${at}.materials`, 'no-key-material', 'a matter needs at least one key material');
  if (matter.guide) {
    problems.unique(
      (code) => `${at}.guide.fees[${code}]`,
      matter.guide.fees.map((fee) => fee.code),
      'duplicate-fee',
      'fee item',
    );
    if (matter.guide.fees.length === 0 && matter.guide.freeBasis === undefined)
      problems.add(
        `${at}.guide.freeBasis`,
        'free-without-basis',
        'a matter published free of charge says why (e.g. 《行政许可法》第五十八条)',
      );
  }
}

function checkSteps(template: TemplateSpec, matters: ReadonlyMap<string, MatterSpec>, problems: Problems): void {
  const at = `templates[${template.id}]`;
  const steps = new Map(template.steps.map((step) => [step.id, step]));
  for (const step of template.steps) {
    const path = `${at}.steps[${step.id}]`;
    const matter = matters.get(step.matterCode);
    if (!matter)
      problems.add(`${path}.matterCode`, 'unknown-matter', `matter ${step.matterCode} is not in the catalogue`);
    if (step.promisedLimit) {
      problems.positive(`${path}.promisedLimit`, step.promisedLimit);
      if (matter)
        problems.within(
          `${path}.promisedLimit`,
          step.promisedLimit,
          matter.legalLimit,
          'promised-exceeds-legal',
          `the legal limit of ${matter.code}`,
        );
    }
    for (const dependency of step.dependsOn) {
      const target = steps.get(dependency);
      if (!target) {
        problems.add(`${path}.dependsOn`, 'unknown-dependency', `step ${dependency} is not in the template`);
      } else if (template.requiresLandContract && step.phase === 'pre-review' && target.phase === 'formal') {
        problems.add(
          `${path}.dependsOn`,
          'pre-review-depends-on-formal',
          `pre-review step ${step.id} cannot wait for formal step ${dependency}: pre-review runs before the land contract`,
        );
      }
    }
  }
  checkProducedMaterials(template, matters, problems);
  problems.unique(
    (id) => `${at}.steps[${id}]`,
    template.steps.map((step) => step.id),
    'duplicate-step',
    'step',
  );
  if (template.steps.length === 0) problems.add(`${at}.steps`, 'no-steps', 'a template needs at least one step');
  else if (!template.steps.some((step) => step.required))
    problems.add(`${at}.steps`, 'no-required-step', 'a template needs at least one required step');
  if (topologicalOrder(template) === undefined)
    problems.add(`${at}.steps`, 'cycle', 'the steps depend on each other in a cycle');
}

/** The steps a step waits for, directly or not. */
function upstreamOf(template: TemplateSpec, stepId: string): Set<string> {
  const byId = new Map(template.steps.map((step) => [step.id, step]));
  const found = new Set<string>();
  const visit = (id: string) => {
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      if (!found.has(dependency)) {
        found.add(dependency);
        visit(dependency);
      }
    }
  };
  visit(stepId);
  return found;
}

/**
 * A produced material (企业开办: the business licence) is produced by one step, used by a later step, and every step
 * that uses it waits for its producer: otherwise it would be missing when that step starts.
 */
function checkProducedMaterials(
  template: TemplateSpec,
  matters: ReadonlyMap<string, MatterSpec>,
  problems: Problems,
): void {
  const at = `templates[${template.id}]`;
  const producer = new Map<string, string>();
  for (const step of template.steps) {
    for (const code of step.produces ?? []) {
      if (producer.has(code))
        problems.add(
          `${at}.steps[${step.id}].produces`,
          'produced-twice',
          `${code} is produced by ${producer.get(code)} too`,
        );
      else producer.set(code, step.id);
    }
  }
  for (const [code, producerId] of producer) {
    const users = template.steps.filter((step) =>
      matters.get(step.matterCode)?.materials.some((material) => material.code === code),
    );
    if (users.length === 0) {
      problems.add(`${at}.steps[${producerId}].produces`, 'produced-unused', `no step of the template uses ${code}`);
    }
    for (const user of users.filter(
      (step) => step.id !== producerId && !upstreamOf(template, step.id).has(producerId),
    )) {
      problems.add(
        `${at}.steps[${user.id}].dependsOn`,
        'used-before-produced',
        `step ${user.id} uses ${code}, which step ${producerId} produces: it must wait for ${producerId}`,
      );
    }
  }
}

function checkTemplate(
  template: TemplateSpec,
  matters: ReadonlyMap<string, MatterSpec>,
  departments: ReadonlySet<string>,
  problems: Problems,
): void {
  const at = `templates[${template.id}]`;
  problems.department(`${at}.leadDepartment`, template.leadDepartment, departments);
  problems.department(`${at}.issuance.department`, template.issuance.department, departments);
  problems.positive(`${at}.caseLimit`, template.caseLimit);
  problems.positive(`${at}.caseExtensionLimit`, template.caseExtensionLimit);
  problems.positive(`${at}.issuance.limit`, template.issuance.limit);
  if (template.caseTarget) {
    problems.positive(`${at}.caseTarget`, template.caseTarget);
    problems.within(
      `${at}.caseTarget`,
      template.caseTarget,
      template.caseLimit,
      'target-exceeds-limit',
      'the case limit',
    );
  }
  for (const stage of template.mergedStages ?? []) {
    if (!template.stages.includes(stage))
      problems.add(`${at}.mergedStages`, 'unknown-stage', `stage ${stage} is not one of the template's stages`);
  }
  checkSteps(template, matters, problems);
  if (template.requiresLandContract && template.landContractMaterial !== undefined) {
    const asked = template.steps.some((step) =>
      matters.get(step.matterCode)?.materials.some((material) => material.code === template.landContractMaterial),
    );
    if (!asked)
      problems.add(
        `${at}.landContractMaterial`,
        'unknown-material',
        `no matter of the template asks for material ${template.landContractMaterial}`,
      );
  }
}

/** Every problem of a catalogue snapshot; an empty list means it may be published. */
export function validateCatalog(snapshot: CatalogSnapshot, options: CatalogValidationOptions = {}): CatalogProblem[] {
  const problems = new Problems(options.officeMinutesPerDay ?? DEFAULT_OFFICE_MINUTES_PER_DAY);
  const departments = new Set(snapshot.departments.map((department) => department.code));
  problems.unique(
    (code) => `departments[${code}]`,
    snapshot.departments.map((department) => department.code),
    'duplicate-department',
    'department',
  );
  problems.unique(
    (code) => `matters[${code}]`,
    snapshot.matters.map((matter) => matter.code),
    'duplicate-matter',
    'matter',
  );
  problems.unique(
    (id) => `templates[${id}]`,
    snapshot.templates.map((template) => template.id),
    'duplicate-template',
    'template',
  );
  const matters = new Map(snapshot.matters.map((matter) => [matter.code, matter]));
  for (const matter of snapshot.matters) checkMatter(matter, departments, problems);
  const asked = new Set(snapshot.matters.flatMap((matter) => matter.materials.map((material) => material.code)));
  for (const matter of snapshot.matters) {
    if (matter.certifies !== undefined && !asked.has(matter.certifies))
      problems.add(
        `matters[${matter.code}].certifies`,
        'unknown-material',
        `no matter asks for material ${matter.certifies}, which this matter's licence would stand for`,
      );
  }
  for (const template of snapshot.templates) checkTemplate(template, matters, departments, problems);
  if (snapshot.wholeProcess) {
    problems.positive('wholeProcess.limit', snapshot.wholeProcess.limit);
    if (snapshot.wholeProcess.limit.unit !== 'working-days')
      problems.add('wholeProcess.limit.unit', 'working-days-only', 'the whole-process target counts working days');
  }
  return problems.list;
}
