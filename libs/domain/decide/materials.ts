import { landContractMaterialOf } from '@onewindow/catalog';
import { assessDocuments } from '@onewindow/catalog';
import type { SubmittedDocument } from '../commands';
import type { Batch } from './batch';

/** What the materials on file lack, per step: the rules of acceptance (容缺, 告知承诺, 一次性告知) read this. */
export interface MissingMaterial {
  materialCode: string;
  stepId: string;
  importance: 'key' | 'secondary';
  tolerable: boolean;
  commitmentEligible: boolean;
}

/** The material the land contract's signing supplies (拿地即开工), from the template. */
export function landContractMaterial(b: Batch): string | undefined {
  return landContractMaterialOf(b.ctx.template);
}

/** Documents on file, the land contract counting as a document once signed. */
function documentsOnFile(b: Batch): SubmittedDocument[] {
  const state = b.state;
  const supplied = state.missing
    .filter((item) => item.suppliedAt)
    .map((item) => ({ materialCode: item.materialCode, ...(item.stepId ? { stepId: item.stepId } : {}) }));
  const contract = landContractMaterial(b);
  return [...state.documents, ...supplied, ...(state.landContract && contract ? [{ materialCode: contract }] : [])];
}

/**
 * What is missing for acceptance. Before the land contract (拿地即开工) the contract itself cannot be on file, so it
 * is not counted missing: the formal steps wait for `SignLandContract`.
 */
export function missingMaterials(b: Batch): MissingMaterial[] {
  const assessment = assessDocuments(b.ctx.template, b.ctx.matters, documentsOnFile(b));
  const contractLater = b.state.landContract ? undefined : landContractMaterial(b);
  const committed = new Set(b.state.commitments.map((commitment) => commitment.materialCode));
  return assessment.steps.flatMap((step) => {
    const matter = b.ctx.matters[step.matterCode];
    return (matter?.materials ?? [])
      .filter((material) => !step.present.includes(material.code))
      .filter((material) => material.code !== contractLater)
      .filter((material) => !committed.has(material.code))
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
export function knownMaterials(b: Batch): Set<string> {
  return new Set(Object.values(b.ctx.matters).flatMap((matter) => matter.materials.map((material) => material.code)));
}
