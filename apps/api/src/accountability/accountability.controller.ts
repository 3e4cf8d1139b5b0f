import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CaseIdParam } from '../cases/cases.schemas';
import { openApiSchema, ZodBody, ZodQuery } from '../common/zod';
import {
  accountabilityListSchema,
  accountabilityRecordSchema,
  answerComplaintSchema,
  closeAccountabilitySchema,
  complaintListSchema,
  complaintSchema,
  fileComplaintSchema,
  listAccountabilityQuerySchema,
  listComplaintsQuerySchema,
  type AnswerComplaintRequest,
  type CloseAccountabilityRequest,
  type FileComplaintRequest,
} from './accountability.schemas';
import { AccountabilityService } from './accountability.service';

type Complaint = z.infer<typeof complaintSchema>;

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('v1')
export class AccountabilityController {
  constructor(private readonly accountability: AccountabilityService) {}

  @Post('cases/:caseId/complaints')
  @Roles('integrator')
  @ApiCreatedResponse({
    description: '评议投诉 filed about the case, due for a supervisor’s answer in the configured working days',
    schema: openApiSchema(complaintSchema),
  })
  @ApiForbiddenResponse({
    description: 'only the unscoped integrator key relays the applicant’s complaint (complaint-from-applicant-side)',
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  file(
    @CaseIdParam() caseId: string,
    @ZodBody(fileComplaintSchema) body: FileComplaintRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Complaint> {
    return this.accountability.file(caseId, body.subject, principal);
  }

  @Get('complaints')
  @Roles('supervisor', 'auditor', 'integrator', 'department')
  @ApiOkResponse({
    description: 'complaints, newest first; a department or integrator:<code> key sees its cases’ only',
    schema: openApiSchema(complaintListSchema),
  })
  @ApiForbiddenResponse({ description: 'a department key asked for another department (case-outside-department)' })
  complaints(
    @ZodQuery(listComplaintsQuerySchema) query: z.infer<typeof listComplaintsQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof complaintListSchema>> {
    return this.accountability.complaints(principal, { ...query, open: query.open === 'true' });
  }

  @Get('complaints/:id')
  @Roles('supervisor', 'auditor', 'integrator', 'department')
  @ApiOkResponse({
    description: 'one complaint with its finding and the answer told back to the applicant',
    schema: openApiSchema(complaintSchema),
  })
  @ApiNotFoundResponse({ description: 'no such complaint' })
  @ApiForbiddenResponse({ description: 'a confined key and a case its department has no step in' })
  complaint(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Complaint> {
    return this.accountability.complaint(id, principal);
  }

  @Post('complaints/:id/answer')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the complaint answered with a finding; an upheld one opens an accountability record per department',
    schema: openApiSchema(complaintSchema),
  })
  @ApiNotFoundResponse({ description: 'no such complaint' })
  @ApiConflictResponse({ description: 'the complaint is already answered (already-answered)' })
  @ApiForbiddenResponse({ description: 'only supervisors decide findings' })
  answer(
    @Param('id') id: string,
    @ZodBody(answerComplaintSchema) body: AnswerComplaintRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Complaint> {
    return this.accountability.answer(id, body.finding, body.answer, principal);
  }

  @Get('accountability')
  @Roles('supervisor', 'auditor', 'department')
  @ApiOkResponse({
    description:
      '问责 records, newest first, each opened by a step’s 红牌, a late 整改 or an upheld 投诉 against one department; ' +
      'a department key sees those against its own',
    schema: openApiSchema(accountabilityListSchema),
  })
  @ApiForbiddenResponse({ description: 'a department key asked for another department (case-outside-department)' })
  records(
    @ZodQuery(listAccountabilityQuerySchema) query: z.infer<typeof listAccountabilityQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof accountabilityListSchema>> {
    return this.accountability.records(principal, { ...query, open: query.open === 'true' });
  }

  @Post('accountability/:id/close')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the record closed with the finding (过错 / 无过错), the reasons and the measure taken',
    schema: openApiSchema(accountabilityRecordSchema),
  })
  @ApiNotFoundResponse({ description: 'no such record' })
  @ApiConflictResponse({ description: 'the record is already closed (already-closed)' })
  @ApiForbiddenResponse({
    description: 'only supervisors decide findings, and not about an opinion their own key gave (own-conduct)',
  })
  close(
    @Param('id') id: string,
    @ZodBody(closeAccountabilitySchema) body: CloseAccountabilityRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof accountabilityRecordSchema>> {
    return this.accountability.close(id, body, principal);
  }
}
