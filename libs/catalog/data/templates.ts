import type { TemplateSpec, TemplateStep } from '../types';
import { DEFAULT_LIMITS } from './defaults';

const step = (
  id: string,
  matterCode: string,
  phase: TemplateStep['phase'],
  dependsOn: string[] = [],
  required = true,
): TemplateStep => ({ id, matterCode, phase, dependsOn, required });

/**
 * 拿地即开工: pre-review runs during the land-listing period; when the land contract is signed the pre-reviewed
 * matters turn into formal acceptance, and planning permit, air-defence decision and construction permit can be
 * issued together. Piling may get an earlier, separate permit (桩基分段施工).
 */
export const LAND_AND_START: TemplateSpec = {
  id: 'land-and-start',
  name: '拿地即开工（工程建设项目并联审批）',
  description:
    '立项用地规划许可、工程建设许可、施工许可三个阶段并联审批：出让前预审，签订出让合同后转为正式受理，规划许可、人防审批与施工许可同日核发。',
  leadDepartment: 'natural-resources',
  stages: [1, 2, 3],
  kind: 'joint',
  steps: [
    step('project-filing', 'enterprise-project-filing', 'pre-review'),
    step('eia-approval', 'eia-report-form-approval', 'pre-review'),
    step('design-scheme-review', 'design-scheme-review', 'pre-review'),
    step('drawing-review', 'construction-drawing-review', 'pre-review', ['design-scheme-review']),
    step('fire-design-review', 'fire-design-review', 'pre-review', ['design-scheme-review']),
    step('air-defence-approval', 'air-defence-construction-approval', 'pre-review', ['design-scheme-review']),
    step('land-use-planning-permit', 'land-use-planning-permit', 'formal', ['project-filing']),
    step('works-planning-permit', 'works-planning-permit', 'formal', [
      'land-use-planning-permit',
      'design-scheme-review',
    ]),
    step(
      'pile-foundation-permit',
      'pile-foundation-permit',
      'formal',
      ['land-use-planning-permit', 'drawing-review'],
      false,
    ),
    step('construction-permit', 'construction-permit', 'formal', [
      'works-planning-permit',
      'drawing-review',
      'fire-design-review',
      'air-defence-approval',
      'eia-approval',
    ]),
    step('utility-connection', 'utility-connection', 'formal', ['works-planning-permit'], false),
  ],
  caseLimit: DEFAULT_LIMITS.joint,
  caseExtensionLimit: DEFAULT_LIMITS.jointExtension,
  issuance: { department: 'government-service', limit: DEFAULT_LIMITS.issuance },
  refusalEndsCase: true,
  requiresLandContract: true,
  warningThresholdWorkingDays: 1,
  supervisionGraceWorkingDays: 5,
};

/** A single promised matter (承诺件): the construction permit on its own, for projects past stage 2. */
export const CONSTRUCTION_PERMIT_ONLY: TemplateSpec = {
  id: 'construction-permit',
  name: '建筑工程施工许可证核发（单事项）',
  description: '单一事项承诺件：受理后按承诺时限办结并出证。',
  leadDepartment: 'housing',
  stages: [3],
  kind: 'promised',
  steps: [step('construction-permit', 'construction-permit', 'formal')],
  caseLimit: DEFAULT_LIMITS.decision,
  issuance: { department: 'housing', limit: DEFAULT_LIMITS.issuance },
  refusalEndsCase: true,
  requiresLandContract: false,
  warningThresholdWorkingDays: 1,
  supervisionGraceWorkingDays: 5,
};

export const TEMPLATES: TemplateSpec[] = [LAND_AND_START, CONSTRUCTION_PERMIT_ONLY];
