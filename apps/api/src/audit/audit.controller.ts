import { Controller, Get, HttpCode, Post, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { caseViewSchema } from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { CaseScope } from '../auth/case-scope';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { archiveQuerySchema, CaseIdParam } from '../cases/cases.schemas';
import { openApiSchema, ZodBody, ZodQuery } from '../common/zod';
import {
  asOfQuerySchema,
  exportQuerySchema,
  exportSchema,
  historyQuerySchema,
  historySchema,
  replayBodySchema,
  replaySchema,
  timelineSchema,
  verificationSchema,
  verifyQuerySchema,
  type ReplayAnswer,
  type ReplayRequest,
  type Verification,
} from './audit.schemas';
import { AuditService } from './audit.service';
import { Throttle } from '@nestjs/throttler';
import { rateLimits } from '../security/rate-limits';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'supervisor')
@Controller('v1')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly scope: CaseScope,
  ) {}

  @Get('cases/:caseId/history')
  @ApiOkResponse({
    description: 'the domain event log with actors, instants and hashes; format=temporal gives the raw history',
    schema: openApiSchema(historySchema),
  })
  @ApiNotFoundResponse({ description: 'no such case, or it has no recorded events yet' })
  history(@CaseIdParam() caseId: string, @ZodQuery(historyQuerySchema) query: z.infer<typeof historyQuerySchema>) {
    return query.format === 'temporal' ? this.audit.temporalHistory(caseId) : this.audit.history(caseId);
  }

  @Get('cases/:caseId/timeline')
  @Roles('auditor', 'supervisor', 'window', 'department')
  @ApiOkResponse({
    description: 'the case’s event log for the staff: sequence, type, instant, actor and the event (reasons, items)',
    schema: openApiSchema(timelineSchema),
  })
  @ApiNotFoundResponse({ description: 'no such case, or it has no recorded events yet' })
  @ApiForbiddenResponse({ description: 'a department key, and the case has no step of its department' })
  async timeline(
    @CaseIdParam() caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof timelineSchema>> {
    await this.scope.assertReadable(principal, caseId);
    return this.audit.timeline(caseId);
  }

  @Get('cases/:caseId/state')
  @ApiOkResponse({
    description: 'the case rebuilt from its event log up to asOf, with the same evolve as the workflow',
    schema: openApiSchema(caseViewSchema),
  })
  @ApiNotFoundResponse({ description: 'no such case, or it did not exist yet at asOf' })
  state(
    @CaseIdParam() caseId: string,
    @ZodQuery(asOfQuerySchema) query: z.infer<typeof asOfQuerySchema>,
  ): Promise<CaseView> {
    return this.audit.stateAsOf(caseId, new Date(query.asOf).toISOString());
  }

  @Get('audit/verify')
  @ApiOkResponse({
    description: '{ verified, cases, events, problems[] }: edited, deleted or reordered rows break the chain',
    schema: openApiSchema(verificationSchema),
  })
  verify(@ZodQuery(verifyQuerySchema) query: z.infer<typeof verifyQuerySchema>): Promise<Verification> {
    return this.audit.verify(query.caseId);
  }

  @Get('audit/export')
  @ApiOkResponse({ description: 'a self-contained archive bundle of one case', schema: openApiSchema(exportSchema) })
  @ApiNotFoundResponse({ description: 'no such case, or it has no recorded events yet' })
  export(@ZodQuery(exportQuerySchema) query: z.infer<typeof exportQuerySchema>) {
    return this.audit.export(query.caseId);
  }

  @Get('audit/archive')
  @ApiOkResponse({
    description:
      'a zip of the export bundles of every case the filter matches (cases/<caseId>.json) with manifest.json: the ' +
      'filter, and per case its file, SHA-256, event count and chain verification',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  async archive(@ZodQuery(archiveQuerySchema) query: z.infer<typeof archiveQuerySchema>): Promise<StreamableFile> {
    const { limit, ...filter } = query;
    const zip = await this.audit.archive(filter, limit);
    const stamp = new Date().toISOString().slice(0, 10);
    return new StreamableFile(zip, {
      type: 'application/zip',
      disposition: `attachment; filename="onewindow-archive-${stamp}.zip"`,
      length: zip.length,
    });
  }

  @Post('audit/replay')
  @HttpCode(200)
  // A replay bundles and runs the workflow code: a few per minute per key.
  @Throttle({ default: { limit: () => rateLimits().replaysPerMinute, ttl: 60_000 } })
  @ApiOkResponse({
    description: '{ deterministic, divergence? } against today’s workflow code',
    schema: openApiSchema(replaySchema),
  })
  @ApiNotFoundResponse({ description: 'caseId names no case' })
  @ApiServiceUnavailableResponse({
    description:
      'no verdict: the replay worker failed as a whole (error.code replay-unavailable), 20 replays are already waiting (replay-busy), or Temporal or Postgres is not reachable (dependency-unavailable); retry after Retry-After',
  })
  replay(@ZodBody(replayBodySchema) body: ReplayRequest): Promise<ReplayAnswer> {
    return this.audit.replay(body);
  }
}
