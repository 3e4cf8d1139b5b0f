import { Controller, Get, Headers, HttpCode, Ip, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { z } from 'zod';
import { Public } from '../auth/roles.decorator';
import { CaseIdParam } from '../cases/cases.schemas';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodBody, ZodParam } from '../common/zod';
import { rateLimits } from '../security/rate-limits';
import {
  guideEntrySchema,
  guideListSchema,
  matterCodeSchema,
  progressSchema,
  publicRatedSchema,
  publicRatingSchema,
  QUERY_CODE_HEADER,
} from './public.schemas';
import { PublicService } from './public.service';

/** The applicant's code is required: without the header the request is malformed (400 naming it), not a guess. */
function requiredCode(code: string | undefined): string {
  if (code === undefined || code.trim() === '')
    throw new ApiError(400, 'validation-failed', 'X-Query-Code: the query code on the receipt is required', [
      { field: 'X-Query-Code', rule: 'required', message: 'the query code on the receipt is required' },
    ]);
  return code;
}

/** Cache-friendly: a strong ETag of the answer (Express answers 304 to a matching If-None-Match), five minutes. */
function cacheable<T>(response: Response, body: T): T {
  response.setHeader('Cache-Control', 'public, max-age=300');
  response.setHeader('ETag', `"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}"`);
  return body;
}

const guideThrottle = Throttle({ default: { limit: () => rateLimits().publicPerMinute, ttl: 60_000 } });
const lookupThrottle = Throttle({ default: { limit: () => rateLimits().lookupsPerMinute, ttl: 60_000 } });
const codeHeader = ApiHeader({
  name: 'X-Query-Code',
  required: true,
  description: 'the 查询码 on the receipt, or the applicant’s 统一社会信用代码 / ID number',
});

/** The service centre's public side: no API key. */
@ApiTags('public')
@Public()
@Controller('v1/public')
export class PublicController {
  constructor(private readonly publicSide: PublicService) {}

  @Get('guide')
  @guideThrottle
  @ApiOkResponse({
    description: '办事指南: every matter of the active catalogue with its department, limits, window, free or not',
    schema: openApiSchema(guideListSchema),
  })
  @ApiTooManyRequestsResponse({ description: 'too many keyless requests from this address' })
  async guide(@Res({ passthrough: true }) response: Response): Promise<z.infer<typeof guideListSchema>> {
    return cacheable(response, await this.publicSide.guide());
  }

  @Get('guide/:matterCode')
  @guideThrottle
  @ApiOkResponse({
    description:
      '办事指南 of one matter (六公开): basis, conditions, materials (容缺, 告知承诺), procedure, legal and promised limits, fees with their standard and basis, department and window',
    schema: openApiSchema(guideEntrySchema),
  })
  @ApiNotFoundResponse({ description: 'no such matter in the active catalogue' })
  @ApiTooManyRequestsResponse({ description: 'too many keyless requests from this address' })
  async guideEntry(
    @ZodParam('matterCode', matterCodeSchema, () => ApiError.notFound('not-found', 'no such matter'))
    matterCode: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof guideEntrySchema>> {
    return cacheable(response, await this.publicSide.guideEntry(matterCode));
  }

  @Get('cases/:caseId/progress')
  @lookupThrottle
  @codeHeader
  @ApiOkResponse({
    description:
      '办件进度 for the applicant: steps, deadlines, what is still to bring (一次性告知), licences, whether 好差评 is open',
    schema: openApiSchema(progressSchema),
  })
  @ApiBadRequestResponse({ description: 'no X-Query-Code header' })
  @ApiNotFoundResponse({ description: 'no such case, or not with this code (the two are not told apart)' })
  @ApiTooManyRequestsResponse({ description: 'too many lookups from this address, or wrong codes for this case' })
  async progress(
    @CaseIdParam() caseId: string,
    @Headers(QUERY_CODE_HEADER) code: string | undefined,
    @Ip() address: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof progressSchema>> {
    response.setHeader('Cache-Control', 'no-store');
    return this.publicSide.progress(caseId, requiredCode(code), address);
  }

  @Post('cases/:caseId/rating')
  @HttpCode(201)
  @lookupThrottle
  @codeHeader
  @ApiOkResponse({
    description: '好差评 recorded, once, for a finished case',
    schema: openApiSchema(publicRatedSchema),
  })
  @ApiBadRequestResponse({ description: 'no X-Query-Code header' })
  @ApiNotFoundResponse({ description: 'no such case, or not with this code' })
  @ApiTooManyRequestsResponse({ description: 'too many lookups from this address, or wrong codes for this case' })
  rate(
    @CaseIdParam() caseId: string,
    @Headers(QUERY_CODE_HEADER) code: string | undefined,
    @Ip() address: string,
    @ZodBody(publicRatingSchema) body: z.infer<typeof publicRatingSchema>,
  ): Promise<z.infer<typeof publicRatedSchema>> {
    return this.publicSide.rate(caseId, requiredCode(code), address, body.level, body.comment);
  }
}
