import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { arrayOf, instant, nullable, object, text } from '../common/response-schema';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './roles.decorator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'provincial platform' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'department:housing',
    description: 'window, supervisor, auditor, integrator, admin, department:<code> or integrator:<code> (acts for one department)',
  })
  @IsString()
  @IsNotEmpty()
  role!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({
    description: 'the new key; its token is shown only in this answer',
    schema: object({ id: text, name: text, role: text, token: text }),
  })
  create(@Body() body: CreateApiKeyDto) {
    return this.keys.create(body.name, body.role);
  }

  @Get()
  @ApiOkResponse({
    description: 'every key, revoked ones too, without tokens',
    schema: arrayOf(object({ id: text, name: text, role: text, createdAt: instant, revokedAt: nullable(instant) })),
  })
  list() {
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
