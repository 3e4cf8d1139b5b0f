import { Controller, Get, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { listRecomputations, recomputation } from '@onewindow/persistence';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodBody, ZodParam } from '../common/zod';
import { PublishingService } from '../reference/publishing.service';
import { noticeBodySchema, publishedNoticeSchema, recomputationSchema, type NoticeBody } from './calendar.schemas';

const recomputationId = z
  .string()
  .regex(/^notice-\d{1,18}$/, 'notice-<id>')
  .describe('the recomputation started by a notice: notice-<its id>');

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/calendar')
export class CalendarAdminController {
  constructor(
    private readonly publishing: PublishingService,
    private readonly dataSource: DataSource,
  ) {}

  @Post('notices')
  @ApiCreatedResponse({
    description:
      'stored as the next revision of its region’s year (201), or the latest revision already says this (200); when it changes this deployment’s calendar, every open case it can move is recomputed',
    schema: openApiSchema(publishedNoticeSchema),
  })
  @ApiOkResponse({ description: 'the same notice is already published', schema: openApiSchema(publishedNoticeSchema) })
  @ApiUnprocessableEntityResponse({
    description:
      'notice-invalid: every problem as { path, rule, message } (date-once, inside-year, workday-on-weekend …)',
  })
  async publish(
    @ZodBody(noticeBodySchema) body: NoticeBody,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof publishedNoticeSchema>> {
    const published = await this.publishing.publishNotice(body, principal);
    response.status(published.created ? 201 : 200);
    return published;
  }

  @Get('recomputations')
  @ApiOkResponse({
    description: 'the latest 50 recomputations, newest first',
    schema: openApiSchema(z.array(recomputationSchema)),
  })
  list(): Promise<Array<z.infer<typeof recomputationSchema>>> {
    return listRecomputations(this.dataSource);
  }

  @Get('recomputations/:id')
  @ApiOkResponse({
    description: 'progress and summary: cases asked, deadlines moved, provisional ones made final',
    schema: openApiSchema(recomputationSchema),
  })
  @ApiNotFoundResponse({ description: 'no recomputation with this id' })
  async one(@ZodParam('id', recomputationId) id: string): Promise<z.infer<typeof recomputationSchema>> {
    const found = await recomputation(this.dataSource, id);
    if (!found) throw ApiError.notFound('recomputation-not-found', `no recomputation ${id}`);
    return found;
  }
}
