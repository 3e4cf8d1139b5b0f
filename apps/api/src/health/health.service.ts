import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { TemporalSettings } from '../../../../libs/config';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';

export interface DependencyHealth {
  ready: boolean;
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  temporal: DependencyHealth & { address: string; namespace: string };
  postgres: DependencyHealth;
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyHealth> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ready: true, latencyMs: Date.now() - started };
  } catch (error) {
    return {
      ready: false,
      latencyMs: Date.now() - started,
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly dataSource: DataSource,
  ) {}

  async check(): Promise<HealthReport> {
    const [temporal, postgres] = await Promise.all([
      probe(() => this.client.workflowService.describeNamespace({ namespace: this.settings.namespace }), 3000),
      probe(() => this.dataSource.query('SELECT 1'), 3000),
    ]);
    return {
      status: temporal.ready && postgres.ready ? 'ok' : 'degraded',
      temporal: { ...temporal, address: this.settings.address, namespace: this.settings.namespace },
      postgres,
    };
  }
}
