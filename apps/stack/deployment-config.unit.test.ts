import { load as loadYaml, YAML11_SCHEMA } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseSearchAttributes } from '@onewindow/contract';
import { temporalSettingsFromEnv } from '@onewindow/config';
import { defaultDynamicConfigFile, TEMPORAL_DATABASES, TEMPORAL_DB_ROLE } from './temporal-cluster';

/**
 * docs/deployment.md and docker/ describe, for production, the topology `npm run stack:cluster` runs: the figures
 * they share with the stack must be the stack's (server version, plugin, dynamic config, databases and role,
 * namespace and its retention, search attributes, history shards).
 */

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

type Yaml = Record<string, unknown>;
/** YAML 1.1, as docker compose and Helm read it (merge keys `<<:` included). */
const load = (text: string): unknown => loadYaml(text, { schema: YAML11_SCHEMA });
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Yaml | undefined)?.[key], value);

/** The Helm values block of docs/deployment.md (the fenced yaml block that starts with `# values.onewindow.yaml`). */
function helmValues(): Yaml {
  const block = /```yaml\n(# values\.onewindow\.yaml[^\n]*\n[\s\S]*?)```/.exec(read('docs/deployment.md'));
  if (!block) throw new Error('docs/deployment.md has no values.onewindow.yaml block');
  return load(block[1]) as Yaml;
}

const compose = () => load(read('docker/compose.yaml')) as Yaml;
/** The server release scripts/bootstrap-tools.js builds for the stack (`v1.29.1` → `1.29.1`). */
const stackServerVersion = () => /TEMPORAL_SERVER_VERSION = 'v([^']+)'/.exec(read('scripts/bootstrap-tools.js'))?.[1];
/** `Name=Type` pairs of a `for attribute in …` loop (docker/temporal-setup.sh, docs/deployment.md). */
const attributeLoop = (text: string) =>
  [...(/for attribute in ([^;]+);/.exec(text)?.[1] ?? '').matchAll(/(\w+)=(\w+)/g)].map(([, name, type]) => ({
    name,
    type,
  }));
const cliTypes: Record<string, string> = {
  KEYWORD: 'Keyword',
  KEYWORD_LIST: 'KeywordList',
  DATETIME: 'Datetime',
  BOOL: 'Bool',
};

describe('docs/deployment.md and docker/ agree with the local cluster', () => {
  it('runs the server release the stack builds, in the Helm chart and in compose', () => {
    const version = stackServerVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(at(helmValues(), 'server', 'image', 'tag')).toBe(version);
    const services = at(compose(), 'services') as Record<string, { image?: string }>;
    const temporalImages = Object.values(services)
      .map((service) => service.image)
      .filter((image): image is string => /^temporalio\/(server|admin-tools):/.test(image ?? ''));
    expect(temporalImages.length).toBeGreaterThanOrEqual(5);
    for (const image of temporalImages) expect(image.split(':')[1]).toBe(version);
  });

  it('uses the dynamic config file the stack uses, key for key', () => {
    const file = load(readFileSync(defaultDynamicConfigFile(), 'utf8'));
    expect(at(helmValues(), 'server', 'dynamicConfig')).toEqual(file);
  });

  it('keeps persistence and visibility in Postgres (postgres12) in the stack’s databases, under its role', () => {
    const persistence = at(helmValues(), 'server', 'config', 'persistence');
    for (const [store, database] of [
      ['default', TEMPORAL_DATABASES.persistence],
      ['visibility', TEMPORAL_DATABASES.visibility],
    ]) {
      expect(at(persistence, store, 'driver')).toBe('sql');
      expect(at(persistence, store, 'sql', 'driver')).toBe('postgres12');
      expect(at(persistence, store, 'sql', 'database')).toBe(database);
      expect(at(persistence, store, 'sql', 'user')).toBe(TEMPORAL_DB_ROLE);
    }
    const env = at(compose(), 'x-temporal-env') as Yaml;
    expect(env).toMatchObject({
      DB: 'postgres12',
      DBNAME: TEMPORAL_DATABASES.persistence,
      VISIBILITY_DBNAME: TEMPORAL_DATABASES.visibility,
      POSTGRES_USER: TEMPORAL_DB_ROLE,
    });
    const roles = read('docker/postgres-init/01-roles.sh');
    for (const database of Object.values(TEMPORAL_DATABASES))
      expect(roles).toContain(`CREATE DATABASE ${database} OWNER ${TEMPORAL_DB_ROLE};`);
  });

  it('gives the cluster the same fixed number of history shards in the chart and in compose', () => {
    const shards = at(helmValues(), 'server', 'config', 'numHistoryShards');
    expect(shards).toBe(512);
    expect(Number(at(compose(), 'x-temporal-env', 'NUM_HISTORY_SHARDS'))).toBe(shards);
  });

  it('creates the namespace the application uses, with the stack’s retention', () => {
    const namespaces = at(helmValues(), 'server', 'config', 'namespaces', 'namespace') as Array<Yaml>;
    expect(namespaces).toEqual([{ name: temporalSettingsFromEnv({}).namespace, retention: '3650d' }]);
    expect(read('docker/temporal-setup.sh')).toContain('--retention 3650d');
    expect(read('apps/stack/temporal-cluster.ts')).toContain("msToTs('3650 days')");
  });

  it('registers exactly the contract’s search attributes, with their types', () => {
    const contract = caseSearchAttributes.map((key) => ({ name: key.name, type: cliTypes[key.type] }));
    expect(attributeLoop(read('docs/deployment.md'))).toEqual(contract);
    expect(attributeLoop(read('docker/temporal-setup.sh'))).toEqual(contract);
  });

  it('runs two workers and two API replicas in compose, as the stack does', () => {
    const services = at(compose(), 'services');
    expect(at(services, 'worker', 'deploy', 'replicas')).toBe(2);
    expect(at(services, 'api', 'deploy', 'replicas')).toBe(2);
    expect(read('apps/stack/main.ts')).toContain('const CLUSTER_REPLICAS = 2;');
  });
});
