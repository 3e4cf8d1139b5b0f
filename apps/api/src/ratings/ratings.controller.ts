import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { IsOptionalNotNull } from '../common/validation';
import { boolean, instant, object, oneOfValues, text } from '../common/response-schema';
import { RATING_LEVELS, type RatingLevel } from '../../../../libs/supervision';
import { RatingsService } from './ratings.service';

export class RateCaseDto {
  @ApiProperty({ enum: RATING_LEVELS, description: '非常满意 … 非常不满意; the last two open a rectification task' })
  @IsIn(RATING_LEVELS)
  level!: RatingLevel;

  @ApiPropertyOptional({ example: '审批人员态度好，办理及时' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class CompleteRectificationDto {
  @ApiProperty({ example: '已约谈相关人员并优化流程' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  resolution!: string;
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('v1')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('cases/:caseId/rating')
  @Roles('window', 'integrator')
  @ApiCreatedResponse({
    description: '好差评 recorded; a bad rating returns its rectification task (15 working days)',
    schema: object(
      { ratingId: text, caseId: text, level: oneOfValues(RATING_LEVELS) },
      { rectification: object({ id: text, deadline: instant, provisional: boolean }) },
    ),
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiConflictResponse({ description: 'the case is not finished (case-not-finished) or already rated (already-rated)' })
  rate(@Param('caseId') caseId: string, @Body() body: RateCaseDto, @CurrentPrincipal() principal: Principal) {
    return this.ratings.rate(caseId, body.level, body.comment, principal);
  }

  @Post('rectifications/:id/complete')
  @Roles('supervisor', 'department')
  @HttpCode(200)
  @ApiOkResponse({
    description: '{ id, completedAt, onTime }',
    schema: object({ id: text, completedAt: instant, onTime: boolean }),
  })
  @ApiNotFoundResponse({ description: 'no such rectification task' })
  @ApiConflictResponse({ description: 'the task is already completed (already-completed)' })
  complete(@Param('id') id: string, @Body() body: CompleteRectificationDto) {
    return this.ratings.complete(id, body.resolution);
  }
}
