import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { RATING_LEVELS, RatingsService, type RatingLevel } from './ratings.service';

export class RateCaseDto {
  @ApiProperty({ enum: RATING_LEVELS, description: '非常满意 … 非常不满意; the last two open a rectification task' })
  @IsIn(RATING_LEVELS)
  level!: RatingLevel;

  @ApiPropertyOptional({ example: '审批人员态度好，办理及时' })
  @IsOptional()
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
  @ApiCreatedResponse({ description: '好差评 recorded; a bad rating returns its rectification task (15 working days)' })
  rate(@Param('caseId') caseId: string, @Body() body: RateCaseDto, @CurrentPrincipal() principal: Principal) {
    return this.ratings.rate(caseId, body.level, body.comment, principal);
  }

  @Post('rectifications/:id/complete')
  @Roles('supervisor', 'department')
  @HttpCode(200)
  complete(@Param('id') id: string, @Body() body: CompleteRectificationDto) {
    return this.ratings.complete(id, body.resolution);
  }
}
