import { z } from 'zod';
import { instant, text } from '@onewindow/contract/http';
import { RATING_LEVELS } from '@onewindow/supervision';

/** 好差评: the rating of a finished case and the completion of the rectification a bad one opens. */

export const rateCaseSchema = z.strictObject({
  level: z.enum(RATING_LEVELS).describe('非常满意 … 非常不满意; the last two open a rectification task'),
  comment: z.string().max(2000).optional().meta({ example: '审批人员态度好，办理及时' }),
});

export type RateCaseRequest = z.infer<typeof rateCaseSchema>;

export const completeRectificationSchema = z.strictObject({
  resolution: text(2000).meta({ example: '已约谈相关人员并优化流程' }),
});

export type CompleteRectificationRequest = z.infer<typeof completeRectificationSchema>;

export const ratingSchema = z.strictObject({
  ratingId: z.string(),
  caseId: z.string(),
  level: z.enum(RATING_LEVELS),
  rectification: z
    .strictObject({ id: z.string(), deadline: instant, provisional: z.boolean() })
    .optional()
    .describe('opened by a bad rating: due in 15 working days'),
});

export const rectificationCompletedSchema = z.strictObject({
  id: z.string(),
  completedAt: instant,
  onTime: z.boolean(),
});
