import type { CatalogSnapshot, MatterSpec, TemplateSpec, TimeLimit } from './types';

export type CatalogProblemCode =
  | 'duplicate-matter'
  | 'duplicate-template'
  | 'duplicate-step'
  | 'duplicate-material'
  | 'unknown-department'
  | 'unknown-matter'
  | 'unknown-dependency'
  | 'cycle'
  | 'pre-review-depends-on-formal'
  | 'promised-exceeds-legal'
  | 'non-positive-limit'
  | 'tolerable-key-material'
  | 'no-key-material'
  | 'no-steps';

export interface CatalogProblem {
  code: CatalogProblemCode;
  /** Where: `matters[construction-permit].promisedLimit`, `templates[land-and-start].steps[x]` … */
  path: string;
  message: string;
}

/** Longest run of consecutive days off in a year of the State Council notices (国庆: 8 days in 2025). */
const LONGEST_HOLIDAY_RUN = 8;

/**
 * The most calendar days N working days can span: whole weeks of 5 working days plus the longest holiday run.
 * A promised limit in working days is within a legal limit in calendar days only if it fits even then.
 */
export function maxCalendarDaysOf(workingDays: number): number {
  return Math.ceil(workingDays / 5) * 7 + LONGEST_HOLIDAY_RUN;
}

/** true when limit `a` can never end after limit `b` (same start). */
export function limitWithin(a: TimeLimit, b: TimeLimit): boolean {
  if (a.unit === b.unit) return a.value <= b.value;
  if (a.unit === 'working-days') return maxCalendarDaysOf(a.value) <= b.value;
  // N calendar days hold at most N working days (a 调休 weekend can make every day a working day).
  return a.value <= b.value;
}

function checkMatter(matter: MatterSpec, departments: Set<string>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const at = `matters[${matter.code}]`;
  if (!departments.has(matter.department)) {
    problems.push({
      code: 'unknown-department',
      path: `${at}.department`,
      message: `department ${matter.department} is not in the catalogue`,
    });
  }
  const limits: Array<[string, TimeLimit | undefined]> = [
    ['legalLimit', matter.legalLimit],
    ['promisedLimit', matter.promisedLimit],
    ['extensionLimit', matter.extensionLimit],
    ['issuanceLimit', matter.issuanceLimit],
    ['referralLimit', matter.referralLimit],
  ];
  for (const [field, limit] of limits) {
    if (limit && (!Number.isInteger(limit.value) || limit.value <= 0)) {
      problems.push({
        code: 'non-positive-limit',
        path: `${at}.${field}`,
        message: `${field} must be a positive whole number of days`,
      });
    }
  }
  if (!limitWithin(matter.promisedLimit, matter.legalLimit)) {
    problems.push({
      code: 'promised-exceeds-legal',
      path: `${at}.promisedLimit`,
      message: `promised limit ${matter.promisedLimit.value} ${matter.promisedLimit.unit} may exceed the legal limit ${matter.legalLimit.value} ${matter.legalLimit.unit}`,
    });
  }
  const seen = new Set<string>();
  for (const material of matter.materials) {
    if (seen.has(material.code)) {
      problems.push({
        code: 'duplicate-material',
        path: `${at}.materials[${material.code}]`,
        message: `material ${material.code} is listed twice`,
      });
    }
    seen.add(material.code);
    if (material.importance === 'key' && material.tolerable) {
      problems.push({
        code: 'tolerable-key-material',
        path: `${at}.materials[${material.code}]`,
        message: '容缺受理 allows only secondary materials to be missing; a key material cannot be on the 容缺 list',
      });
    }
  }
  if (!matter.materials.some((material) => material.importance === 'key')) {
    problems.push({
      code: 'no-key-material',
      path: `${at}.materials`,
      message: 'a matter needs at least one key material',
    });
  }
  return problems;
}

function checkTemplate(
  template: TemplateSpec,
  matters: Map<string, MatterSpec>,
  departments: Set<string>,
): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const at = `templates[${template.id}]`;
  if (template.steps.length === 0)
    problems.push({ code: 'no-steps', path: `${at}.steps`, message: 'a template needs at least one step' });
  for (const [field, code] of [
    ['leadDepartment', template.leadDepartment],
    ['issuance.department', template.issuance.department],
  ] as const) {
    if (!departments.has(code))
      problems.push({
        code: 'unknown-department',
        path: `${at}.${field}`,
        message: `department ${code} is not in the catalogue`,
      });
  }
  const steps = new Map<string, TemplateSpec['steps'][number]>();
  for (const step of template.steps) {
    if (steps.has(step.id))
      problems.push({
        code: 'duplicate-step',
        path: `${at}.steps[${step.id}]`,
        message: `step ${step.id} is listed twice`,
      });
    steps.set(step.id, step);
    if (!matters.has(step.matterCode)) {
      problems.push({
        code: 'unknown-matter',
        path: `${at}.steps[${step.id}].matterCode`,
        message: `matter ${step.matterCode} is not in the catalogue`,
      });
    }
  }
  for (const step of template.steps) {
    for (const dependency of step.dependsOn) {
      const target = steps.get(dependency);
      if (!target) {
        problems.push({
          code: 'unknown-dependency',
          path: `${at}.steps[${step.id}].dependsOn`,
          message: `step ${dependency} is not in the template`,
        });
      } else if (step.phase === 'pre-review' && target.phase === 'formal') {
        problems.push({
          code: 'pre-review-depends-on-formal',
          path: `${at}.steps[${step.id}].dependsOn`,
          message: `pre-review step ${step.id} cannot wait for formal step ${dependency}: pre-review runs before the land contract`,
        });
      }
    }
  }
  if (topologicalOrder(template) === undefined) {
    problems.push({ code: 'cycle', path: `${at}.steps`, message: 'the steps depend on each other in a cycle' });
  }
  return problems;
}

/** Every problem of a catalogue snapshot; an empty list means it may be published. */
export function validateCatalog(snapshot: CatalogSnapshot): CatalogProblem[] {
  const departments = new Set(snapshot.departments.map((department) => department.code));
  const matters = new Map<string, MatterSpec>();
  const problems: CatalogProblem[] = [];
  for (const matter of snapshot.matters) {
    if (matters.has(matter.code))
      problems.push({
        code: 'duplicate-matter',
        path: `matters[${matter.code}]`,
        message: `matter ${matter.code} is listed twice`,
      });
    matters.set(matter.code, matter);
    problems.push(...checkMatter(matter, departments));
  }
  const templates = new Set<string>();
  for (const template of snapshot.templates) {
    if (templates.has(template.id))
      problems.push({
        code: 'duplicate-template',
        path: `templates[${template.id}]`,
        message: `template ${template.id} is listed twice`,
      });
    templates.add(template.id);
    problems.push(...checkTemplate(template, matters, departments));
  }
  return problems;
}

/** Step ids in an order where every step comes after its dependencies; undefined when there is a cycle. */
export function topologicalOrder(template: TemplateSpec): string[] | undefined {
  const ids = new Set(template.steps.map((step) => step.id));
  const remaining = new Map(
    template.steps.map((step) => [step.id, step.dependsOn.filter((dependency) => ids.has(dependency))]),
  );
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, dependsOn]) => dependsOn.every((dependency) => order.includes(dependency)));
    if (ready.length === 0) return undefined;
    for (const [id] of ready) {
      order.push(id);
      remaining.delete(id);
    }
  }
  return order;
}

/**
 * Steps that may start now: not started yet, every dependency done favourably, and allowed in the current phase
 * (before the land contract only pre-review steps may start).
 */
export function readySteps(
  template: TemplateSpec,
  favourable: ReadonlySet<string>,
  started: ReadonlySet<string>,
  landContractSigned: boolean,
): string[] {
  return template.steps
    .filter((step) => !started.has(step.id))
    .filter((step) => landContractSigned || !template.requiresLandContract || step.phase === 'pre-review')
    .filter((step) => step.dependsOn.every((dependency) => favourable.has(dependency)))
    .map((step) => step.id);
}

export interface SubmittedDocument {
  materialCode: string;
  stepId?: string;
}

export interface StepDocumentAssessment {
  stepId: string;
  matterCode: string;
  present: string[];
  missingKey: string[];
  /** Missing secondary materials on the 容缺 list: acceptance with missing documents is possible. */
  missingTolerable: string[];
  /** Missing secondary materials not on the 容缺 list. */
  missingSecondary: string[];
  /** Missing materials that a written commitment (告知承诺) may replace. */
  commitmentEligible: string[];
  complete: boolean;
}

export interface DocumentAssessment {
  steps: StepDocumentAssessment[];
  /** Submitted documents that no matter of the template asks for. */
  unknownMaterials: string[];
  /** Documents whose stepId is not a step of the template. */
  unknownSteps: string[];
}

/**
 * Checks submitted documents against a template's matters. A document without stepId serves every step whose
 * matter lists that material (one copy of a business licence serves all of them).
 */
export function assessDocuments(
  template: TemplateSpec,
  matters: Readonly<Record<string, MatterSpec>>,
  documents: readonly SubmittedDocument[],
): DocumentAssessment {
  const stepIds = new Set(template.steps.map((step) => step.id));
  const known = new Set(
    template.steps.flatMap((step) => matters[step.matterCode]?.materials.map((material) => material.code) ?? []),
  );
  const steps = template.steps.map((step): StepDocumentAssessment => {
    const matter = matters[step.matterCode];
    const materials = matter?.materials ?? [];
    const submitted = new Set(
      documents
        .filter((document) => document.stepId === undefined || document.stepId === step.id)
        .map((document) => document.materialCode),
    );
    const missing = materials.filter((material) => !submitted.has(material.code));
    return {
      stepId: step.id,
      matterCode: step.matterCode,
      present: materials.filter((material) => submitted.has(material.code)).map((material) => material.code),
      missingKey: missing.filter((material) => material.importance === 'key').map((material) => material.code),
      missingTolerable: missing
        .filter(
          (material) => material.importance === 'secondary' && material.tolerable && matter?.toleranceAllowed !== false,
        )
        .map((material) => material.code),
      missingSecondary: missing
        .filter(
          (material) =>
            material.importance === 'secondary' && !(material.tolerable && matter?.toleranceAllowed !== false),
        )
        .map((material) => material.code),
      commitmentEligible: missing
        .filter((material) => material.commitmentAllowed && matter?.commitmentAllowed !== false)
        .map((material) => material.code),
      complete: missing.length === 0,
    };
  });
  return {
    steps,
    unknownMaterials: [
      ...new Set(documents.map((document) => document.materialCode).filter((code) => !known.has(code))),
    ],
    unknownSteps: [
      ...new Set(
        documents.flatMap((document) =>
          document.stepId !== undefined && !stepIds.has(document.stepId) ? [document.stepId] : [],
        ),
      ),
    ],
  };
}
