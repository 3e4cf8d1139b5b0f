import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema, ZodQuery } from '../common/zod';
import { overviewQuerySchema, overviewSchema, type Overview, type OverviewQuery } from './supervision.schemas';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'auditor')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('overview')
  @ApiOkResponse({
    description:
      '电子监察: received, finished, on time, early, overdue, warnings, yellow and red cards, average working days used against the legal limit and the compression ratio, and the same steps counted in cases — in total, per department and per matter — and the open warning list, of the steps in the period, department and matter asked for; the 好差评 summary covers every rating',
    schema: openApiSchema(overviewSchema),
  })
  overview(@ZodQuery(overviewQuerySchema) query: OverviewQuery): Promise<Overview> {
    return this.supervision.overview({
      period: query.period,
      ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
      ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
      ...(query.department ? { department: query.department } : {}),
      ...(query.matter ? { matter: query.matter } : {}),
    });
  }
}
