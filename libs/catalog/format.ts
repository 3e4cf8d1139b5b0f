import { z } from 'zod';
import { EXEMPTION_FIGURES, LIMIT_UNITS, type CatalogSnapshot } from './types';
import { validateCatalog, type CatalogValidationOptions } from './validate';

/**
 * The published catalogue format (JSON): what `POST /v1/admin/catalog/versions` takes, what
 * `npm run catalog:publish -- file.json` reads and what `libs/catalog/data/*.json` ship. Structure here, meaning in
 * `validateCatalog`; both report `{ path, rule, message }`. Node-side only: workflows receive a parsed snapshot.
 */

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a code is lower-case letters, digits and hyphens (at most 64)');
const text = z.string().trim().min(1, 'must not be empty');

const limit = z.strictObject({
  value: z.number().describe('a positive whole number'),
  unit: z.enum(LIMIT_UNITS),
});
const stage = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const handlingKind = z.enum(['immediate', 'promised', 'joint', 'referred', 'special', 'supplement', 'returned']);

const material = z.strictObject({
  code,
  name: text,
  importance: z.enum(['key', 'secondary']).describe('主要材料 / 次要材料'),
  tolerable: z.boolean().describe('on the 容缺 list (secondary materials only)'),
  commitmentAllowed: z.boolean().describe('may be replaced by a written commitment (告知承诺)'),
});

const fee = z.strictObject({
  code,
  name: text,
  standard: text.describe('收费标准 as published'),
  amount: z.union([
    z.strictObject({ fixedYuan: z.number().min(0) }),
    z.strictObject({ perUnitYuan: z.number().min(0), unit: text.describe('e.g. 平方米 of floor area') }),
  ]),
  basis: text.describe('收费依据'),
  waiver: text.optional().describe('who may be exempt or pay less (减免) and on what basis'),
});

const guide = z.strictObject({
  conditions: z.array(text).min(1).describe('申请条件'),
  procedure: z.array(text).min(1).describe('办理流程, in order'),
  window: text.describe('办理窗口'),
  fees: z.array(fee).describe('收费项目; empty when free of charge'),
  freeBasis: text.optional().describe('why it is free, when it is'),
});

const exemption = z.strictObject({
  basis: text.describe('豁免依据'),
  condition: text.describe('the exempt projects, in the published words'),
  anyOf: z
    .array(
      z.strictObject({
        figure: z.enum(EXEMPTION_FIGURES).describe('the project figure declared at receipt'),
        atMost: z.number().min(0).describe('the limit, included (以下)'),
      }),
    )
    .min(1)
    .describe('any one suffices'),
});

export const matterSchema = z.strictObject({
  code,
  name: text,
  department: code,
  kind: handlingKind,
  stage: stage.optional(),
  legalLimit: limit.describe('法定时限'),
  promisedLimit: limit.describe('承诺时限, within the legal limit'),
  extensionLimit: limit.optional().describe('one extension (Art. 42 ¶1); absent: not allowed'),
  issuanceLimit: limit,
  referralLimit: limit.optional(),
  materials: z.array(material),
  suspensionAllowed: z.boolean(),
  timeoutRule: z.enum(['deemed-consent', 'escalate']),
  absentMeansConsent: z.boolean(),
  disagreeWithoutReasonsMeansConsent: z.boolean(),
  commitmentAllowed: z.boolean(),
  toleranceAllowed: z.boolean(),
  missedSupplementRule: z.enum(['terminate', 'withhold-decision']),
  legalBasis: text,
  postDecisionCheckLimit: limit.optional(),
  guide: guide.optional().describe('the public service guide (办事指南): conditions, procedure, window, fees'),
  certifies: code
    .optional()
    .describe('免提交: the material its licence stands for, given at intake by the e-licence number'),
  exemption: exemption.optional().describe('审批豁免清单: the projects that need no such approval'),
});

const step = z.strictObject({
  id: code,
  matterCode: code,
  dependsOn: z.array(code).describe('steps that must have a favourable outcome first (the DAG)'),
  required: z.boolean(),
  phase: z.enum(['pre-review', 'formal']),
  promisedLimit: limit.optional().describe("the template's own target for this step, instead of the matter's"),
  produces: z
    .array(code)
    .optional()
    .describe('materials this step produces for the steps after it (not asked for at receipt), e.g. business-licence'),
});

export const templateSchema = z.strictObject({
  id: code,
  name: text,
  description: z.string(),
  leadDepartment: code.describe('牵头部门'),
  stages: z.array(stage),
  mergedStages: z.array(stage).optional().describe('stages handled as one (带方案出让)'),
  kind: handlingKind,
  steps: z.array(step),
  caseLimit: limit.describe('whole-case limit'),
  caseTarget: limit.optional().describe('a local target within the case limit (e.g. 321608)'),
  caseExtensionLimit: limit.optional(),
  caseSuspensionAllowed: z
    .boolean()
    .optional()
    .describe('the whole case may be suspended (an Art. 45 period of the joint review), holding every clock'),
  issuance: z.strictObject({
    department: code,
    limit,
    seal: text.optional().describe('the seal on the decision, e.g. 联合验收专用章'),
  }),
  refusalEndsCase: z.boolean(),
  requiresLandContract: z.boolean(),
  landContractMaterial: code.optional(),
  warningThresholdWorkingDays: z.number().int().min(0),
  supervisionGraceWorkingDays: z.number().int().min(0),
});

export const departmentSchema = z.strictObject({ code, name: text });
export const wholeProcessSchema = z.strictObject({ limit, basis: text });

export const CATALOG_VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

export const catalogSchema = z.strictObject({
  version: z
    .string()
    .regex(CATALOG_VERSION_PATTERN, 'a version is letters, digits, dots, hyphens or underscores (at most 40)'),
  departments: z.array(departmentSchema).min(1),
  matters: z.array(matterSchema).min(1),
  templates: z.array(templateSchema).min(1),
  wholeProcess: wholeProcessSchema.optional().describe('the project whole-process target; absent: 120 working days'),
});

/** `matters.3.legalLimit` → `matters[construction-permit].legalLimit`: list items by their code or id where they have one. */
function pathOf(input: unknown, path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  let node: unknown = input;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const item = Array.isArray(node) ? (node[segment] as unknown) : undefined;
      const named =
        typeof item === 'object' && item !== null
          ? ((item as { code?: unknown }).code ?? (item as { id?: unknown }).id)
          : undefined;
      out += typeof named === 'string' && named ? `[${named}]` : `[${segment}]`;
      node = item;
    } else {
      out += out ? `.${String(segment)}` : String(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    }
  }
  return out || '(catalogue)';
}

/** The zod issue codes as rule names in the catalogue's own style. */
const RULES: Record<string, string> = {
  invalid_type: 'type',
  invalid_value: 'one-of',
  invalid_union: 'one-of',
  unrecognized_keys: 'unknown-field',
  too_small: 'minimum',
  too_big: 'maximum',
  invalid_format: 'format',
};

/** A problem of a catalogue file: a structural rule (`required`, `type`, `unknown-field` …) or a `CatalogRule`. */
export interface CatalogFileProblem {
  path: string;
  rule: string;
  message: string;
}

export type ParsedCatalog = { ok: true; catalog: CatalogSnapshot } | { ok: false; problems: CatalogFileProblem[] };

/** Reads a catalogue file's content: its structure, then every rule of `validateCatalog`. */
export function parseCatalog(input: unknown, options: CatalogValidationOptions = {}): ParsedCatalog {
  const parsed = catalogSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue): CatalogFileProblem[] => {
      const rule =
        (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : RULES[issue.code]) ?? issue.code;
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((field) => ({
          path: pathOf(input, [...issue.path, field]),
          rule: 'unknown-field',
          message: `${field} is not a field of the catalogue format`,
        }));
      return [{ path: pathOf(input, issue.path), rule, message: issue.message }];
    });
    return { ok: false, problems };
  }
  const catalog = parsed.data;
  const problems = validateCatalog(catalog, options);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, catalog };
}
