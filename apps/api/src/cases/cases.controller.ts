import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodBody, ZodQuery } from '../common/zod';
import {
  caseListSchema,
  QUERY_NAMES,
  queryResultSchema,
  signalSentSchema,
  startCaseSchema,
  startedCaseSchema,
  updateOutcomeSchema,
  type CaseListAnswer,
  type SignalAnswer,
  type StartCaseRequest,
  type StartedCase,
  type UpdateAnswer,
} from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import { CaseListService } from './case-list.service';
import { CasesService } from './cases.service';
import {
  CaseIdParam,
  caseViewQuerySchema,
  idempotencyKeySchema,
  listCasesQuerySchema,
  type ListCasesQuery,
} from './cases.schemas';
import { MessagesService } from './messages.service';
import { caseAnswerSchema } from '../projects/projects.schemas';
import { ProjectsService } from '../projects/projects.service';
import type { WholeProcessView } from '@onewindow/supervision';

const IDEMPOTENCY_PROBLEM = '1-128 letters, digits, dot, colon, dash or underscore';

export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeySchema.safeParse(header).success) {
    throw ApiError.unprocessable('invalid-idempotency-key', `Idempotency-Key: ${IDEMPOTENCY_PROBLEM}`, [
      { field: 'Idempotency-Key', rule: 'pattern', message: IDEMPOTENCY_PROBLEM },
    ]);
  }
  return header;
}

function idempotencyKeyHeader(description: string): MethodDecorator {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: openApiSchema(idempotencyKeySchema, 'input'),
    description,
  });
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly messages: MessagesService,
    private readonly list_: CaseListService,
    private readonly projects: ProjectsService,
  ) {}

  @Post()
  @Roles('window', 'integrator')
  @HttpCode(201)
  @idempotencyKeyHeader('repeat it to get the existing case back instead of a 409')
  @ApiCreatedResponse({ description: 'the case workflow started', schema: openApiSchema(startedCaseSchema) })
  @ApiOkResponse({
    description: 'the same Idempotency-Key was used before: the existing case',
    schema: openApiSchema(startedCaseSchema),
  })
  @ApiConflictResponse({ description: 'a case with this id exists' })
  @ApiUnprocessableEntityResponse({ description: 'the body breaks a rule; details name each field' })
  async start(
    @ZodBody(startCaseSchema) body: StartCaseRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StartedCase> {
    const result = await this.cases.start(body, principal, idempotencyKeyOf(idempotencyKey));
    if (result.existing) response.status(200);
    return result;
  }

  @Get()
  @ApiOkResponse({
    description: 'cases from the read model, newest first: { items, page, pageSize, total }',
    schema: openApiSchema(caseListSchema),
  })
  list(@ZodQuery(listCasesQuerySchema) filter: ListCasesQuery): Promise<CaseListAnswer> {
    return this.list_.list(filter);
  }

  // The body of a message is validated against the schema of {name} (MessagesService); the OpenAPI document has
  // one path per message with its own body (common/openapi.ts).
  @Post(':caseId/signals/:name')
  @HttpCode(202)
  @idempotencyKeyHeader('becomes the commandId: a retried signal counts once')
  @ApiAcceptedResponse({ description: 'validated and sent: { commandId }', schema: openApiSchema(signalSentSchema) })
  @ApiNotFoundResponse({ description: 'unknown signal name or case' })
  @ApiConflictResponse({ description: 'the case is closed' })
  @ApiUnprocessableEntityResponse({ description: 'the payload breaks the contract; details name each field' })
  signal(
    @CaseIdParam() caseId: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<SignalAnswer> {
    return this.messages.signal(caseId, name, body, principal, idempotencyKeyOf(idempotencyKey));
  }

  @Post(':caseId/updates/:name')
  @HttpCode(200)
  @idempotencyKeyHeader('becomes the commandId: a retried update counts once')
  @ApiOkResponse({
    description: 'the decision: { ok, commandId, duplicate, events, lastSequence }',
    schema: openApiSchema(updateOutcomeSchema),
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
    @CaseIdParam() caseId: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<UpdateAnswer> {
    return this.messages.update(caseId, name, body, principal, idempotencyKeyOf(idempotencyKey));
  }

  @Get(':caseId/queries/:name')
  @ApiParam({ name: 'name', enum: QUERY_NAMES })
  @ApiOkResponse({
    description: 'case-state (a case view) or case-events, case-deadlines, missing-documents (lists)',
    schema: openApiSchema(queryResultSchema),
  })
  @ApiNotFoundResponse({ description: 'unknown query name or case' })
  @ApiConflictResponse({ description: 'the case is still starting (error.code case-starting); retry' })
  query(@CaseIdParam() caseId: string, @Param('name') name: string): Promise<z.infer<typeof queryResultSchema>> {
    return this.messages.query(caseId, name);
  }

  @Get(':caseId')
  @ApiOkResponse({
    description: 'the case as the workflow sees it: steps, deadlines, missing documents, suspensions',
    schema: openApiSchema(caseAnswerSchema),
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiConflictResponse({ description: 'the case is still starting (error.code case-starting); retry' })
  async get(
    @CaseIdParam() caseId: string,
    @ZodQuery(caseViewQuerySchema, 'invalid-instant') query: z.infer<typeof caseViewQuerySchema>,
  ): Promise<CaseView & { wholeProcess?: WholeProcessView }> {
    const asOf = query.asOf ? new Date(query.asOf).toISOString() : undefined;
    const view = await this.cases.state(caseId, asOf);
    const code = view.project.code;
    // The project clock is as of now: the stage cases are read as they stand, not as they stood at `asOf`.
    const project = code && !asOf ? await this.projects.wholeProcess(code) : undefined;
    return project ? { ...view, wholeProcess: project } : view;
  }
}
