import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, Matches } from 'class-validator';
import { CASE_ID_PATTERN } from '../../../../libs/contract';
import { Roles } from '../auth/roles.decorator';
import { AuditService } from './audit.service';

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: ['domain', 'temporal'], default: 'domain' })
  @IsOptional()
  @IsIn(['domain', 'temporal'])
  format?: 'domain' | 'temporal';
}

export class AsOfQueryDto {
  @ApiProperty({ description: 'the instant to rebuild the case at', example: '2026-03-05T02:00:00Z' })
  @IsISO8601({ strict: true })
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
  @IsOptional()
  @Matches(CASE_ID_PATTERN)
  caseId?: string;

  @ApiPropertyOptional({
    description: 'or an uploaded Temporal history (JSON, as GET …/history?format=temporal gives)',
    type: Object,
  })
  @IsOptional()
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
  })
  history(@Param('caseId') caseId: string, @Query() query: HistoryQueryDto) {
    return query.format === 'temporal' ? this.audit.temporalHistory(caseId) : this.audit.history(caseId);
  }

  @Get('cases/:caseId/state')
  @ApiOkResponse({
    description: 'the case rebuilt from its event log up to asOf, with the same evolve as the workflow',
  })
  state(@Param('caseId') caseId: string, @Query() query: AsOfQueryDto) {
    return this.audit.stateAsOf(caseId, new Date(query.asOf).toISOString());
  }

  @Get('audit/verify')
  @ApiQuery({ name: 'caseId', required: false })
  @ApiOkResponse({
    description: '{ verified, cases, events, problems[] }: edited, deleted or reordered rows break the chain',
  })
  verify(@Query() query: CaseIdQueryDto) {
    return this.audit.verify(query.caseId);
  }

  @Get('audit/export')
  @ApiOkResponse({ description: 'a self-contained archive bundle of one case' })
  export(@Query() query: ExportQueryDto) {
    return this.audit.export(query.caseId);
  }

  @Post('audit/replay')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ deterministic, divergence? } against today’s workflow code' })
  replay(@Body() body: ReplayDto) {
    return this.audit.replay(body);
  }
}
