import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { anyObject, arrayOf, instant, integer, mapOf, nullable, number, object, text } from '../common/response-schema';
import { SupervisionService } from './supervision.service';

const statsSchema = object({
  received: integer,
  finished: integer,
  onTime: integer,
  early: integer,
  overdue: integer,
  open: integer,
  warnings: integer,
  yellowCards: integer,
  redCards: integer,
  averageWorkingDaysUsed: nullable(number),
  averageLegalWorkingDays: nullable(number),
  compressionRatio: nullable(number),
});

const overviewSchema = object({
  asOf: instant,
  total: statsSchema,
  byDepartment: mapOf(statsSchema),
  byMatter: mapOf(statsSchema),
  openWarnings: arrayOf(
    object({
      caseId: text,
      stepId: text,
      department: text,
      matterCode: text,
      level: text,
      deadline: nullable(instant),
      remainingWorkingDays: nullable(integer),
    }),
  ),
  ratings: object({ count: integer, byLevel: mapOf(integer), rectifications: anyObject }),
});

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'auditor')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('overview')
  @ApiOkResponse({
    description:
      '电子监察: received, finished, on time, early, overdue, warnings, yellow and red cards, average working days used against the legal limit and the compression ratio — in total, per department and per matter — and the open warning list',
    schema: overviewSchema,
  })
  overview() {
    return this.supervision.overview();
  }
}
