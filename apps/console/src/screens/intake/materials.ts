import type { Matter, Template } from '../../reference';

/** A material of a template, once, with what the catalogue says about it across the template's matters. */
export interface TemplateMaterial {
  code: string;
  name: string;
  /** 主要材料 in any of the matters that ask for it. */
  key: boolean;
  /** On the 容缺 list of every matter that asks for it. */
  tolerable: boolean;
  /** 告知承诺 allowed by every matter that asks for it. */
  commitmentAllowed: boolean;
  /** The land contract of 拿地即开工: brought when signed, not at receipt. */
  landContract: boolean;
}

/** The materials of a template's matters, in the catalogue's order, each once. */
export function templateMaterials(template: Template | undefined, matters: readonly Matter[]): TemplateMaterial[] {
  if (!template) return [];
  const byCode = new Map<string, TemplateMaterial>();
  for (const step of template.steps) {
    const matter = matters.find((candidate) => candidate.code === step.matterCode);
    for (const material of matter?.materials ?? []) {
      const known = byCode.get(material.code);
      byCode.set(material.code, {
        code: material.code,
        name: material.name,
        key: (known?.key ?? false) || material.importance === 'key',
        tolerable: (known?.tolerable ?? true) && material.tolerable,
        commitmentAllowed: (known?.commitmentAllowed ?? true) && material.commitmentAllowed,
        landContract: template.landContractMaterial === material.code,
      });
    }
  }
  return [...byCode.values()];
}
