import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey, type Role } from '@onewindow/auth';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { createDataSource, insertApiKeyUnlessKnown } from '@onewindow/persistence';

export interface DevKey {
  role: Role;
  token: string;
}

const FIXED_DEV_ROLES: Role[] = ['admin', 'window', 'integrator', 'supervisor', 'auditor'];

/** One key per fixed role and one per department of the shipped catalogue. */
function devRoles(): Role[] {
  return [
    ...FIXED_DEV_ROLES,
    ...defaultCatalog().departments.map((department): Role => `department:${department.code}`),
  ];
}

/**
 * Development data for the local stack: one API key per role, generated on first start and kept in
 * .data/dev-api-keys.json (the database holds only their hashes).
 */
export async function seedDevelopmentData(
  databaseUrl: string,
  dataDir = resolve(__dirname, '..', '..', '..', '.data'),
): Promise<DevKey[]> {
  const file = join(dataDir, 'dev-api-keys.json');
  const kept: DevKey[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DevKey[]) : [];
  // Keys made on an earlier start stay; a department a newer catalogue added gets one.
  const keys = [
    ...kept,
    ...devRoles()
      .filter((role) => !kept.some((key) => key.role === role))
      .map((role) => ({ role, token: generateApiKey(role) })),
  ];
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    for (const key of keys) {
      await insertApiKeyUnlessKnown(dataSource, {
        id: randomUUID(),
        name: `development ${key.role}`,
        role: key.role,
        keyHash: hashApiKey(key.token),
      });
    }
  } finally {
    await dataSource.destroy();
  }
  return keys;
}
