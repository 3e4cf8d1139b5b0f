import { z } from 'zod';
import type { Deadline } from '@onewindow/calendar';
import { instant, type SameShape } from '@onewindow/contract/http';
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

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .meta({ format: 'date' });
const name = z.string().trim().min(1).max(40);

/** The body of POST /v1/admin/calendar/notices: one year's notice as published (structure; rules in validateNotice). */
export const noticeBodySchema = z.strictObject({
  region: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/, 'CN for the State Council, or a local region code (upper case)')
    .describe('CN: the State Council notice; any other code: a local government’s extra holidays'),
  year: z.number().int().min(2000).max(9998),
  title: z.string().trim().min(1).max(200).meta({ example: '国务院办公厅关于2027年部分节假日安排的通知' }),
  documentNumber: z.string().trim().min(1).max(60).describe('发文字号').meta({ example: '国办发明电〔2026〕9号' }),
  issuedOn: isoDate.describe('the date on the notice'),
  holidays: z
    .array(z.strictObject({ name, from: isoDate, to: isoDate }))
    .max(40)
    .describe('periods off, inclusive, weekend days inside a period included'),
  workdays: z
    .array(z.strictObject({ name, date: isoDate }))
    .max(40)
    .describe('weekend days worked in exchange (调休上班)'),
});

export type NoticeBody = z.infer<typeof noticeBodySchema>;

export const noticeSchema = noticeBodySchema
  .extend({
    id: z.number().int(),
    revision: z.number().int().describe('1 for the first notice of a region’s year; a correction is the next'),
    issuedOn: isoDate.optional().describe('absent for notices migrated from before 2026-12'),
    digest: z.string(),
    publishedAt: instant,
    publishedBy: z.string(),
  })
  .meta({ id: 'HolidayNotice' });

export const calendarYearsSchema = z
  .strictObject({
    calendarVersion: z.string().describe('the version deadlines computed now record'),
    regions: z.array(z.string()).describe('the regions this deployment counts with, national first'),
    officeHours: z.array(z.strictObject({ start: z.string(), end: z.string() })),
    years: z.array(
      z.strictObject({
        region: z.string(),
        year: z.number().int(),
        revision: z.number().int(),
        revisions: z.number().int().describe('how many revisions were published (history is kept)'),
        source: z.string().describe('title（文号） as every day of it cites'),
        issuedOn: isoDate.optional(),
        holidays: z.number().int().describe('days off listed'),
        workdays: z.number().int().describe('调休 working days listed'),
        publishedAt: instant,
        publishedBy: z.string(),
        applies: z.boolean().describe('whether this deployment’s calendar counts with it'),
      }),
    ),
  })
  .meta({ id: 'CalendarYears' });

export const noticesQuerySchema = z.object({
  region: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/)
    .optional(),
  year: queryInteger(2000, 9998).optional(),
});

export const recomputationSchema = z
  .strictObject({
    id: z.string(),
    noticeId: z.number().int(),
    calendarVersion: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    total: z.number().int().describe('open cases found that count days in the notice’s year'),
    done: z.number().int(),
    cases: z.strictObject({
      changed: z.number().int(),
      unchanged: z.number().int(),
      closed: z.number().int().describe('closed before their turn came'),
      failed: z.number().int(),
    }),
    deadlinesMoved: z.number().int(),
    becameFinal: z.number().int().describe('provisional deadlines that are final now'),
    moves: z
      .array(
        z.strictObject({
          caseId: z.string(),
          clock: z.string(),
          from: instant,
          to: instant,
          becameFinal: z.boolean(),
        }),
      )
      .describe('the first 500 deadlines that moved'),
    startedAt: instant,
    finishedAt: instant.optional(),
  })
  .meta({ id: 'CalendarRecomputation' });

export const publishedNoticeSchema = z
  .strictObject({
    created: z.boolean().describe('false when the latest revision already says exactly this'),
    notice: noticeSchema,
    calendarVersion: z.string(),
    recomputation: recomputationSchema
      .optional()
      .describe('when the notice changed this deployment’s calendar: the open cases being recomputed'),
  })
  .meta({ id: 'PublishedNotice' });
