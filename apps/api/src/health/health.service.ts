import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { TemporalSettings } from '@onewindow/config';
import { pingDatabase } from '@onewindow/persistence';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import type { DependencyHealth, HealthReport } from './health.schemas';

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
      // The gRPC deadline ends the call and its retries with the probe, so nothing outlives the request.
      probe(
        () =>
          this.client.connection.withDeadline(Date.now() + 3000, () =>
            this.client.workflowService.describeNamespace({ namespace: this.settings.namespace }),
          ),
        3500,
      ),
      probe(() => pingDatabase(this.dataSource), 3000),
    ]);
    return {
      status: temporal.ready && postgres.ready ? 'ok' : 'degraded',
      temporal: { ...temporal, address: this.settings.address, namespace: this.settings.namespace },
      postgres,
    };
  }
}
