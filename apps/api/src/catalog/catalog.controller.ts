import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { CatalogSnapshot } from '../../../../libs/catalog';
import { loadCatalog } from '../../../../libs/persistence';
import { ApiError } from '../common/api-error';
import { anyObject, arrayOf, object, text } from '../common/response-schema';

const mattersSchema = object({
  version: text,
  departments: arrayOf(object({ code: text, name: text })),
  matters: arrayOf(object({ code: text, name: text, materials: arrayOf(anyObject) })),
});

const templatesSchema = object({
  version: text,
  templates: arrayOf(object({ id: text, name: text, kind: text, steps: arrayOf(object({ id: text })) })),
});

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly dataSource: DataSource) {}

  private async snapshot(version?: string): Promise<CatalogSnapshot> {
    if (version !== undefined && !/^[A-Za-z0-9._-]{1,40}$/.test(version)) {
      throw ApiError.unprocessable('invalid-version', 'version: 1-40 letters, digits, dot, dash or underscore', [
        { field: 'version', rule: 'pattern', message: '1-40 letters, digits, dot, dash or underscore' },
      ]);
    }
    const catalog = await loadCatalog(this.dataSource, version);
    if (!catalog)
      throw ApiError.notFound(
        'catalog-version-not-found',
        version ? `no catalogue version ${version}` : 'no active catalogue',
      );
    return catalog;
  }

  @Get('matters')
  @ApiQuery({ name: 'version', required: false, description: 'catalogue version; the active one when absent' })
  @ApiOkResponse({
    description: '{ version, departments, matters }: limits with units, materials, rules',
    schema: mattersSchema,
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  async matters(@Query('version') version?: string) {
    const catalog = await this.snapshot(version);
    return { version: catalog.version, departments: catalog.departments, matters: catalog.matters };
  }

  @Get('templates')
  @ApiQuery({ name: 'version', required: false, description: 'catalogue version; the active one when absent' })
  @ApiOkResponse({
    description: '{ version, templates }: steps as a DAG, lead department, limits',
    schema: templatesSchema,
  })
  @ApiNotFoundResponse({ description: 'no catalogue with this version' })
  async templates(@Query('version') version?: string) {
    const catalog = await this.snapshot(version);
    return { version: catalog.version, templates: catalog.templates };
  }
}
