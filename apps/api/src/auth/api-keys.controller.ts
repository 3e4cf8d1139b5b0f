import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema, ZodBody } from '../common/zod';
import {
  apiKeyListSchema,
  createApiKeySchema,
  createdApiKeySchema,
  type CreateApiKeyRequest,
} from './api-keys.schemas';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './roles.decorator';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({
    description: 'the new key; its token is shown only in this answer',
    schema: openApiSchema(createdApiKeySchema),
  })
  create(@ZodBody(createApiKeySchema) body: CreateApiKeyRequest): Promise<z.infer<typeof createdApiKeySchema>> {
    return this.keys.create(body.name, body.role);
  }

  @Get()
  @ApiOkResponse({
    description: 'every key, revoked ones too, without tokens',
    schema: openApiSchema(apiKeyListSchema),
  })
  list(): Promise<z.infer<typeof apiKeyListSchema>> {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the key is revoked' })
  @ApiNotFoundResponse({ description: 'no active key with this id' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
