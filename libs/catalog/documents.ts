import type { CaseMatterSpec, TemplateSpec } from './types';

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
  matters: Readonly<Record<string, CaseMatterSpec>>,
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
