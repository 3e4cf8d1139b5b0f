import { z } from 'zod';
import { code, instant, type SameShape } from '@onewindow/contract';
import {
  RATING_LEVELS,
  SUPERVISION_PERIODS,
  type CaseCounts,
  type OpenWarning,
  type RatingsSummary,
  type ReviewerStats,
  type SupervisionStats,
} from '@onewindow/supervision';

/** The tables of an 电子监察 export: one sheet each in XLSX, one of them per CSV file. */
export const EXPORT_TABLES = ['departments', 'matters', 'reviewers', 'warnings'] as const;
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
    onTime: count.describe('closed by the case’s deadline'),
    overdue: count.describe('closed after the case’s deadline, or open past it'),
    open: count,
  })
  .describe('the cases (办件) of these steps, each once')
  .meta({ id: 'SupervisionCaseCounts' });

const statsSchema = z
  .strictObject({
    received: count,
    finished: count,
    onTime: count,
    early: count,
    overdue: count,
    open: count,
    warnings: count.describe('预警'),
    yellowCards: count.describe('黄牌'),
    redCards: count.describe('红牌'),
    averageWorkingDaysUsed: z.number().nullable().describe('average working days used by finished steps'),
    averageLegalWorkingDays: z.number().nullable().describe('average legal limit of the same steps'),
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
  remainingWorkingDays: count.nullable(),
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

export const overviewSchema = z.strictObject({
  asOf: instant,
  total: statsSchema,
  byDepartment: z.record(z.string(), statsSchema),
  byMatter: z.record(z.string(), statsSchema),
  byReviewer: z.record(z.string(), reviewerStatsSchema).describe('per reviewer, by the key (actor id) that acted'),
  openWarnings: z.array(openWarningSchema),
  ratings: ratingsSummarySchema,
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
] = [true, true, true, true, true];
void answersMatchTypes;
