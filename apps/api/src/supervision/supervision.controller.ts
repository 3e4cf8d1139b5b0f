import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema } from '../common/zod';
import { overviewSchema, type Overview } from './supervision.schemas';
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
      '电子监察: received, finished, on time, early, overdue, warnings, yellow and red cards, average working days used against the legal limit and the compression ratio — in total, per department and per matter — and the open warning list',
    schema: openApiSchema(overviewSchema),
  })
  overview(): Promise<Overview> {
    return this.supervision.overview();
  }
}
