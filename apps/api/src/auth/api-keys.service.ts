import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey, isRole, type Role } from '../../../../libs/auth';
import { queryReturning } from '../../../../libs/persistence';
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
    const rows = await this.dataSource.query<Array<{ id: string; name: string; role: string }>>(
      'SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
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
      const rule = 'must be window, supervisor, auditor, integrator, admin or department:<code>';
      throw ApiError.unprocessable('invalid-role', `role: ${rule}; got ${role.slice(0, 80)}`, [
        { field: 'role', rule: 'known-role', message: rule },
      ]);
    }
    const id = randomUUID();
    const token = generateApiKey(role);
    await this.dataSource.query('INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)', [
      id,
      name,
      role,
      hashApiKey(token),
    ]);
    return { id, name, role, token };
  }

  async list(): Promise<Array<{ id: string; name: string; role: string; createdAt: Date; revokedAt: Date | null }>> {
    return this.dataSource.query(
      'SELECT id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY created_at',
    );
  }

  async revoke(id: string): Promise<void> {
    const rows = await queryReturning<{ id: string }>(
      this.dataSource,
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id],
    );
    if (rows.length === 0) throw ApiError.notFound('api-key-not-found', `no active API key with id ${id}`);
    this.cache.clear();
  }
}
