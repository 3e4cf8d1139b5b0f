import { z } from 'zod';
import { CREDIT_RECORDS } from './vocabulary';

/**
 * The fields the case's commands, events and views are made of: one rule per kind of field everywhere (a material
 * code is the same pattern in a start body, in a supplement and in an event).
 */

export const COMMAND_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

// A day inside 0001-9999 at either end, so that the local date stays in range for any UTC offset (-12h to +14h).
const FIRST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-30T23:59:59.999Z');
/** RFC 3339 `date-time` (validator.js's isRFC3339): full date, `T`, full time, `Z` or a ±hh:mm offset. */
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export const INSTANT_RULE =
  'must be an ISO-8601 instant with date, time and offset between 0001-01-02 and 9999-12-30, e.g. 2026-03-05T02:00:00Z';

/**
 * An instant as the calendar counts it: an ISO-8601 date and time with its offset (the RFC 3339 profile, OpenAPI's
 * `date-time`) that JavaScript reads, within the calendar's years 0001-9999. Plain ISO-8601 also admits week and
 * ordinal dates (2026-W10, 2026-064) and local times without an offset, which `new Date()` cannot read, or reads in
 * the server's time zone.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !RFC3339.test(value)) return false;
  const at = Date.parse(value);
  return at >= FIRST_INSTANT && at <= LAST_INSTANT;
}

/**
 * The fields, built afresh by each call. Module-level schemas are built when the module loads, which in a workflow
 * thread is before the sandbox freezes the shared modules (see `sharedWorkflowModules` in workflows/bundle.ts); a
 * frozen zod schema cannot parse (zod binds its methods to the instance on first use), so what the workflows parse
 * with is built from these on first use instead (`parseMessagePayload` in libs/contract).
 */
export function caseFields() {
  const text = (max = 2000) => z.string().trim().min(1).max(max);
  /** Catalogue codes: materials, steps, templates, departments. */
  const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');
  const document = z.strictObject({
    materialCode: code,
    stepId: code.optional(),
    licenceNumber: text(100)
      .optional()
      .describe('免提交: the material is given by this electronic licence (电子证照), verified at intake'),
  });
  // A RegExp of its own: zod resets a pattern's lastIndex before testing, which a frozen module-level one refuses.
  const commandId = z
    .string()
    .regex(new RegExp(COMMAND_ID_PATTERN), '1-128 letters, digits, dot, colon, dash or underscore');
  const actor = z.strictObject({ id: text(200), role: text(100), department: code.optional() });
  /** A zod instant whose failures carry the rule name the API reports (`isInstant`). */
  const instant = z
    .string()
    .refine(isInstant, { message: INSTANT_RULE, params: { rule: 'isInstant' } })
    .meta({ format: 'date-time', example: '2026-03-02T01:30:00Z' });
  /** A whole number (counts, days). */
  const count = z.number().int();
  const applicant = z.strictObject({
    name: text(200),
    creditCode: text(64).describe('统一社会信用代码 or ID number'),
    creditRecord: z.enum(CREDIT_RECORDS).optional().describe('a bad credit record bars 容缺受理'),
    contact: text(64).optional(),
  });
  const project = z.strictObject({
    name: text(200),
    code: text(64).optional().describe('项目代码'),
    landParcel: text(64).optional().describe('地块编号'),
    investmentTenThousandYuan: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .describe('总投资（万元）: what the 审批豁免清单 judges a project by, with its floor area'),
    floorAreaSquareMetres: z.number().min(0).max(1e9).optional().describe('总建筑面积（平方米）'),
  });
  return { text, code, document, commandId, actor, instant, count, applicant, project };
}

export type CaseFields = ReturnType<typeof caseFields>;
