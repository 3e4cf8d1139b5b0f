import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CalendarError } from '../../../../libs/calendar';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ApiError } from '../common/api-error';
import { boolean, instant, integer, object, text } from '../common/response-schema';
import { IsInstant, ToInteger } from '../common/validation';

const deadlineSchema = object(
  {
    at: instant,
    date: { type: 'string', format: 'date' },
    provisional: boolean,
    workingDays: integer,
    calendarVersion: text,
  },
  { calendarDays: integer },
);

export class DeadlineQueryDto {
  @ApiProperty({
    description: 'start instant (counting starts the day after its local date)',
    format: 'date-time',
    example: '2026-09-28T02:00:00Z',
  })
  @IsInstant()
  from!: string;

  @ApiProperty({ description: 'number of days', example: 10, minimum: 0, maximum: 1000 })
  @ToInteger()
  @IsInt()
  @Min(0)
  @Max(1000)
  workingDays!: number;

  @ApiPropertyOptional({ enum: ['working-days', 'calendar-days'], default: 'working-days' })
  @IsOptional()
  @IsIn(['working-days', 'calendar-days'])
  unit?: 'working-days' | 'calendar-days';
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get('deadline')
  @ApiOkResponse({ description: '{ at, date, provisional, workingDays, calendarVersion }', schema: deadlineSchema })
  async deadline(@Query() query: DeadlineQueryDto) {
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
