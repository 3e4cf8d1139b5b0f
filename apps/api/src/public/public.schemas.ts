import { z } from 'zod';
import { LIMIT_UNITS, type GuideEntry, type GuideSummary } from '@onewindow/catalog';
import { instant, type SameShape } from '@onewindow/contract/http';
import { CASE_STATUSES, FEE_STATUSES, STEP_STATUSES } from '@onewindow/case';
import { RATING_LEVELS } from '@onewindow/supervision';

/** The service centre's public side: the guide anyone may read, and the applicant's own channel (查询码). */

const limit = z.strictObject({ value: z.number(), unit: z.enum(LIMIT_UNITS) });
const department = z.strictObject({ code: z.string(), name: z.string() });

const guideSummarySchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  department,
  legalLimit: limit.describe('法定时限'),
  promisedLimit: limit.describe('承诺时限'),
  window: z.string().nullable().describe('办理窗口'),
  free: z.boolean().nullable().describe('no fee item; null: the active catalogue publishes no guide for it'),
});

export const guideListSchema = z
  .strictObject({ catalogVersion: z.string(), matters: z.array(guideSummarySchema) })
  .meta({ id: 'PublicGuide' });

const feeSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  standard: z.string().describe('收费标准'),
  amount: z.union([
    z.strictObject({ fixedYuan: z.number() }),
    z.strictObject({ perUnitYuan: z.number(), unit: z.string() }),
  ]),
  basis: z.string().describe('收费依据'),
  waiver: z.string().optional().describe('减免: who may be exempt or pay less'),
});

export const guideEntrySchema = guideSummarySchema
  .extend({
    catalogVersion: z.string(),
    basis: z.string().describe('设定和实施依据'),
    conditions: z.array(z.string()).describe('申请条件'),
    materials: z.array(
      z.strictObject({
        code: z.string(),
        name: z.string(),
        importance: z.enum(['key', 'secondary']),
        tolerable: z.boolean().describe('容缺: may follow after acceptance'),
        commitmentAllowed: z.boolean().describe('告知承诺: a written commitment may replace it'),
      }),
    ),
    procedure: z.array(z.string()).describe('办理流程'),
    fees: z.array(feeSchema),
    freeBasis: z.string().nullable().describe('why it is free, when it is'),
    toleranceAllowed: z.boolean(),
    commitmentAllowed: z.boolean(),
    packages: z.array(z.strictObject({ id: z.string(), name: z.string() })).describe('一件事 packages it is in'),
  })
  .meta({ id: 'PublicGuideEntry' });

export const matterCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a matter code')
  .describe('a matter of the active catalogue');

/** The applicant's code: the case's query code (查询码) or the applicant's credit code. */
export const QUERY_CODE_HEADER = 'x-query-code';

export const progressSchema = z
  .strictObject({
    caseId: z.string(),
    packageName: z.string().describe('the matter or 一件事 package applied for'),
    project: z.string().nullable(),
    status: z.enum(CASE_STATUSES),
    receivedAt: instant,
    acceptedAt: instant.nullable(),
    deadline: instant.nullable().describe('the promised completion date (it moves with time the law does not count)'),
    overdue: z.boolean(),
    closed: z.strictObject({ at: instant, reason: z.string() }).nullable(),
    steps: z.array(
      z.strictObject({
        matterCode: z.string(),
        matterName: z.string(),
        department: department,
        status: z.enum(STEP_STATUSES),
        deadline: instant.nullable(),
        finishedAt: instant.nullable(),
        suspended: z.boolean().describe('waiting for the applicant (补正) or a period the law does not count'),
        exemptBasis: z
          .string()
          .nullable()
          .describe('审批豁免: the basis on which the project needs no such approval (status exempt)'),
      }),
    ),
    missingMaterials: z
      .array(
        z.strictObject({
          materialCode: z.string(),
          name: z.string(),
          reason: z.string(),
          dueAt: instant.nullable(),
          supplied: z.boolean(),
        }),
      )
      .describe('the one-time notice (一次性告知) and the 容缺 items: what is still to bring, and by when'),
    fees: z
      .array(
        z.strictObject({
          name: z.string(),
          amountYuan: z.number(),
          status: z.enum(FEE_STATUSES),
          dueYuan: z.number().describe('what is still to pay at the centre’s cashier'),
        }),
      )
      .describe('统一收费: the fees assessed, and what is still to pay (the licence waits for it)'),
    licences: z.array(z.strictObject({ number: z.string(), matterName: z.string() })),
    rated: z.boolean().describe('whether the applicant has rated the finished case'),
    ratable: z.boolean().describe('finished and not yet rated: 好差评 is open'),
  })
  .meta({ id: 'PublicProgress' });

export const publicRatingSchema = z.strictObject({
  level: z.enum(RATING_LEVELS).describe('非常满意 … 非常不满意; the last two open a rectification'),
  comment: z.string().trim().max(2000).optional(),
});

export const publicRatedSchema = z.strictObject({ caseId: z.string(), level: z.enum(RATING_LEVELS) });

const answersMatchTypes: [
  SameShape<z.infer<typeof guideSummarySchema>, GuideSummary>,
  SameShape<z.infer<typeof guideEntrySchema>, GuideEntry>,
] = [true, true];
void answersMatchTypes;
