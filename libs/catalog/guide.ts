import type { CatalogSnapshot, FeeItem, MatterSpec, TimeLimit } from './types';

/**
 * The public service guide (办事指南, 六公开) of the active catalogue: what a citizen may read without any key —
 * the basis, conditions, materials, procedure, limits, fees and window of each matter, and nothing else.
 */
export interface GuideSummary {
  code: string;
  name: string;
  department: { code: string; name: string };
  legalLimit: TimeLimit;
  promisedLimit: TimeLimit;
  window: string | null;
  /** Free of charge (no fee item); null when the catalogue publishes no guide for it (its fees are not known). */
  free: boolean | null;
}

export interface GuideMaterial {
  code: string;
  name: string;
  importance: 'key' | 'secondary';
  /** May be missing at acceptance (容缺), when the matter allows it. */
  tolerable: boolean;
  /** May be replaced by a written commitment (告知承诺), when the matter allows it. */
  commitmentAllowed: boolean;
}

export interface GuideEntry extends GuideSummary {
  catalogVersion: string;
  /** 设定和实施依据. */
  basis: string;
  conditions: string[];
  materials: GuideMaterial[];
  procedure: string[];
  fees: FeeItem[];
  freeBasis: string | null;
  toleranceAllowed: boolean;
  commitmentAllowed: boolean;
  /** The 一件事 packages (templates) it is handled in. */
  packages: Array<{ id: string; name: string }>;
}

/** A department's code with its name in the catalogue; the code stands for the name when the catalogue lacks it. */
export function catalogDepartment(catalog: CatalogSnapshot | undefined, code: string): { code: string; name: string } {
  return { code, name: catalog?.departments.find((department) => department.code === code)?.name ?? code };
}

/** A matter's name in the catalogue; the code stands for the name when the catalogue lacks it. */
export function catalogMatterName(catalog: CatalogSnapshot | undefined, code: string): string {
  return catalog?.matters.find((matter) => matter.code === code)?.name ?? code;
}

function summaryOf(catalog: CatalogSnapshot, matter: MatterSpec): GuideSummary {
  return {
    code: matter.code,
    name: matter.name,
    department: catalogDepartment(catalog, matter.department),
    legalLimit: matter.legalLimit,
    promisedLimit: matter.promisedLimit,
    window: matter.guide?.window ?? null,
    free: matter.guide ? matter.guide.fees.length === 0 : null,
  };
}

/** Every matter of the catalogue, by department and name. */
export function guideSummaries(catalog: CatalogSnapshot): GuideSummary[] {
  return catalog.matters
    .map((matter) => summaryOf(catalog, matter))
    .sort((a, b) => a.department.name.localeCompare(b.department.name, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** One matter's guide, or undefined when the catalogue has no such matter. */
export function guideEntry(catalog: CatalogSnapshot, matterCode: string): GuideEntry | undefined {
  const matter = catalog.matters.find((candidate) => candidate.code === matterCode);
  if (!matter) return undefined;
  return {
    ...summaryOf(catalog, matter),
    catalogVersion: catalog.version,
    basis: matter.legalBasis,
    conditions: matter.guide?.conditions ?? [],
    materials: matter.materials.map((material) => ({
      code: material.code,
      name: material.name,
      importance: material.importance,
      tolerable: matter.toleranceAllowed && material.tolerable,
      commitmentAllowed: matter.commitmentAllowed && material.commitmentAllowed,
    })),
    procedure: matter.guide?.procedure ?? [],
    fees: matter.guide?.fees ?? [],
    freeBasis: matter.guide && matter.guide.fees.length === 0 ? (matter.guide.freeBasis ?? null) : null,
    toleranceAllowed: matter.toleranceAllowed,
    commitmentAllowed: matter.commitmentAllowed,
    packages: catalog.templates
      .filter((template) => template.steps.some((step) => step.matterCode === matter.code))
      .map((template) => ({ id: template.id, name: template.name })),
  };
}
