import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CaseIdParam } from '../cases/cases.schemas';
import { openApiSchema, ZodBody } from '../common/zod';
import {
  completeRectificationSchema,
  rateCaseSchema,
  ratingSchema,
  rectificationCompletedSchema,
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
  @Roles('window', 'integrator')
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
  @Roles('supervisor', 'department')
  @HttpCode(200)
  @ApiOkResponse({
    description: '{ id, completedAt, onTime }',
    schema: openApiSchema(rectificationCompletedSchema),
  })
  @ApiNotFoundResponse({ description: 'no such rectification task' })
  @ApiConflictResponse({ description: 'the task is already completed (already-completed)' })
  complete(
    @Param('id') id: string,
    @ZodBody(completeRectificationSchema) body: CompleteRectificationRequest,
  ): Promise<z.infer<typeof rectificationCompletedSchema>> {
    return this.ratings.complete(id, body.resolution);
  }
}
