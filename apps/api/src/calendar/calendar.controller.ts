import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalendarError, type Deadline } from '../../../../libs/calendar';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodQuery } from '../common/zod';
import { deadlineQuerySchema, deadlineSchema, type DeadlineQuery } from './calendar.schemas';

/** Limits in days are counted up to 1000 here (hours and minutes up to 100,000). */
const MAX_DAYS = 1000;

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly reference: ReferenceDataService) {}

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
