import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { openApiSchema, queryBoolean, ZodParam, ZodQuery } from '../common/zod';
import { PublishingService } from '../reference/publishing.service';
import { catalogBodySchema, catalogVersionSchema, publishedCatalogSchema, versionParamSchema } from './catalog.schemas';

const publishQuerySchema = z.object({
  activate: queryBoolean.default(false).describe('make it the active version for new cases at once'),
});

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/catalog/versions')
export class CatalogAdminController {
  constructor(private readonly publishing: PublishingService) {}

  @Post()
  @ApiBody({
    required: true,
    description:
      'a whole catalogue version (departments, matters with materials, templates) in the format of libs/catalog/data/*.json',
    schema: openApiSchema(catalogBodySchema, 'input'),
  })
  @ApiCreatedResponse({
    description: 'published (201), or already published with this content (200)',
    schema: openApiSchema(publishedCatalogSchema),
  })
  @ApiOkResponse({
    description: 'this exact version was already published',
    schema: openApiSchema(publishedCatalogSchema),
  })
  @ApiUnprocessableEntityResponse({ description: 'catalog-invalid: every problem as { path, rule, message }' })
  @ApiConflictResponse({ description: 'catalog-version-exists: this version is published with other content' })
  async publish(
    // Validated by parseCatalog (structure, then every catalogue rule), so problems name paths, not fields.
    @Body() body: unknown,
    @ZodQuery(publishQuerySchema) query: z.infer<typeof publishQuerySchema>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof publishedCatalogSchema>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw ApiError.unprocessable('catalog-invalid', 'the body must be a catalogue (a JSON object)', [
        { path: '(catalogue)', rule: 'type', message: 'expected a JSON object' },
      ]);
    const published = await this.publishing.publishCatalog(body, query.activate, principal);
    response.status(published.created ? 201 : 200);
    return published;
  }

  @Post(':version/activate')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the version is active for new cases; running cases keep theirs',
    schema: openApiSchema(catalogVersionSchema),
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  activate(
    @ZodParam('version', versionParamSchema) version: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof catalogVersionSchema>> {
    return this.publishing.activateCatalog(version, principal);
  }
}
