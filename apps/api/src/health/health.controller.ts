import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { boolean, integer, object, oneOfValues, text } from '../common/response-schema';
import { HealthService, type HealthReport } from './health.service';

const dependencySchema = { ready: boolean, latencyMs: integer };
const healthSchema = object({
  status: oneOfValues(['ok', 'degraded']),
  temporal: object({ ...dependencySchema, address: text, namespace: text }, { detail: text }),
  postgres: object(dependencySchema, { detail: text }),
});

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOkResponse({ description: 'Temporal and Postgres are both reachable', schema: healthSchema })
  @ApiServiceUnavailableResponse({
    description: 'at least one dependency is not ready; the body says which',
    schema: healthSchema,
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
