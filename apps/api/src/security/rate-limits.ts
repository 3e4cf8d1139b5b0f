import { createHash } from 'node:crypto';
import type { Request } from 'express';

export interface RateLimits {
  /** Requests per minute one API key may make. */
  perMinute: number;
  /** History replays per minute one key may ask for: each bundles and runs the workflow code. */
  replaysPerMinute: number;
  /** Keyless requests per minute one address may make to the public guide. */
  publicPerMinute: number;
  /** Keyless case lookups (progress, rating with the query code) per minute one address may make. */
  lookupsPerMinute: number;
}

/**
 * The limits of the environment: ONEWINDOW_RATE_LIMIT_PER_MINUTE, ONEWINDOW_REPLAY_RATE_LIMIT_PER_MINUTE,
 * ONEWINDOW_PUBLIC_RATE_LIMIT_PER_MINUTE, ONEWINDOW_LOOKUP_RATE_LIMIT_PER_MINUTE.
 */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  return {
    perMinute: Number(env.ONEWINDOW_RATE_LIMIT_PER_MINUTE ?? 1200),
    replaysPerMinute: Number(env.ONEWINDOW_REPLAY_RATE_LIMIT_PER_MINUTE ?? 6),
    publicPerMinute: Number(env.ONEWINDOW_PUBLIC_RATE_LIMIT_PER_MINUTE ?? 120),
    lookupsPerMinute: Number(env.ONEWINDOW_LOOKUP_RATE_LIMIT_PER_MINUTE ?? 10),
  };
}

let current: RateLimits = rateLimitsFromEnv();

/** Set by the application module from its settings (benchmarks raise them; one app per process). */
export function configureRateLimits(limits: RateLimits): void {
  current = limits;
}

export function rateLimits(): RateLimits {
  return current;
}

/** The keyless routes (the public side, licence verification): counted per address whatever header is sent. */
const KEYLESS = /^\/v1\/(public|licences)\//;

/**
 * Who a request counts against: its API key (by a digest of the token, so an unknown or revoked key is limited
 * too, and the token itself is never kept), else its address; a keyless route always by its address.
 */
export function rateLimitTracker(request: Record<string, unknown>): string {
  const req = request as unknown as Request;
  // The keyless routes never check a key: one made up per request must not buy a fresh allowance.
  if (KEYLESS.test(req.path ?? req.url ?? '')) return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1]) return `key:${createHash('sha256').update(match[1]).digest('hex').slice(0, 32)}`;
  return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}
