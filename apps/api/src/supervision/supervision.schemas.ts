import { z } from 'zod';
import { instant, type SameShape } from '../../../../libs/contract';
import { EXPORT_TABLES } from './supervision-export';
import {
  RATING_LEVELS,
  type OpenWarning,
  type RatingsSummary,
  type ReviewerStats,
  type SupervisionStats,
} from '../../../../libs/supervision';

/** `GET /v1/supervision/overview`: 电子监察 statistics and the 好差评 summary (libs/supervision's types). */

const count = z.number().int();

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
export const exportQuerySchema = z.strictObject({
  format: z
    .enum(['xlsx', 'csv'])
    .default('xlsx')
    .describe('xlsx: every table as a sheet; csv: the one table asked for'),
  table: z.enum(EXPORT_TABLES).default('departments').describe('for csv: which table'),
});

const answersMatchTypes: [
  SameShape<z.infer<typeof statsSchema>, SupervisionStats>,
  SameShape<z.infer<typeof reviewerStatsSchema>, ReviewerStats & { name: string | null }>,
  SameShape<z.infer<typeof openWarningSchema>, OpenWarning>,
  SameShape<z.infer<typeof ratingsSummarySchema>, RatingsSummary>,
] = [true, true, true, true];
void answersMatchTypes;
