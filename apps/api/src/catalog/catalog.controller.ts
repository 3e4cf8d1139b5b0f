import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { CatalogSnapshot } from '../../../../libs/catalog';
import { loadCatalog } from '../../../../libs/persistence';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodQuery } from '../common/zod';
import { mattersSchema, templatesSchema, versionQuerySchema } from './catalog.schemas';

type VersionQuery = z.infer<typeof versionQuerySchema>;

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly dataSource: DataSource) {}

  private async snapshot(version?: string): Promise<CatalogSnapshot> {
    const catalog = await loadCatalog(this.dataSource, version);
    if (!catalog)
      throw ApiError.notFound(
        'catalog-version-not-found',
        version ? `no catalogue version ${version}` : 'no active catalogue',
      );
    return catalog;
  }

  @Get('matters')
  @ApiOkResponse({
    description: '{ version, departments, matters }: limits with units, materials, rules',
    schema: openApiSchema(mattersSchema),
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  async matters(
    @ZodQuery(versionQuerySchema, 'invalid-version') query: VersionQuery,
  ): Promise<z.infer<typeof mattersSchema>> {
    const catalog = await this.snapshot(query.version);
    return { version: catalog.version, departments: catalog.departments, matters: catalog.matters };
  }

  @Get('templates')
  @ApiOkResponse({
    description: '{ version, templates }: steps as a DAG, lead department, limits',
    schema: openApiSchema(templatesSchema),
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  async templates(
    @ZodQuery(versionQuerySchema, 'invalid-version') query: VersionQuery,
  ): Promise<z.infer<typeof templatesSchema>> {
    const catalog = await this.snapshot(query.version);
    return { version: catalog.version, templates: catalog.templates };
  }
}
