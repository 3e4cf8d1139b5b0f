import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema } from '../common/zod';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';

export const meSchema = z.strictObject({
  keyId: z.string().describe('the id that stands for this key as the actor of its commands'),
  name: z.string(),
  role: z.string().describe('window, supervisor, auditor, integrator, admin, department:<code>, integrator:<code>'),
  department: z.string().optional().describe('for department:<code> and integrator:<code> keys'),
});

/** Who the API key is: what a client (the console) needs to know which screens are its role's. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOkResponse({ description: 'the caller’s key: id, name, role, department', schema: openApiSchema(meSchema) })
  me(@CurrentPrincipal() principal: Principal): z.infer<typeof meSchema> {
    return {
      keyId: principal.keyId,
      name: principal.name,
      role: principal.role,
      ...(principal.department ? { department: principal.department } : {}),
    };
  }
}
