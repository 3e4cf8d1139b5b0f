import { z } from 'zod';
import { instant, type SameShape } from '../../../../libs/contract';
import {
  RATING_LEVELS,
  type OpenWarning,
  type RatingsSummary,
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
  openWarnings: z.array(openWarningSchema),
  ratings: ratingsSummarySchema,
});

export type Overview = z.infer<typeof overviewSchema>;

const answersMatchTypes: [
  SameShape<z.infer<typeof statsSchema>, SupervisionStats>,
  SameShape<z.infer<typeof openWarningSchema>, OpenWarning>,
  SameShape<z.infer<typeof ratingsSummarySchema>, RatingsSummary>,
] = [true, true, true];
void answersMatchTypes;
