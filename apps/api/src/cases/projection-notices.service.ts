import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PROJECTED_CHANNEL } from '@onewindow/persistence';

interface Waiter {
  sequence: number;
  done: () => void;
}

/** A pause that does not keep the process alive (the reconnection loop must not hold up a shutdown). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The projection's announcements (`pg_notify` on `case_projected` when a case's new state commits), so an answer
 * that waits for the read model (an update's read-your-writes, a message to a case still starting) goes on when the
 * state is there instead of polling for it. One LISTEN connection per API process, reconnected when Postgres comes
 * back; while it is down, `until` times out and the callers read the table as they did before.
 */
@Injectable()
export class ProjectionNotices implements OnModuleInit, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Whether announcements arrive now (otherwise a wait only times out). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  onModuleInit(): void {
    void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const waiters of this.waiters.values()) for (const waiter of waiters) waiter.done();
    await this.client?.end().catch(() => undefined);
  }

  /**
   * Resolves once the projection announces the case at `sequence` or later, or after `ms`. Register before reading
   * the table (`const waiting = until(...)`; read; `waiting.cancel()` when the row was already there), so an
   * announcement between the read and the wait is not missed.
   */
  until(caseId: string, sequence: number, ms: number): { reached: Promise<void>; cancel: () => void } {
    let waiter: Waiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<void>((resolve) => {
      waiter = {
        sequence,
        done: () => {
          clearTimeout(timer);
          this.waiters.get(caseId)?.delete(waiter!);
          if (this.waiters.get(caseId)?.size === 0) this.waiters.delete(caseId);
          resolve();
        },
      };
      const set = this.waiters.get(caseId) ?? new Set<Waiter>();
      set.add(waiter);
      this.waiters.set(caseId, set);
      timer = setTimeout(waiter.done, ms);
    });
    return { reached, cancel: () => waiter?.done() };
  }

  private announced(payload: string | undefined): void {
    const [caseId, sequence] = (payload ?? '').split('\t');
    const waiters = caseId === undefined ? undefined : this.waiters.get(caseId);
    if (!waiters) return;
    for (const waiter of [...waiters]) if (Number(sequence) >= waiter.sequence) waiter.done();
  }

  private async listen(): Promise<void> {
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
      const client = new Client({ connectionString: (this.dataSource.options as { url?: string }).url });
      // Every error ends this connection; the loop makes the next one.
      const ended = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      client.on('notification', (message) => {
        if (message.channel === PROJECTED_CHANNEL) this.announced(message.payload);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${PROJECTED_CHANNEL}`);
        this.client = client;
        delay = 500;
        await ended;
      } catch {
        // Postgres is not there (yet): try again after the delay.
      }
      if (this.client === client) this.client = undefined;
      await client.end().catch(() => undefined);
      if (!this.stopped) await pause(delay);
    }
  }
}
