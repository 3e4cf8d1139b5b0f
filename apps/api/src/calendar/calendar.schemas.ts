import { z } from 'zod';
import type { Deadline } from '../../../../libs/calendar';
import { instant, type SameShape } from '../../../../libs/contract';
import { queryInteger } from '../common/zod';

/** `GET /v1/calendar/deadline`: what it reads and what it answers. */

export const deadlineQuerySchema = z.strictObject({
  from: instant.describe('start instant (counting starts the day after its local date)'),
  workingDays: queryInteger(0, 100_000)
    .describe('how many of `unit` (the name is historical: days, hours or minutes); days at most 1000')
    .meta({ example: 10 }),
  unit: z.enum(['working-days', 'calendar-days', 'working-hours', 'working-minutes']).default('working-days'),
});

export type DeadlineQuery = z.infer<typeof deadlineQuerySchema>;

export const deadlineSchema = z.strictObject({
  at: instant.describe('office close of the last working day'),
  date: z.string().meta({ format: 'date' }).describe('the last working day, in the calendar’s time zone'),
  provisional: z.boolean().describe('a day counted lies in a year with no published notice'),
  workingDays: z.number().int().describe('working days counted'),
  calendarDays: z.number().int().optional().describe('calendar-day limits only: the calendar days asked for'),
  workingMinutes: z
    .number()
    .int()
    .optional()
    .describe('limits in working hours or minutes: the office minutes counted'),
  calendarVersion: z.string(),
});

const answerMatchesType: SameShape<z.infer<typeof deadlineSchema>, Deadline> = true;
void answerMatchesType;
