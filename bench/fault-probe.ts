import type { Client } from '@temporalio/client';
import { sleep } from '@onewindow/stack/processes';

interface Track {
  lastFailureAt?: number;
  recoveredAt?: number;
}

/**
 * Watches, during a fault, whether long-lived connections come back by themselves: the API's view of its
 * dependencies (GET /health, which goes through the API's own Temporal client and Postgres pool) and the harness's
 * Temporal client, created before the fault and never rebuilt. Each answers when it last failed and when it first
 * succeeded again after that.
 */
export class ReconnectProbe {
  private readonly tracks: Record<'health' | 'client', Track> = { health: {}, client: {} };
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly apiUrl: string,
    private readonly temporal: Client,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const [health, client] = await Promise.all([this.healthOk(), this.clientOk()]);
        this.record(this.tracks.health, health);
        this.record(this.tracks.client, client);
        await sleep(250);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** "back +x s" after `since` (negative: before it) for each probe that failed, "never down" otherwise. */
  describe(since: number): string {
    const text = (track: Track) =>
      track.lastFailureAt === undefined
        ? 'never down'
        : track.recoveredAt === undefined
          ? 'NOT back'
          : `back ${track.recoveredAt >= since ? '+' : ''}${((track.recoveredAt - since) / 1000).toFixed(1)} s`;
    return `API /health ${text(this.tracks.health)}, harness Temporal client ${text(this.tracks.client)}`;
  }

  /** True when both probes, if they failed, came back. */
  get recovered(): boolean {
    return Object.values(this.tracks).every(
      (track) => track.lastFailureAt === undefined || track.recoveredAt !== undefined,
    );
  }

  private record(track: Track, ok: boolean): void {
    const now = Date.now();
    if (!ok) {
      track.lastFailureAt = now;
      track.recoveredAt = undefined;
    } else if (track.lastFailureAt !== undefined && track.recoveredAt === undefined) {
      track.recoveredAt = now;
    }
  }

  private async healthOk(): Promise<boolean> {
    try {
      return (await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(5000) })).ok;
    } catch {
      return false;
    }
  }

  private async clientOk(): Promise<boolean> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + 2000, () =>
        this.temporal.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }
}
