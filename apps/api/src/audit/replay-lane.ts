import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

interface Job {
  workflowId: string;
  history: History;
  /** Workers that stopped while this history was theirs. */
  attempts: number;
  settle: (error: Error | undefined) => void;
  fail: (error: unknown) => void;
}

/**
 * Why the SDK could not even begin to replay a history (it would stop the whole replay worker on it, not report a
 * divergence), or undefined: a history starts with WorkflowExecutionStarted.
 */
export function unreplayable(history: History | null | undefined): string | undefined {
  if (typeof history !== 'object' || history === null) return 'not an object';
  const first = history.events?.[0];
  if (!first) return 'it has no events';
  if (!first.workflowExecutionStartedEventAttributes) return 'its first event is not WorkflowExecutionStarted';
  return undefined;
}

/** The lane holds as many histories as it may: the caller is asked to come back. */
export class ReplayLaneFullError extends Error {}

/**
 * One replay worker for every replay the API is asked for, each history in turn.
 *
 * A replay worker per request leaks: the SDK (1.24) reads the bundle's source map into a wasm-backed consumer for
 * each worker it builds and drops it without freeing it, about 5 MB of the process's memory per replay, for as long
 * as the API runs (the fault run once died of it at its 48th replay worker). Here the worker is built once, on the
 * first replay, and fed the requests' histories one at a time. A replay's verdict (deterministic, or the divergence)
 * settles its promise; a worker that stops as a whole rejects it instead: the history it held is tried once more on a
 * new worker, and a worker that stops before taking any history (it could not be built) refuses all that wait. At
 * most `maxWaiting` histories wait (each is held in memory): more are refused at once (ReplayLaneFullError).
 */
export class ReplayLane {
  private readonly waiting: Job[] = [];
  private wake?: () => void;
  private running?: Promise<void>;
  private closed = false;
  private started = 0;

  constructor(
    private readonly options: () => Promise<ReplayWorkerOptions>,
    private readonly limits: {
      /** Histories waiting for the worker at most (each is held in memory until replayed). */
      maxWaiting: number;
      /** Told when a worker stops as a whole (not when the lane closes). */
      onStop?: (error: unknown, replayed: number) => void;
    } = { maxWaiting: 20 },
  ) {}

  /** How many replay workers this lane has built (one, unless one stopped). */
  get workersStarted(): number {
    return this.started;
  }

  /** Replays one history: undefined when it replays deterministically, else the replay's error (its divergence). */
  replay(history: History, workflowId: string): Promise<Error | undefined> {
    if (this.closed) return Promise.reject(new Error('the replay lane is closed: the API is stopping'));
    if (this.waiting.length >= this.limits.maxWaiting)
      return Promise.reject(new ReplayLaneFullError(`${this.waiting.length} histories are waiting to be replayed`));
    return new Promise((settle, fail) => {
      this.waiting.push({ workflowId, history, attempts: 0, settle, fail });
      this.wake?.();
      this.running ??= this.run();
    });
  }

  /** Stops the worker once the histories already asked for are replayed. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.running;
  }

  private async *feed(run: { taken: Job[]; took: number }): AsyncGenerator<{ workflowId: string; history: History }> {
    for (;;) {
      const job = this.waiting.shift();
      if (job) {
        run.taken.push(job);
        run.took += 1;
        yield { workflowId: job.workflowId, history: job.history };
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private async run(): Promise<void> {
    this.started += 1;
    // The histories handed to this worker and not answered yet (one at most), and how many it took in all.
    const run = { taken: [] as Job[], took: 0 };
    let stopped: unknown = new Error('the replay worker stopped');
    try {
      // The SDK asks for the next history only once the previous one's result is taken: results come in order.
      for await (const result of Worker.runReplayHistories(await this.options(), this.feed(run)))
        run.taken.shift()?.settle(result.error);
    } catch (error) {
      stopped = error;
    }
    this.running = undefined;
    if (!this.closed || run.taken.length > 0) this.limits.onStop?.(stopped, run.took - run.taken.length);
    for (const job of run.taken.splice(0).reverse()) {
      job.attempts += 1;
      if (job.attempts >= 2 || this.closed) job.fail(stopped);
      else this.waiting.unshift(job);
    }
    if (this.waiting.length === 0) return;
    if (this.closed || run.took === 0) {
      // Closed, or a worker that could not even take a history: a new one would fail the same way at once.
      for (const job of this.waiting.splice(0)) job.fail(stopped);
      return;
    }
    this.running = this.run();
  }
}
