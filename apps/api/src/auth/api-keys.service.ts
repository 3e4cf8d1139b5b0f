import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey, isRole, type Role } from '@onewindow/auth';
import { findActiveApiKey, insertApiKey, listApiKeys, revokeApiKey, type ApiKeyRecord } from '@onewindow/persistence';
import { ApiError } from '../common/api-error';
import { departmentOf, type Principal } from './principal';

const CACHE_MS = 30_000;

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves a bearer token to a principal; unknown or revoked keys resolve to undefined. */
  async resolve(token: string): Promise<Principal | undefined> {
    const hash = hashApiKey(token);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await findActiveApiKey(this.dataSource, hash);
    const principal: Principal | undefined =
      row && isRole(row.role)
        ? {
            keyId: row.id,
            name: row.name,
            role: row.role,
            ...(departmentOf(row.role) ? { department: departmentOf(row.role) } : {}),
          }
        : undefined;
    this.cache.set(hash, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }

  /** Creates a key; the token is returned once and only its hash is stored. */
  async create(name: string, role: string): Promise<{ id: string; name: string; role: Role; token: string }> {
    if (!isRole(role)) {
      const rule = 'must be window, supervisor, auditor, integrator, admin, department:<code> or integrator:<code>';
      throw ApiError.unprocessable('invalid-role', `role: ${rule}; got ${role.slice(0, 80)}`, [
        { field: 'role', rule: 'known-role', message: rule },
      ]);
    }
    const id = randomUUID();
    const token = generateApiKey(role);
    await insertApiKey(this.dataSource, { id, name, role, keyHash: hashApiKey(token) });
    return { id, name, role, token };
  }

  list(): Promise<ApiKeyRecord[]> {
    return listApiKeys(this.dataSource);
  }

  async revoke(id: string): Promise<void> {
    if (!(await revokeApiKey(this.dataSource, id)))
      throw ApiError.notFound('api-key-not-found', `no active API key with id ${id}`);
    this.cache.clear();
  }
}
