import { createHash, randomBytes } from 'node:crypto';

/** Roles an API key can carry (ARCHITECTURE.md, "HTTP contract v1"). */
export const FIXED_ROLES = ['window', 'supervisor', 'auditor', 'integrator', 'admin'] as const;
export type FixedRole = (typeof FIXED_ROLES)[number];
/** `department:<code>` acts for its department; `integrator:<code>` is another system acting for one department. */
export type Role = FixedRole | `department:${string}` | `integrator:${string}`;

const SCOPED_ROLE = /^(department|integrator):([a-z][a-z0-9-]{1,40})$/;

export function isRole(value: string): value is Role {
  return (FIXED_ROLES as readonly string[]).includes(value) || SCOPED_ROLE.test(value);
}

/** The department a scoped key (`department:<code>`, `integrator:<code>`) acts for. */
export function departmentOfRole(role: string): string | undefined {
  return SCOPED_ROLE.exec(role)?.[2];
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
