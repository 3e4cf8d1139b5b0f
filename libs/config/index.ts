import { readFileSync } from 'node:fs';

/** Process configuration from the environment, in one place. */

export class ConfigError extends Error {}

export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) throw new ConfigError('DATABASE_URL is not set (e.g. postgres://user:password@host:5432/onewindow)');
  return url;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/**
 * TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, and for a production cluster
 * TEMPORAL_TLS_CA / TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY (file paths), TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY.
 */
export function temporalSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const settings: TemporalSettings = {
    address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'onewindow-cases',
  };
  const useTls = env.TEMPORAL_TLS === 'true' || env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_API_KEY;
  if (useTls) {
    settings.tls = {};
    if (env.TEMPORAL_TLS_SERVER_NAME) settings.tls.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
    if (env.TEMPORAL_TLS_CA) settings.tls.serverRootCACertificate = readFileSync(env.TEMPORAL_TLS_CA);
    if (env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_KEY) {
      if (!env.TEMPORAL_TLS_CERT || !env.TEMPORAL_TLS_KEY) {
        throw new ConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
      }
      settings.tls.clientCertPair = {
        crt: readFileSync(env.TEMPORAL_TLS_CERT),
        key: readFileSync(env.TEMPORAL_TLS_KEY),
      };
    }
  }
  if (env.TEMPORAL_API_KEY) settings.apiKey = env.TEMPORAL_API_KEY;
  return settings;
}

export function httpPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new ConfigError(`PORT must be a TCP port, got ${env.PORT}`);
  return port;
}
