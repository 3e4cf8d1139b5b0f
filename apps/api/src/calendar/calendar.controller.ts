import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from '../../../../libs/calendar';
import { calendarSettingsFromEnv, loadCalendarData } from '../../../../libs/persistence';

export class DeadlineQueryDto {
  @ApiProperty({
    description: 'start instant (counting starts the day after its local date)',
    example: '2026-09-28T02:00:00Z',
  })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ description: 'number of days', example: 10, minimum: 0, maximum: 1000 })
  @Type(() => Number)
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
  constructor(private readonly dataSource: DataSource) {}

  @Get('deadline')
  @ApiOkResponse({ description: '{ at, date, provisional, workingDays, calendarVersion }' })
  async deadline(@Query() query: DeadlineQueryDto) {
    const calendar = new WorkingCalendar(await loadCalendarData(this.dataSource, calendarSettingsFromEnv()));
    const from = new Date(query.from).toISOString();
    return query.unit === 'calendar-days'
      ? calendar.calendarDeadline(from, query.workingDays)
      : calendar.deadline(from, query.workingDays);
  }
}
