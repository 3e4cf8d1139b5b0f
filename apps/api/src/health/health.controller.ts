import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { openApiSchema } from '../common/zod';
import { healthSchema, livenessSchema, type HealthReport, type Liveness } from './health.schemas';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process answers. Never fails because Temporal or Postgres is down (a restart would not help). */
  @Get('live')
  @ApiOkResponse({ description: 'the process is up', schema: openApiSchema(livenessSchema) })
  live(): Liveness {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: Temporal and Postgres both answer; a load balancer sends no traffic while this is 503. */
  @Get('ready')
  @ApiOkResponse({ description: 'Temporal and Postgres are both reachable', schema: openApiSchema(healthSchema) })
  @ApiServiceUnavailableResponse({
    description: 'at least one dependency is not ready; the body says which',
    schema: openApiSchema(healthSchema),
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  /** The readiness report, as /health/ready (kept for the probes written against it). */
  @Get()
  @ApiOkResponse({ description: 'as /health/ready', schema: openApiSchema(healthSchema) })
  @ApiServiceUnavailableResponse({ description: 'as /health/ready', schema: openApiSchema(healthSchema) })
  check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.ready(response);
  }
}
