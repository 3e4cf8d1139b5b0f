import { SetMetadata } from '@nestjs/common';

export type RoleRule = 'window' | 'department' | 'supervisor' | 'auditor' | 'integrator' | 'admin';

export const ROLES_KEY = 'onewindow:roles';
export const PUBLIC_KEY = 'onewindow:public';

/** Which roles may call a route; `department` means any `department:<code>` key. */
export const Roles = (...roles: RoleRule[]) => SetMetadata(ROLES_KEY, roles);

/** No API key needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
