import { z } from 'zod';
import { actor, instant, text } from '@onewindow/contract/http';
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

/** A rectification (整改) as supervisors and the rated case's departments read it. */
export const rectificationSchema = z
  .strictObject({
    id: z.string(),
    caseId: z.string(),
    departments: z.array(z.string()).describe('the rated case’s departments: any of them may complete it'),
    openedAt: instant,
    deadline: instant.describe('15 working days after the bad rating'),
    provisional: z.boolean().describe('the deadline runs past the published calendar'),
    completedAt: instant.nullable(),
    resolution: z.string().nullable(),
    completedBy: actor.nullable().describe('who completed it (null while open, or completed before it was recorded)'),
    onTime: z.boolean().nullable().describe('completed by the deadline; null while open'),
  })
  .meta({ id: 'Rectification' });

export const rectificationCompletedSchema = rectificationSchema.extend({
  completedAt: instant,
  completedBy: actor,
  onTime: z.boolean(),
});

export const rectificationListSchema = z.strictObject({ items: z.array(rectificationSchema) });

export const listRectificationsQuerySchema = z.strictObject({
  department: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,40}$/, 'a department code')
    .optional()
    .describe('tasks of the cases this department takes part in (a department key is held to its own)'),
  open: z.enum(['true', 'false']).optional().describe('true: only the tasks not yet completed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
