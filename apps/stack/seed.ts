import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey, type Role } from '../../libs/auth';
import { createDataSource, insertApiKeyUnlessKnown } from '../../libs/persistence';

export interface DevKey {
  role: Role;
  token: string;
}

const DEV_ROLES: Role[] = [
  'admin',
  'window',
  'integrator',
  'supervisor',
  'auditor',
  'department:ndrc',
  'department:natural-resources',
  'department:housing',
  'department:fire',
  'department:civil-air-defence',
  'department:ecology',
  'department:utilities',
  'department:government-service',
];

/**
 * Development data for the local stack: one API key per role, generated on first start and kept in
 * .data/dev-api-keys.json (the database holds only their hashes).
 */
export async function seedDevelopmentData(
  databaseUrl: string,
  dataDir = resolve(__dirname, '..', '..', '..', '.data'),
): Promise<DevKey[]> {
  const file = join(dataDir, 'dev-api-keys.json');
  const keys: DevKey[] = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as DevKey[])
    : DEV_ROLES.map((role) => ({ role, token: generateApiKey(role) }));
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
