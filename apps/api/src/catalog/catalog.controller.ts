import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { diffCatalogs, type CatalogSnapshot } from '@onewindow/catalog';
import { activeCatalogVersion, listCatalogVersions, loadCatalog } from '@onewindow/persistence';
import { ApiError } from '../common/api-error';
import { openApiSchema, ZodParam, ZodQuery } from '../common/zod';
import {
  catalogBodySchema,
  catalogDiffSchema,
  catalogVersionsSchema,
  mattersSchema,
  templatesSchema,
  versionParamSchema,
  versionQuerySchema,
} from './catalog.schemas';

type VersionQuery = z.infer<typeof versionQuerySchema>;

const invalidVersion = (): ApiError =>
  ApiError.unprocessable('invalid-version', 'version: 1-40 letters, digits, dot, dash or underscore', [
    { field: 'version', rule: 'format', message: '1-40 letters, digits, dot, dash or underscore' },
  ]);

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

  @Get('versions')
  @ApiOkResponse({
    description: 'every published version, newest first, with its digest, publisher and counts; which is active',
    schema: openApiSchema(catalogVersionsSchema),
  })
  async versions(): Promise<z.infer<typeof catalogVersionsSchema>> {
    const active = await activeCatalogVersion(this.dataSource);
    return { ...(active ? { active } : {}), versions: await listCatalogVersions(this.dataSource) };
  }

  @Get('versions/:version')
  @ApiOkResponse({
    description: 'one whole version in the published format (what POST /v1/admin/catalog/versions takes)',
    schema: openApiSchema(catalogBodySchema),
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  version(@ZodParam('version', versionParamSchema, invalidVersion) version: string): Promise<CatalogSnapshot> {
    return this.snapshot(version);
  }

  @Get('versions/:from/diff/:to')
  @ApiOkResponse({
    description: 'what changed from one version to another: entities added and removed, fields changed, by path',
    schema: openApiSchema(catalogDiffSchema),
  })
  @ApiNotFoundResponse({ description: 'no catalogue with one of these versions' })
  async diff(
    @ZodParam('from', versionParamSchema, invalidVersion) from: string,
    @ZodParam('to', versionParamSchema, invalidVersion) to: string,
  ): Promise<z.infer<typeof catalogDiffSchema>> {
    return diffCatalogs(await this.snapshot(from), await this.snapshot(to));
  }
}
