import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalendarError, type Deadline } from '@onewindow/calendar';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { noticeSource } from '@onewindow/calendar';
import { listNotices } from '@onewindow/persistence';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodQuery } from '../common/zod';
import {
  calendarYearsSchema,
  deadlineQuerySchema,
  deadlineSchema,
  noticeSchema,
  noticesQuerySchema,
  type DeadlineQuery,
} from './calendar.schemas';

/** Limits in days are counted up to 1000 here (hours and minutes up to 100,000). */
const MAX_DAYS = 1000;

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/calendar')
export class CalendarController {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('years')
  @ApiOkResponse({
    description: 'every published year by region, with the notice that decides it (its latest revision)',
    schema: openApiSchema(calendarYearsSchema),
  })
  async years(): Promise<z.infer<typeof calendarYearsSchema>> {
    const [calendar, all] = [await this.reference.calendar(), await listNotices(this.dataSource)];
    const regions = this.reference.regions();
    const latest = new Map(all.map((notice) => [`${notice.region}/${notice.year}`, notice]));
    return {
      calendarVersion: calendar.version,
      regions,
      officeHours: calendar.officeHours.map((stretch) => ({ ...stretch })),
      years: [...latest.values()].map((notice) => ({
        region: notice.region,
        year: notice.year,
        revision: notice.revision,
        revisions: all.filter((other) => other.region === notice.region && other.year === notice.year).length,
        source: noticeSource(notice),
        ...(notice.issuedOn ? { issuedOn: notice.issuedOn } : {}),
        holidays: notice.holidays.reduce(
          (days, period) => days + (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1,
          0,
        ),
        workdays: notice.workdays.length,
        publishedAt: notice.publishedAt,
        publishedBy: notice.publishedBy,
        applies: regions.includes(notice.region),
      })),
    };
  }

  @Get('notices')
  @ApiOkResponse({
    description: 'the notices as published, every revision (history is never overwritten), by region and year',
    schema: openApiSchema(z.array(noticeSchema)),
  })
  async notices(
    @ZodQuery(noticesQuerySchema) query: z.infer<typeof noticesQuerySchema>,
  ): Promise<Array<z.infer<typeof noticeSchema>>> {
    return (await listNotices(this.dataSource)).filter(
      (notice) =>
        (query.region === undefined || notice.region === query.region) &&
        (query.year === undefined || notice.year === query.year),
    );
  }

  @Get('deadline')
  @ApiOkResponse({
    description: '{ at, date, provisional, workingDays, calendarVersion }',
    schema: openApiSchema(deadlineSchema),
  })
  async deadline(@ZodQuery(deadlineQuerySchema) query: DeadlineQuery): Promise<Deadline> {
    const subDay = query.unit === 'working-hours' || query.unit === 'working-minutes';
    if (!subDay && query.workingDays > MAX_DAYS)
      throw ApiError.unprocessable('validation-failed', `workingDays: at most ${MAX_DAYS} days`, [
        { field: 'workingDays', rule: 'too_big', message: `at most ${MAX_DAYS} for a limit in days` },
      ]);
    const calendar = await this.reference.calendar();
    const from = new Date(query.from).toISOString();
    try {
      if (subDay)
        return calendar.workingTimeDeadline(
          from,
          query.unit === 'working-hours' ? query.workingDays * 60 : query.workingDays,
        );
      return query.unit === 'calendar-days'
        ? calendar.calendarDeadline(from, query.workingDays)
        : calendar.deadline(from, query.workingDays);
    } catch (error) {
      // Counting past the calendar's last year (9999) is the caller's doing; anything else is not.
      if (error instanceof CalendarError && error.code === 'out-of-range') {
        throw ApiError.unprocessable('deadline-out-of-range', `workingDays: ${error.message}`, [
          {
            field: 'workingDays',
            rule: 'deadline-within-calendar',
            message: 'the deadline must fall before 10000-01-01',
          },
        ]);
      }
      throw error;
    }
  }
}
