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
  completeRectificationSchema,
  listRectificationsQuerySchema,
  rateCaseSchema,
  ratingSchema,
  rectificationCompletedSchema,
  rectificationListSchema,
  type CompleteRectificationRequest,
  type RateCaseRequest,
} from './ratings.schemas';
import { RatingsService } from './ratings.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('v1')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('cases/:caseId/rating')
  @Roles('integrator')
  @ApiForbiddenResponse({
    description: 'only the unscoped integrator key relays the applicant’s rating (rating-from-applicant-side)',
  })
  @ApiCreatedResponse({
    description: '好差评 recorded; a bad rating returns its rectification task (15 working days)',
    schema: openApiSchema(ratingSchema),
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiConflictResponse({ description: 'the case is not finished (case-not-finished) or already rated (already-rated)' })
  rate(
    @CaseIdParam() caseId: string,
    @ZodBody(rateCaseSchema) body: RateCaseRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof ratingSchema>> {
    return this.ratings.rate(caseId, body.level, body.comment, principal);
  }

  @Post('rectifications/:id/complete')
  @Roles('supervisor', 'department', 'integrator')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the task completed: when, by whom, on time or not',
    schema: openApiSchema(rectificationCompletedSchema),
  })
  @ApiNotFoundResponse({ description: 'no such rectification task' })
  @ApiConflictResponse({ description: 'the task is already completed (already-completed)' })
  @ApiForbiddenResponse({
    description: 'neither a supervisor nor a key of one of the rated case’s departments (rectification-not-yours)',
  })
  complete(
    @Param('id') id: string,
    @ZodBody(completeRectificationSchema) body: CompleteRectificationRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof rectificationCompletedSchema>> {
    return this.ratings.complete(id, body.resolution, principal);
  }

  @Get('rectifications')
  @Roles('supervisor', 'auditor', 'department', 'integrator')
  @ApiOkResponse({
    description:
      'rectification tasks, newest first, with who completed each; a department or integrator:<code> key sees its cases’ only',
    schema: openApiSchema(rectificationListSchema),
  })
  @ApiForbiddenResponse({ description: 'a department key asked for another department (case-outside-department)' })
  list(
    @ZodQuery(listRectificationsQuerySchema) query: z.infer<typeof listRectificationsQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof rectificationListSchema>> {
    return this.ratings.list(principal, { ...query, open: query.open === 'true' });
  }
}
