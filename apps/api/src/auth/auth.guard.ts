import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { PUBLIC_KEY, ROLES_KEY, type RoleRule } from './roles.decorator';

export type AuthenticatedRequest = Request & { principal?: Principal };

function allowed(principal: Principal, rules: RoleRule[]): boolean {
  if (principal.role === 'admin') return true;
  // `department:<code>` keys match `department`; `integrator:<code>` keys match `integrator`, like unscoped ones.
  const kind = principal.role.split(':')[0];
  return rules.some((rule) => rule === kind);
}

/** Every route needs an API key (`Authorization: Bearer …`) unless marked @Public; @Roles narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthenticated', 'an API key is required: send Authorization: Bearer <key>');
    }
    const principal = await this.keys.resolve(match[1]);
    if (!principal) throw new ApiError(401, 'unauthenticated', 'the API key is unknown or revoked');
    request.principal = principal;
    const rules = this.reflector.getAllAndOverride<RoleRule[] | undefined>(ROLES_KEY, targets);
    if (rules && !allowed(principal, rules)) {
      throw new ApiError(
        403,
        'forbidden-role',
        `role ${principal.role} may not call this route (allowed: ${rules.join(', ')}, admin)`,
      );
    }
    return true;
  }
}
