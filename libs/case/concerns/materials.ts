import { assessDocuments, landContractMaterialOf } from '@onewindow/catalog';
import type { DeciderContext } from '../context';
import type { CaseState, SubmittedDocument } from '../state';

/** What the materials on file lack, per step: the rules of acceptance (容缺, 告知承诺, 一次性告知) read this. */
export interface MissingMaterial {
  materialCode: string;
  stepId: string;
  importance: 'key' | 'secondary';
  tolerable: boolean;
  commitmentEligible: boolean;
}

/** The material the land contract's signing supplies (拿地即开工), from the template. */
export function landContractMaterial(ctx: DeciderContext): string | undefined {
  return landContractMaterialOf(ctx.template);
}

/** Documents on file, the land contract counting as a document once signed. */
function documentsOnFile(state: CaseState, ctx: DeciderContext): SubmittedDocument[] {
  const supplied = state.missing
    .filter((item) => item.suppliedAt)
    .map((item) => ({ materialCode: item.materialCode, ...(item.stepId ? { stepId: item.stepId } : {}) }));
  const contract = landContractMaterial(ctx);
  return [...state.documents, ...supplied, ...(state.landContract && contract ? [{ materialCode: contract }] : [])];
}

/**
 * Materials a step of the template itself produces (企业开办: the business licence the registration step issues),
 * which the steps after it use: not asked for at receipt (rules 2026-12b).
 */
export function producedMaterials(ctx: DeciderContext): ReadonlySet<string> {
  if (!ctx.rules.producedMaterials) return new Set();
  return new Set(ctx.template.steps.flatMap((step) => step.produces ?? []));
}

/**
 * What is missing for acceptance. Before the land contract (拿地即开工) the contract itself cannot be on file, so it
 * is not counted missing: the formal steps wait for `SignLandContract`.
 */
export function missingMaterials(state: CaseState, ctx: DeciderContext): MissingMaterial[] {
  const assessment = assessDocuments(ctx.template, ctx.matters, documentsOnFile(state, ctx));
  const contractLater = state.landContract ? undefined : landContractMaterial(ctx);
  const committed = new Set(state.commitments.map((commitment) => commitment.materialCode));
  const produced = producedMaterials(ctx);
  return assessment.steps.flatMap((step) => {
    const matter = ctx.matters[step.matterCode];
    return (matter?.materials ?? [])
      .filter((material) => !step.present.includes(material.code))
      .filter((material) => material.code !== contractLater)
      .filter((material) => !committed.has(material.code))
      .filter((material) => !produced.has(material.code))
      .map((material) => ({
        materialCode: material.code,
        stepId: step.stepId,
        importance: material.importance,
        tolerable: step.missingTolerable.includes(material.code),
        commitmentEligible: step.commitmentEligible.includes(material.code),
      }));
  });
}

export function codes(items: readonly MissingMaterial[]): string[] {
  return [...new Set(items.map((item) => item.materialCode))];
}

/** The material codes any matter of the case's template asks for. */
export function knownMaterials(ctx: DeciderContext): Set<string> {
  return new Set(Object.values(ctx.matters).flatMap((matter) => matter.materials.map((material) => material.code)));
}
