import { z } from 'zod';
import type { CatalogSnapshot } from '../../../../libs/catalog';
import { HANDLING_KINDS, type SameShape } from '../../../../libs/contract';

/** The catalogue routes: the version they read and the catalogue (libs/catalog's types) they answer. */

/** Only version is read (other parameters were never refused here); a bad one is answered invalid-version. */
export const versionQuerySchema = z.object({
  version: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, '1-40 letters, digits, dot, dash or underscore')
    .optional()
    .describe('catalogue version; the active one when absent'),
});

const stage = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const limit = z.strictObject({ value: z.number().int(), unit: z.enum(['working-days', 'calendar-days']) });

const departmentSchema = z.strictObject({ code: z.string(), name: z.string() });

const materialSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  importance: z.enum(['key', 'secondary']).describe('主要材料 / 次要材料'),
  tolerable: z.boolean().describe('on the 容缺 list'),
  commitmentAllowed: z.boolean().describe('may be replaced by a written commitment (告知承诺)'),
});

const matterSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  kind: z.enum(HANDLING_KINDS),
  stage: stage.optional(),
  legalLimit: limit.describe('法定时限'),
  promisedLimit: limit.describe('承诺时限'),
  extensionLimit: limit.optional(),
  issuanceLimit: limit,
  referralLimit: limit.optional(),
  materials: z.array(materialSchema),
  suspensionAllowed: z.boolean(),
  timeoutRule: z.enum(['deemed-consent', 'escalate']),
  absentMeansConsent: z.boolean(),
  disagreeWithoutReasonsMeansConsent: z.boolean(),
  commitmentAllowed: z.boolean(),
  toleranceAllowed: z.boolean(),
  missedSupplementRule: z.enum(['terminate', 'withhold-decision']),
  legalBasis: z.string(),
  postDecisionCheckLimit: limit.optional(),
});

const templateSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  leadDepartment: z.string().describe('牵头部门'),
  stages: z.array(stage),
  kind: z.enum(HANDLING_KINDS),
  steps: z.array(
    z.strictObject({
      id: z.string(),
      matterCode: z.string(),
      dependsOn: z.array(z.string()).describe('steps that must have a favourable outcome first (the DAG)'),
      required: z.boolean(),
      phase: z.enum(['pre-review', 'formal']),
    }),
  ),
  caseLimit: limit,
  caseExtensionLimit: limit.optional(),
  issuance: z.strictObject({ department: z.string(), limit }),
  refusalEndsCase: z.boolean(),
  requiresLandContract: z.boolean(),
  landContractMaterial: z.string().optional(),
  warningThresholdWorkingDays: z.number().int(),
  supervisionGraceWorkingDays: z.number().int(),
});

export const mattersSchema = z.strictObject({
  version: z.string(),
  departments: z.array(departmentSchema),
  matters: z.array(matterSchema),
});

export const templatesSchema = z.strictObject({ version: z.string(), templates: z.array(templateSchema) });

const answersMatchCatalog: [
  SameShape<z.infer<typeof mattersSchema>, Omit<CatalogSnapshot, 'templates'>>,
  SameShape<z.infer<typeof templatesSchema>, Pick<CatalogSnapshot, 'version' | 'templates'>>,
] = [true, true];
void answersMatchCatalog;
