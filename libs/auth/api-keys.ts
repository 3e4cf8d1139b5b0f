import { createHash, randomBytes } from 'node:crypto';

/** Roles an API key can carry (ARCHITECTURE.md, "HTTP contract v1"). */
export const FIXED_ROLES = ['window', 'supervisor', 'auditor', 'integrator', 'admin'] as const;
export type FixedRole = (typeof FIXED_ROLES)[number];
export type Role = FixedRole | `department:${string}`;

const DEPARTMENT_ROLE = /^department:[a-z][a-z0-9-]{1,40}$/;

export function isRole(value: string): value is Role {
  return (FIXED_ROLES as readonly string[]).includes(value) || DEPARTMENT_ROLE.test(value);
}

/** Only the SHA-256 of a key is stored. */
export function hashApiKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random key: `ow_<role-tag>_<32 hex>`; the role tag is only a reading aid. */
export function generateApiKey(role: Role): string {
  const tag = role.replace(/[^a-z]/g, '').slice(0, 12);
  return `ow_${tag}_${randomBytes(16).toString('hex')}`;
}
