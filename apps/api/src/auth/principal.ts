import { departmentOfRole, type Role } from '@onewindow/auth';

/** Who is calling: resolved from the API key by the auth guard. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** For `department:<code>` keys. */
  department?: string;
}

export function departmentOf(role: Role): string | undefined {
  return departmentOfRole(role);
}
