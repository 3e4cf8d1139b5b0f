import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { grpc, temporal } from '@temporalio/proto';
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { caseSearchAttributes } from '@onewindow/contract';
import {
  freePortInRange,
  OutputTail,
  processAlive,
  sleep,
  spawnManaged,
  stopProcess,
  type ManagedProcess,
} from './processes';

/**
 * A self-hosted Temporal cluster on this machine: the server built from go.temporal.io/server (see
 * scripts/bootstrap-tools.js --cluster) with PostgreSQL persistence and visibility (postgres12 plugin), its four
 * services (history, matching, frontend, worker) each a process of its own, joined by ringpop membership through the
 * database. The schemas come from the server module's own files, applied by its temporal-sql-tool; the dynamic
 * config is docker/temporal/dynamicconfig/onewindow.yaml, the file the production deployment mounts.
 */

export type ClusterService = 'history' | 'matching' | 'frontend' | 'worker';

/** Start order: history owns the shards the others route to; the worker service talks to the frontend. */
export const CLUSTER_SERVICES: readonly ClusterService[] = ['history', 'matching', 'frontend', 'worker'];

/** The health-check names each service reports SERVING under (its handler's own constant in the server code). */
const HEALTH_NAMES: Partial<Record<ClusterService, string>> = {
  history: 'temporal.api.workflowservice.v1.HistoryService',
  matching: 'temporal.api.workflowservice.v1.MatchingService',
  frontend: 'temporal.api.workflowservice.v1.WorkflowService',
};

/** The role and databases Temporal owns on the Postgres server (as docker/postgres-init/01-roles.sh makes them). */
export const TEMPORAL_DB_ROLE = 'temporal';
export const TEMPORAL_DATABASES = { persistence: 'temporal', visibility: 'temporal_visibility' } as const;

export interface TemporalClusterTools {
  /** `temporal-server` (cmd/server). */
  server: string;
  /** `temporal-sql-tool` (cmd/tools/sql). */
  sqlTool: string;
  /** The module's schema/postgresql/v12 folder (temporal/ and visibility/, each with versioned/). */
  schemaDir: string;
}

export interface TemporalClusterOptions {
  tools: TemporalClusterTools;
  /** A superuser (or CREATEROLE + CREATEDB) connection to the Postgres server that will hold Temporal's databases. */
  postgresAdminUrl: string;
  /** Where the generated config and the services' logs go. */
  dir: string;
  /** gRPC port of the frontend (every other port is picked free at start and kept across restarts). */
  frontendPort: number;
  namespace?: string;
  /**
   * Fixed for the life of the databases: the first start stores it in the cluster metadata, and a later start with
   * another number logs a mismatch and keeps the stored one (docs/deployment.md).
   */
  numHistoryShards?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The dynamic config file; by default docker/temporal/dynamicconfig/onewindow.yaml of this repository. */
  dynamicConfigFile?: string;
  /** Progress lines (schema set-up, services ready). */
  onLog?: (line: string) => void;
  /** Called as the first service is spawned with what stops them all: a caller's Ctrl-C during the start stops it. */
  onSpawn?: (stop: () => Promise<void>) => void;
  readyTimeoutMs?: number;
}

export interface ServicePorts {
  grpc: number;
  membership: number;
  http?: number;
}

export interface TemporalCluster {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  numHistoryShards: number;
  ports: Record<ClusterService, ServicePorts>;
  /** The live process id of a service, if it runs. */
  pid(service: ClusterService): number | undefined;
  /** Services that exited without being asked to (kill/stop), with how they ended. */
  readonly unexpectedExits: string[];
  /** Called when a service exits on its own. */
  onUnexpectedExit(listener: (service: ClusterService, status: string) => void): void;
  /** Sends `signal` (default SIGKILL) to a service and resolves once the process is gone. */
  kill(service: ClusterService, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service again on the same ports and waits until it reports SERVING. */
  start(service: ClusterService): Promise<void>;
  /** The last lines a service logged. */
  logTail(service: ClusterService): string;
  /** Stops every service (SIGTERM, SIGKILL after `graceMs`) and resolves once all have exited. */
  stop(graceMs?: number): Promise<void>;
  /** Last resort from a synchronous exit handler: SIGKILL whatever still runs. */
  killAllSync(): void;
}

/** The repository's docker/temporal/dynamicconfig/onewindow.yaml, found from wherever this file was compiled to. */
export function defaultDynamicConfigFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'docker', 'temporal', 'dynamicconfig', 'onewindow.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('docker/temporal/dynamicconfig/onewindow.yaml not found');
  }
}

interface Database {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The temporal role (password = its name, a local cluster) and its two databases, made when missing. */
async function ensureRoleAndDatabases(adminUrl: string): Promise<Database> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEMPORAL_DB_ROLE]);
    if (role.rowCount === 0) await admin.query(`CREATE ROLE ${TEMPORAL_DB_ROLE} LOGIN PASSWORD '${TEMPORAL_DB_ROLE}'`);
    for (const database of Object.values(TEMPORAL_DATABASES)) {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${database} OWNER ${TEMPORAL_DB_ROLE}`);
        await admin.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  return { host: url.hostname, port: Number(url.port || 5432), user: TEMPORAL_DB_ROLE, password: TEMPORAL_DB_ROLE };
}

function runTool(command: string, args: string[], log: WriteStream): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = new OutputTail();
    const onData = (chunk: Buffer) => {
      tail.push(chunk);
      log.write(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.once('close', (code, signal) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${tail.toString()}`)),
    );
  });
}

/**
 * temporal-sql-tool on both databases: the version tables (a no-op when present), then every versioned update
 * newer than the database's version (none on a second start; a server upgrade applies its new ones).
 */
async function setUpSchemas(tools: TemporalClusterTools, db: Database, log: WriteStream): Promise<void> {
  for (const [database, folder] of [
    [TEMPORAL_DATABASES.persistence, 'temporal'],
    [TEMPORAL_DATABASES.visibility, 'visibility'],
  ] as const) {
    const common = [
      '--plugin',
      'postgres12',
      '--endpoint',
      db.host,
      '--port',
      String(db.port),
      '--user',
      db.user,
      '--password',
      db.password,
      '--database',
      database,
    ];
    await runTool(tools.sqlTool, [...common, 'setup-schema', '--version', '0.0'], log);
    await runTool(
      tools.sqlTool,
      [...common, 'update-schema', '--schema-dir', join(tools.schemaDir, folder, 'versioned')],
      log,
    );
  }
}

function datastore(db: Database, database: string, maxConns: number): string[] {
  return [
    `      sql:`,
    `        pluginName: postgres12`,
    `        databaseName: ${database}`,
    `        connectAddr: ${db.host}:${db.port}`,
    `        connectProtocol: tcp`,
    `        user: ${db.user}`,
    `        password: ${db.password}`,
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    `        maxConnLifetime: 1h`,
  ];
}

/** The server's static config (config/<env>.yaml): one file, read by each service process with its --service. */
function serverConfig(
  db: Database,
  ports: Record<ClusterService, ServicePorts>,
  options: { numHistoryShards: number; logLevel: string; dynamicConfigFile: string },
): string {
  const frontend = `127.0.0.1:${ports.frontend.grpc}`;
  return [
    '# Generated by apps/stack/temporal-cluster.ts at every start (ports are picked then); do not edit.',
    'log:',
    '  stdout: true',
    `  level: ${options.logLevel}`,
    'persistence:',
    '  defaultStore: default',
    '  visibilityStore: visibility',
    `  numHistoryShards: ${options.numHistoryShards}`,
    '  datastores:',
    '    default:',
    // Per service process: 4 processes × (10 + 4) stays well inside the embedded server's 200 connections.
    ...datastore(db, TEMPORAL_DATABASES.persistence, 10),
    '    visibility:',
    ...datastore(db, TEMPORAL_DATABASES.visibility, 4),
    'global:',
    '  membership:',
    '    maxJoinDuration: 30s',
    '    broadcastAddress: 127.0.0.1',
    '  pprof:',
    '    port: 0',
    'services:',
    ...CLUSTER_SERVICES.flatMap((service) => [
      `  ${service}:`,
      '    rpc:',
      `      grpcPort: ${ports[service].grpc}`,
      `      membershipPort: ${ports[service].membership}`,
      '      bindOnIP: 127.0.0.1',
      ...(ports[service].http ? [`      httpPort: ${ports[service].http}`] : []),
    ]),
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: active',
    '  currentClusterName: active',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: frontend',
    `      rpcAddress: ${frontend}`,
    'dcRedirectionPolicy:',
    '  policy: noop',
    'publicClient:',
    `  hostPort: ${frontend}`,
    'dynamicConfigClient:',
    `  filepath: ${JSON.stringify(options.dynamicConfigFile)}`,
    '  pollInterval: 10s',
    '',
  ].join('\n');
}

/** Whether a service reports SERVING on its own gRPC port (the worker service has no health server: alive is all). */
async function serving(service: ClusterService, ports: ServicePorts): Promise<boolean> {
  const name = HEALTH_NAMES[service];
  if (!name) return true;
  const connection = Connection.lazy({ address: `127.0.0.1:${ports.grpc}`, connectTimeout: 1000 });
  try {
    const answer = await connection.withDeadline(Date.now() + 2000, () =>
      connection.healthService.check({ service: name }),
    );
    return answer.status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const INDEXED_VALUE_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/** gRPC ALREADY_EXISTS: the namespace or attribute is there from an earlier start. */
function alreadyExists(error: unknown): boolean {
  return (error as { code?: number }).code === 6;
}

/**
 * The namespace (10 years' retention, as docker/temporal-setup.sh makes it) and the case search attributes. On SQL
 * visibility an attribute is a namespace-scoped alias of a pre-allocated column, seen by the other services once
 * their namespace cache refreshes (every 2 s by default): a newly added one is waited for.
 */
export async function registerNamespaceAndSearchAttributes(
  address: string,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3650 days'),
      });
      log(`namespace ${namespace} registered`);
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
    // A new namespace reaches the frontend's cache within its refresh interval.
    let existing: Record<string, unknown> = {};
    for (let attempt = 0; ; attempt += 1) {
      try {
        existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
        break;
      } catch (error) {
        if (attempt >= 40) throw error;
        await sleep(250);
      }
    }
    const missing = caseSearchAttributes.filter((key) => !(key.name in existing));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]])),
    });
    for (let attempt = 0; ; attempt += 1) {
      const listed = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
      if (missing.every((key) => key.name in listed)) break;
      if (attempt >= 40) throw new Error(`search attributes ${missing.map((k) => k.name).join(', ')} not visible`);
      await sleep(250);
    }
    // History and matching refresh their namespace caches on the same interval as the frontend.
    await sleep(3000);
    log(`search attributes registered: ${missing.map((key) => `${key.name} (${key.type})`).join(', ')}`);
  } finally {
    await connection.close();
  }
}

/**
 * Before the whole cluster starts, nothing of it may still run: services a killed launcher left behind (recorded in
 * <dir>/pids) are killed, and the membership rows of earlier runs are removed. Ringpop seeds its join from every host
 * that heartbeated in the last 20 s, and a join that only finds gone hosts waits out its 30 s maximum, then retries.
 */
async function clearEarlierRuns(pidDir: string, server: string, db: Database): Promise<void> {
  mkdirSync(pidDir, { recursive: true });
  for (const file of readdirSync(pidDir)) {
    const pid = Number(readFileSync(join(pidDir, file), 'utf8'));
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // gone
    }
    if (Number.isInteger(pid) && pid > 0 && cmdline.startsWith(server)) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && processAlive(pid); i += 1) await sleep(50);
    }
    rmSync(join(pidDir, file), { force: true });
  }
  const client = new PgClient({ ...db, database: TEMPORAL_DATABASES.persistence });
  await client.connect();
  try {
    await client.query('DELETE FROM cluster_membership');
  } finally {
    await client.end();
  }
}

interface Running {
  managed: ManagedProcess;
  expected: boolean;
}

/**
 * Sets up the role, databases and schemas, writes the config, starts the four services, waits until each reports
 * SERVING and the frontend answers for the namespace, and registers the namespace and the search attributes.
 * Whatever fails on the way stops what had started.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const log = (line: string) => options.onLog?.(line);
  const namespace = options.namespace ?? 'default';
  const numHistoryShards = options.numHistoryShards ?? 8;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const configDir = join(options.dir, 'config');
  const logDir = join(options.dir, 'logs');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });

  const db = await ensureRoleAndDatabases(options.postgresAdminUrl);
  const toolLog = createWriteStream(join(logDir, 'temporal-sql-tool.log'), { flags: 'a' });
  try {
    await setUpSchemas(options.tools, db, toolLog);
  } finally {
    toolLog.end();
  }
  log(
    `schemas of ${TEMPORAL_DATABASES.persistence} and ${TEMPORAL_DATABASES.visibility} up to date (temporal-sql-tool)`,
  );

  // Below the OS's ephemeral range: the membership port is stored in cluster_membership.rpc_port, a SMALLINT.
  const taken = new Set<number>([options.frontendPort]);
  const pick = async () => {
    const port = await freePortInRange(20_000, 32_767, taken);
    taken.add(port);
    return port;
  };
  const pidDir = join(options.dir, 'pids');
  await clearEarlierRuns(pidDir, options.tools.server, db);

  const ports = {} as Record<ClusterService, ServicePorts>;
  for (const service of CLUSTER_SERVICES) {
    ports[service] = {
      grpc: service === 'frontend' ? options.frontendPort : await pick(),
      membership: await pick(),
      ...(service === 'frontend' ? { http: await pick() } : {}),
    };
  }
  const env = 'cluster';
  writeFileSync(
    join(configDir, `${env}.yaml`),
    serverConfig(db, ports, {
      numHistoryShards,
      logLevel: options.logLevel ?? 'warn',
      dynamicConfigFile: resolve(options.dynamicConfigFile ?? defaultDynamicConfigFile()),
    }),
  );

  const running = new Map<ClusterService, Running>();
  const unexpectedExits: string[] = [];
  const listeners: Array<(service: ClusterService, status: string) => void> = [];
  const logs = new Map<ClusterService, WriteStream>();
  const logFile = (service: ClusterService) => {
    let stream = logs.get(service);
    if (!stream) {
      stream = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
      logs.set(service, stream);
    }
    return stream;
  };

  const spawnService = (service: ClusterService) => {
    const managed = spawnManaged(
      options.tools.server,
      ['--root', options.dir, '--config', 'config', '--env', env, '--allow-no-auth', 'start', '--service', service],
      {},
    );
    const file = logFile(service);
    file.write(`--- ${service} pid ${managed.child.pid} started ${new Date().toISOString()}\n`);
    if (managed.child.pid) writeFileSync(join(pidDir, `${service}.pid`), String(managed.child.pid));
    managed.child.stdout?.on('data', (chunk: Buffer) => file.write(chunk));
    managed.child.stderr?.on('data', (chunk: Buffer) => file.write(chunk));
    const entry: Running = { managed, expected: false };
    running.set(service, entry);
    managed.child.once('exit', (code, signal) => {
      const status = signal ?? String(code);
      file.write(`--- ${service} pid ${managed.child.pid} exited (${status})\n`);
      rmSync(join(pidDir, `${service}.pid`), { force: true });
      if (running.get(service) === entry) running.delete(service);
      if (entry.expected) return;
      unexpectedExits.push(`temporal ${service} pid ${managed.child.pid} exited on its own (${status})`);
      for (const listener of listeners) listener(service, status);
    });
  };

  const waitServing = async (service: ClusterService) => {
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      const entry = running.get(service);
      if (!entry) throw new Error(`temporal ${service} exited during start-up:\n${tail(service)}`);
      if (await serving(service, ports[service])) return;
      if (Date.now() > deadline)
        throw new Error(`temporal ${service} not serving in ${readyTimeoutMs / 1000}s:\n${tail(service)}`);
      await sleep(250);
    }
  };

  const tail = (service: ClusterService) => {
    try {
      return readFileSync(join(logDir, `${service}.log`), 'utf8')
        .split('\n')
        .slice(-30)
        .join('\n');
    } catch {
      return '';
    }
  };

  const kill = async (service: ClusterService, signal: NodeJS.Signals = 'SIGKILL') => {
    const entry = running.get(service);
    if (!entry) return;
    entry.expected = true;
    const { child } = entry.managed;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
    child.kill(signal);
    await exited;
  };

  const stop = async (graceMs = 15_000) => {
    // All at once (each waits for its own exit): a history service draining its shards does not hold up the rest.
    await Promise.all(
      [...running.values()].map((entry) => {
        entry.expected = true;
        return stopProcess(entry.managed.child, graceMs);
      }),
    );
    await Promise.all([...logs.values()].map((stream) => new Promise<void>((done) => stream.end(done))));
    logs.clear();
  };

  const cluster: TemporalCluster = {
    address: `127.0.0.1:${ports.frontend.grpc}`,
    namespace,
    numHistoryShards,
    ports,
    pid: (service) => running.get(service)?.managed.child.pid,
    unexpectedExits,
    onUnexpectedExit: (listener) => listeners.push(listener),
    kill,
    start: async (service) => {
      if (running.has(service)) throw new Error(`temporal ${service} is already running`);
      spawnService(service);
      await waitServing(service);
    },
    logTail: tail,
    stop,
    killAllSync: () => {
      for (const entry of running.values()) {
        entry.expected = true;
        const { child } = entry.managed;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };

  try {
    const began = Date.now();
    // Every service writes the cluster's metadata record if it finds none, and on an empty database those writes
    // race: the losers exit ("SaveClusterMetadata encountered version mismatch"). History goes first, alone.
    options.onSpawn?.(() => stop());
    spawnService('history');
    await waitServing('history');
    for (const service of CLUSTER_SERVICES.filter((s) => s !== 'history')) spawnService(service);
    for (const service of CLUSTER_SERVICES) await waitServing(service);
    log(
      `services serving in ${((Date.now() - began) / 1000).toFixed(1)} s: ${CLUSTER_SERVICES.map((s) => `${s} pid ${cluster.pid(s)} :${ports[s].grpc}`).join(', ')}`,
    );
    await registerNamespaceAndSearchAttributes(cluster.address, namespace, log);
    return cluster;
  } catch (error) {
    await stop(5000);
    throw error;
  }
}
