import { z } from 'zod';

/** `GET /health`: whether Temporal and Postgres answer, and how fast. */

const dependency = {
  ready: z.boolean(),
  latencyMs: z.number().int(),
  detail: z.string().optional().describe('why it is not ready'),
};

export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  temporal: z.strictObject({ ...dependency, address: z.string(), namespace: z.string() }),
  postgres: z.strictObject(dependency),
});

export type HealthReport = z.infer<typeof healthSchema>;
export type DependencyHealth = HealthReport['postgres'];

export const livenessSchema = z.strictObject({ status: z.literal('ok'), uptimeSeconds: z.number().int() });
export type Liveness = z.infer<typeof livenessSchema>;
