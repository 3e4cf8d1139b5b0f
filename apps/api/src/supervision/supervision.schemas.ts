import { z } from 'zod';
import { code, instant, type SameShape } from '@onewindow/contract/http';
import type { OpenSuspension } from '@onewindow/persistence';
import {
  EVALUATION_COMPONENTS,
  RATING_LEVELS,
  SUPERVISION_PERIODS,
  type CaseCounts,
  type OpenWarning,
  ACCOUNTABILITY_SOURCES,
  type AccountabilityStats,
  type ComplaintStats,
  type RatingsSummary,
  type ReviewerStats,
  type SupervisionStats,
  type ExemptionSummary,
  type FeeSummary,
} from '@onewindow/supervision';

/** The tables of an 电子监察 export: one sheet each in XLSX, one of them per CSV file. */
export const EXPORT_TABLES = ['departments', 'matters', 'reviewers', 'warnings', 'suspensions'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** `GET /v1/supervision/overview`: 电子监察 statistics and the 好差评 summary (libs/supervision's types). */

const count = z.number().int();

/** `GET /v1/supervision/overview?from=&to=&period=&department=&matter=`: which steps are counted. */
const overviewFilterShape = {
  from: instant.optional().describe('count steps received (or, with period=finished, finished) from this instant'),
  to: instant.optional().describe('… up to this instant (exclusive)'),
  period: z
    .enum(SUPERVISION_PERIODS)
    .default('received')
    .describe('received: the step started in [from, to); finished: it finished in [from, to)'),
  department: code.optional().describe('one department’s steps'),
  matter: code.optional().describe('one matter’s steps'),
};

/** from must come before to: named on to, with its rule. */
function fromBeforeTo(query: { from?: string; to?: string }, context: z.RefinementCtx): void {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to))
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'from must be before to',
      params: { rule: 'after-from' },
    });
}

export const overviewQuerySchema = z.strictObject(overviewFilterShape).superRefine(fromBeforeTo);

export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

const caseCountsSchema = z
  .strictObject({
    received: count,
    finished: count.describe('closed'),
    onTime: count.describe('closed within the case’s own limit (joint or promised) and its issuance’s (Art. 44)'),
    overdue: count.describe('past the case’s own limit or its issuance’s, closed or open (the kernel’s fact)'),
    legalOverdue: count.describe('past the legal limits (法定时限): the graver fact'),
    open: count,
  })
  .describe('the cases (办件) of these steps, each once')
  .meta({ id: 'SupervisionCaseCounts' });

const statsSchema = z
  .strictObject({
    received: count.describe('steps started'),
    finished: count.describe('with an outcome: agreed, deemed consent, refused'),
    cancelled: count.describe('ended with their case before an outcome (withdrawn, terminated, refused elsewhere …)'),
    onTime: count,
    early: count,
    overdue: count.describe('past the promised limit (黄牌), finished or not; applicant and Art. 45 time excluded'),
    legalOverdue: count.describe('past the legal limit (法定时限)'),
    open: count.describe('still owed by a department'),
    warnings: count.describe('steps that ever had a 预警 raised'),
    yellowCards: count.describe('steps that ever had a 黄牌 raised'),
    redCards: count.describe('steps that ever had a 红牌 raised'),
    averageWorkingDaysUsed: z
      .number()
      .nullable()
      .describe('average working days used by finished steps (the applicant’s and Art. 45 time left out)'),
    averageLegalWorkingDays: z
      .number()
      .nullable()
      .describe('average legal limit of the same steps, in working days (a calendar-day limit converted)'),
    compressionRatio: z.number().nullable().describe('1 − used / legal: the reform asks for two thirds or more'),
    cases: caseCountsSchema,
  })
  .meta({ id: 'SupervisionStats' });

const reviewerStatsSchema = z
  .strictObject({
    name: z.string().nullable().describe('the name of the reviewer’s API key; null when the key is unknown here'),
    department: z.string(),
    received: count.describe('steps the reviewer has recorded an opinion on (the last one to do so holds the step)'),
    finished: count,
    onTime: count,
    overdue: count.describe('finished after the deadline, or open past it'),
  })
  .meta({ id: 'ReviewerStats' });

const openWarningSchema = z.strictObject({
  caseId: z.string(),
  stepId: z.string(),
  department: z.string(),
  matterCode: z.string(),
  level: z.string().describe('warning, yellow or red'),
  deadline: instant.nullable(),
  remainingWorkingDays: count.nullable().describe('working days left; a held clock’s (补正, Art. 45) do not run down'),
  suspended: z.boolean().describe('its clock is held (the applicant’s or an Art. 45 period)'),
});

const openSuspensionSchema = z.strictObject({
  caseId: z.string(),
  suspensionId: z.string(),
  stepId: z.string().nullable(),
  department: z.string().nullable(),
  caseWide: z.boolean().describe('every department’s clock and the case’s are held'),
  reason: z.string(),
  since: instant,
  expectedEnd: instant.nullable().describe('when the period it said it needs ends'),
  overrun: z.boolean().describe('still running past that end'),
});

type RatingCounts = Record<(typeof RATING_LEVELS)[number], typeof count>;

const ratingsSummarySchema = z.strictObject({
  count,
  byLevel: z.strictObject(Object.fromEntries(RATING_LEVELS.map((level) => [level, count])) as RatingCounts),
  rectifications: z.strictObject({
    open: count,
    overdue: count.describe('open and past the deadline'),
    completed: count,
    completedLate: count,
  }),
});

const complaintStatsSchema = z.strictObject({
  filed: count,
  open: count,
  overdue: count.describe('open and past the answer limit'),
  answered: count,
  answeredLate: count,
  upheld: count,
});

const accountabilityStatsSchema = z.strictObject({
  opened: count,
  open: count,
  closed: count,
  atFault: count.describe('closed with the finding 过错'),
  noFault: count,
  bySource: z
    .strictObject(
      Object.fromEntries(ACCOUNTABILITY_SOURCES.map((source) => [source, count])) as Record<
        (typeof ACCOUNTABILITY_SOURCES)[number],
        typeof count
      >,
    )
    .describe('opened by a 红牌, a late 整改, an upheld 投诉'),
});

const feeSumsSchema = z.strictObject({
  fees: count,
  assessedFen: count.describe('assessed, in 分'),
  paidFen: count,
  waivedFen: count.describe('waived (减免) by a granted request'),
  dueFen: count.describe('still to pay'),
  cancelledFen: count.describe('neither paid nor waived when the case closed without its licence'),
  waiversPending: count.describe('fees whose waiver awaits its decision'),
});

const feeSummarySchema = feeSumsSchema.extend({
  byDepartment: z.record(z.string(), feeSumsSchema),
  byMatter: z.record(z.string(), feeSumsSchema),
});

const exemptionSummarySchema = z.strictObject({
  exempt: count.describe('steps closed as exempt (审批豁免清单), counted apart from approvals'),
  byDepartment: z.record(z.string(), count),
  byMatter: z.record(z.string(), count),
});

export const overviewSchema = z.strictObject({
  asOf: instant,
  total: statsSchema,
  byDepartment: z.record(z.string(), statsSchema),
  byMatter: z.record(z.string(), statsSchema),
  byReviewer: z.record(z.string(), reviewerStatsSchema).describe('per reviewer, by the key (actor id) that acted'),
  openWarnings: z.array(openWarningSchema),
  openSuspensions: z.array(openSuspensionSchema).describe('suspensions still running: case-wide ones, overrun ones'),
  ratings: ratingsSummarySchema,
  complaints: complaintStatsSchema.describe('评议投诉: every complaint, as it stands now'),
  accountability: accountabilityStatsSchema.describe('过错责任追究: every record, as it stands now'),
  fees: feeSummarySchema.describe(
    '统一收费: the fees assessed in the period (by assessment), of the department and matter asked, as they stand now',
  ),
  exemptions: exemptionSummarySchema.describe('审批豁免: the steps closed exempt in the period (by their acceptance)'),
});

export type Overview = z.infer<typeof overviewSchema>;

/** `GET /v1/supervision/overview/export`: the overview as a spreadsheet. */
export const exportQuerySchema = z
  .strictObject({
    ...overviewFilterShape,
    format: z
      .enum(['xlsx', 'csv'])
      .default('xlsx')
      .describe('xlsx: every table as a sheet; csv: the one table asked for'),
    table: z.enum(EXPORT_TABLES).default('departments').describe('for csv: which table'),
  })
  .superRefine(fromBeforeTo);

export type ExportQuery = z.infer<typeof exportQuerySchema>;

const answersMatchTypes: [
  SameShape<z.infer<typeof statsSchema>, SupervisionStats>,
  SameShape<z.infer<typeof reviewerStatsSchema>, ReviewerStats & { name: string | null }>,
  SameShape<z.infer<typeof openWarningSchema>, OpenWarning>,
  SameShape<z.infer<typeof ratingsSummarySchema>, RatingsSummary>,
  SameShape<z.infer<typeof caseCountsSchema>, CaseCounts>,
  SameShape<z.infer<typeof openSuspensionSchema>, OpenSuspension>,
  SameShape<z.infer<typeof complaintStatsSchema>, ComplaintStats>,
  SameShape<z.infer<typeof accountabilityStatsSchema>, AccountabilityStats>,
  SameShape<z.infer<typeof feeSummarySchema>, FeeSummary>,
  SameShape<z.infer<typeof exemptionSummarySchema>, ExemptionSummary>,
] = [true, true, true, true, true, true, true, true, true, true];
void answersMatchTypes;

/** `GET /v1/supervision/evaluation?from=&to=`: 绩效评估 of the departments whose steps were received in the period. */
export const evaluationQuerySchema = z
  .strictObject({
    from: instant.optional().describe('steps received, ratings given and rectifications due from this instant'),
    to: instant.optional().describe('… up to this instant (exclusive)'),
  })
  .superRefine(fromBeforeTo);

export type EvaluationQuery = z.infer<typeof evaluationQuerySchema>;

const componentSchema = z.strictObject({
  rate: z.number().nullable().describe('the measured rate in [0, 1]; null: nothing to measure, left out'),
  points: z.number().describe('its points out of 100, scaled up when a component is left out'),
  weight: z.number(),
});

const weightsSchema = z
  .strictObject(
    Object.fromEntries(EVALUATION_COMPONENTS.map((component) => [component, z.number()])) as Record<
      (typeof EVALUATION_COMPONENTS)[number],
      z.ZodNumber
    >,
  )
  .describe('points of each component (ONEWINDOW_EVALUATION_WEIGHTS), summing to 100');

export const evaluationSchema = z
  .strictObject({
    asOf: instant,
    from: instant.nullable(),
    to: instant.nullable(),
    weights: weightsSchema,
    departments: z.array(
      z.strictObject({
        department: z.string(),
        score: z.number().nullable().describe('out of 100; null when nothing could be measured'),
        rank: count.nullable(),
        received: count,
        finished: count,
        redCards: count.describe('红牌 of its steps received in the period'),
        ratings: count.describe('ratings of its cases given in the period'),
        badRatings: count,
        complaints: count.describe('complaints about its cases filed in the period'),
        upheldComplaints: count,
        accountabilityOpened: count.describe('accountability records opened against it in the period'),
        atFault: count.describe('过错 findings against it recorded in the period'),
        components: z.strictObject(
          Object.fromEntries(EVALUATION_COMPONENTS.map((component) => [component, componentSchema])) as Record<
            (typeof EVALUATION_COMPONENTS)[number],
            typeof componentSchema
          >,
        ),
      }),
    ),
  })
  .meta({ id: 'DepartmentEvaluation' });

export type Evaluation = z.infer<typeof evaluationSchema>;

/** `GET /v1/supervision/democratic-review?year=`: 民主评议, the ratings of each department's cases per quarter. */
export const democraticReviewQuerySchema = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('the calendar year (local time); this year when absent'),
});

export const democraticReviewSchema = z
  .strictObject({
    year: count,
    quarters: z.array(
      z.strictObject({
        quarter: z.string().describe('2026-Q3'),
        department: z.string(),
        ratings: count,
        byLevel: z.strictObject(
          Object.fromEntries(RATING_LEVELS.map((level) => [level, count.optional()])) as Record<
            (typeof RATING_LEVELS)[number],
            z.ZodOptional<z.ZodNumber>
          >,
        ),
        satisfaction: z.number().nullable().describe('ratings not bad ÷ all'),
        average: z.number().nullable().describe('非常满意 100, 满意 80, 基本满意 60, 不满意 20, 非常不满意 0'),
      }),
    ),
  })
  .meta({ id: 'DemocraticReview' });

export type DemocraticReview = z.infer<typeof democraticReviewSchema>;
