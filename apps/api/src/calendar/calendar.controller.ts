import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalendarError, type Deadline } from '../../../../libs/calendar';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodQuery } from '../common/zod';
import { deadlineQuerySchema, deadlineSchema, type DeadlineQuery } from './calendar.schemas';

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
    const calendar = await this.reference.calendar();
    const from = new Date(query.from).toISOString();
    try {
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
