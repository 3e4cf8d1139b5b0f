import type { TemplateSpec } from './types';

/**
 * The material code the land contract had in catalogue versions published before `landContractMaterial` existed
 * (2026.1): their templates say only `requiresLandContract`.
 */
const LAND_CONTRACT_MATERIAL_BEFORE_2026_12 = 'land-contract';

/** The material whose signing turns pre-review into formal acceptance (拿地即开工), when the template has one. */
export function landContractMaterialOf(template: TemplateSpec): string | undefined {
  if (!template.requiresLandContract) return undefined;
  return template.landContractMaterial ?? LAND_CONTRACT_MATERIAL_BEFORE_2026_12;
}
