import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { INSTANT_RULE, isInstant } from '../common/validation';
import { QUERY_NAMES } from '../../../../libs/contract';
import { CaseListService } from './case-list.service';
import { CasesService } from './cases.service';
import { ListCasesDto } from './dto/list-cases.dto';
import { MessagesService } from './messages.service';
import { StartCaseDto } from './dto/start-case.dto';
import {
  caseListSchema,
  caseViewSchema,
  queryResultSchema,
  signalSentSchema,
  startedCaseSchema,
  updateOutcomeSchema,
} from './dto/case-responses';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const idempotencyKeySchema = { type: 'string', pattern: IDEMPOTENCY_KEY.source } as const;

export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw ApiError.unprocessable(
      'invalid-idempotency-key',
      'Idempotency-Key: 1-128 letters, digits, dot, colon, dash or underscore',
      [{ field: 'Idempotency-Key', rule: 'pattern', message: '1-128 letters, digits, dot, colon, dash or underscore' }],
    );
  }
  return header;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly messages: MessagesService,
    private readonly list_: CaseListService,
  ) {}

  @Post()
  @Roles('window', 'integrator')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: idempotencyKeySchema,
    description: 'repeat it to get the existing case back instead of a 409',
  })
  @ApiCreatedResponse({ description: 'the case workflow started', schema: startedCaseSchema })
  @ApiOkResponse({
    description: 'the same Idempotency-Key was used before: the existing case',
    schema: startedCaseSchema,
  })
  @ApiConflictResponse({ description: 'a case with this id exists' })
  @ApiUnprocessableEntityResponse({ description: 'the body breaks a rule; details name each field' })
  async start(
    @Body() body: StartCaseDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.cases.start(body, principal, idempotencyKeyOf(idempotencyKey));
    if (result.existing) response.status(200);
    return result;
  }

  @Get()
  @ApiOkResponse({
    description: 'cases from the read model, newest first: { items, page, pageSize, total }',
    schema: caseListSchema,
  })
  list(@Query() filter: ListCasesDto) {
    return this.list_.list(filter);
  }

  @Post(':caseId/signals/:name')
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: idempotencyKeySchema,
    description: 'becomes the commandId: a retried signal counts once',
  })
  @ApiBody({
    description: 'the message payload (see the contract); actor comes from the API key',
    schema: { type: 'object' },
  })
  @ApiAcceptedResponse({ description: 'validated and sent: { commandId }', schema: signalSentSchema })
  @ApiNotFoundResponse({ description: 'unknown signal name or case' })
  @ApiConflictResponse({ description: 'the case is closed' })
  @ApiUnprocessableEntityResponse({ description: 'the payload breaks the contract; details name each field' })
  signal(
    @Param('caseId') caseId: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.messages.signal(caseId, name, body, principal, idempotencyKeyOf(idempotencyKey));
  }

  @Post(':caseId/updates/:name')
  @HttpCode(200)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: idempotencyKeySchema,
    description: 'becomes the commandId: a retried update counts once',
  })
  @ApiBody({
    description: 'the message payload (see the contract); actor comes from the API key',
    schema: { type: 'object' },
  })
  @ApiOkResponse({
    description: 'the decision: { ok, commandId, duplicate, events, lastSequence }',
    schema: updateOutcomeSchema,
  })
  @ApiNotFoundResponse({ description: 'unknown update name or case' })
  @ApiConflictResponse({
    description:
      'the workflow refused the command now (error.code is the rejection code), or the case is still starting ' +
      '(error.code case-starting, with Retry-After); retry',
  })
  @ApiUnprocessableEntityResponse({
    description: 'the command is malformed for this case (error.code is the rejection code)',
  })
  update(
    @Param('caseId') caseId: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.messages.update(caseId, name, body, principal, idempotencyKeyOf(idempotencyKey));
  }

  @Get(':caseId/queries/:name')
  @ApiParam({ name: 'name', enum: QUERY_NAMES })
  @ApiOkResponse({
    description: 'case-state (a case view) or case-events, case-deadlines, missing-documents (lists)',
    schema: queryResultSchema,
  })
  @ApiNotFoundResponse({ description: 'unknown query name or case' })
  @ApiConflictResponse({ description: 'the case is still starting (error.code case-starting); retry' })
  query(@Param('caseId') caseId: string, @Param('name') name: string) {
    return this.messages.query(caseId, name);
  }

  @Get(':caseId')
  @ApiQuery({
    name: 'asOf',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description: 'evaluate remaining working days and warning levels at this instant',
  })
  @ApiOkResponse({
    description: 'the case as the workflow sees it: steps, deadlines, missing documents, suspensions',
    schema: caseViewSchema,
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiConflictResponse({ description: 'the case is still starting (error.code case-starting); retry' })
  get(@Param('caseId') caseId: string, @Query('asOf') asOf?: string) {
    if (asOf !== undefined && !isInstant(asOf)) {
      throw ApiError.unprocessable('invalid-instant', `asOf: ${INSTANT_RULE}`, [
        { field: 'asOf', rule: 'isInstant', message: INSTANT_RULE },
      ]);
    }
    return this.cases.state(caseId, asOf ? new Date(asOf).toISOString() : undefined);
  }
}
