import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, Matches } from 'class-validator';
import { CASE_ID_PATTERN } from '../../../../libs/contract';
import { Roles } from '../auth/roles.decorator';
import { IsInstant, IsOptionalNotNull } from '../common/validation';
import { caseViewSchema } from '../cases/dto/case-responses';
import {
  anyObject,
  arrayOf,
  boolean,
  instant,
  integer,
  nullable,
  object,
  text,
  type SchemaObject,
} from '../common/response-schema';
import { AuditService } from './audit.service';

const historyEntrySchema = object({
  sequence: integer,
  type: text,
  actor: anyObject,
  commandId: nullable(text),
  occurredAt: instant,
  recordedAt: instant,
  event: anyObject,
  prevHash: text,
  hash: text,
});

const verificationSchema = object({
  verified: boolean,
  cases: integer,
  events: integer,
  problems: arrayOf(object({ caseId: text })),
});

/** format=domain: the event log; format=temporal: the raw Temporal history (its JSON form). */
const historySchema: SchemaObject = {
  oneOf: [arrayOf(historyEntrySchema), object({ events: arrayOf(anyObject) })],
};

const exportSchema = object({
  format: { type: 'string', enum: ['onewindow-case-archive/1'] },
  exportedAt: instant,
  caseId: text,
  verification: verificationSchema,
  events: arrayOf(historyEntrySchema),
  temporalHistory: object({ events: arrayOf(anyObject) }),
  catalog: nullable(anyObject),
  calendar: anyObject,
  calendarVersionsUsed: arrayOf(text),
});

const replaySchema = object({ deterministic: boolean }, { caseId: text, divergence: text });

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: ['domain', 'temporal'], default: 'domain' })
  @IsOptional()
  @IsIn(['domain', 'temporal'])
  format?: 'domain' | 'temporal';
}

export class AsOfQueryDto {
  @ApiProperty({
    description: 'the instant to rebuild the case at',
    format: 'date-time',
    example: '2026-03-05T02:00:00Z',
  })
  @IsInstant()
  asOf!: string;
}

export class CaseIdQueryDto {
  @ApiPropertyOptional({ description: 'one case; all cases when absent' })
  @IsOptional()
  @Matches(CASE_ID_PATTERN)
  caseId?: string;
}

export class ExportQueryDto {
  @ApiProperty()
  @Matches(CASE_ID_PATTERN)
  caseId!: string;
}

export class ReplayDto {
  @ApiPropertyOptional({ description: 'replay this case’s Temporal history' })
  @IsOptionalNotNull()
  @Matches(CASE_ID_PATTERN)
  caseId?: string;

  @ApiPropertyOptional({
    description: 'or an uploaded Temporal history (JSON, as GET …/history?format=temporal gives)',
    type: Object,
  })
  @IsOptionalNotNull()
  @IsObject()
  history?: Record<string, unknown>;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'supervisor')
@Controller('v1')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:caseId/history')
  @ApiOkResponse({
    description: 'the domain event log with actors, instants and hashes; format=temporal gives the raw history',
    schema: historySchema,
  })
  @ApiNotFoundResponse({ description: 'no such case, or it has no recorded events yet' })
  history(@Param('caseId') caseId: string, @Query() query: HistoryQueryDto) {
    return query.format === 'temporal' ? this.audit.temporalHistory(caseId) : this.audit.history(caseId);
  }

  @Get('cases/:caseId/state')
  @ApiOkResponse({
    description: 'the case rebuilt from its event log up to asOf, with the same evolve as the workflow',
    schema: caseViewSchema,
  })
  @ApiNotFoundResponse({ description: 'no such case, or it did not exist yet at asOf' })
  state(@Param('caseId') caseId: string, @Query() query: AsOfQueryDto) {
    return this.audit.stateAsOf(caseId, new Date(query.asOf).toISOString());
  }

  @Get('audit/verify')
  @ApiQuery({ name: 'caseId', required: false })
  @ApiOkResponse({
    description: '{ verified, cases, events, problems[] }: edited, deleted or reordered rows break the chain',
    schema: verificationSchema,
  })
  verify(@Query() query: CaseIdQueryDto) {
    return this.audit.verify(query.caseId);
  }

  @Get('audit/export')
  @ApiOkResponse({ description: 'a self-contained archive bundle of one case', schema: exportSchema })
  @ApiNotFoundResponse({ description: 'no such case, or it has no recorded events yet' })
  export(@Query() query: ExportQueryDto) {
    return this.audit.export(query.caseId);
  }

  @Post('audit/replay')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ deterministic, divergence? } against today’s workflow code', schema: replaySchema })
  @ApiNotFoundResponse({ description: 'caseId names no case' })
  replay(@Body() body: ReplayDto) {
    return this.audit.replay(body);
  }
}
