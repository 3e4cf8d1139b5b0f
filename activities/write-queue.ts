import type { ProjectionBatch } from '@onewindow/contract';

/**
 * One worker's projection writes, per case: one write at a time (a burst of messages to one case would otherwise
 * empty the pool, each write holding a connection while it waits for the case's lock), and the batches that queued
 * up meanwhile written together, in one transaction, when they follow one another. A case's workflow task that
 * applied many messages (a burst of signals) schedules one local activity per command; they end in one or a few
 * transactions instead of one each, so the task completes in milliseconds rather than seconds.
 */
export class CaseWriteQueue<Result> {
  private readonly queues = new Map<string, Array<Waiting<Result>>>();

  constructor(private readonly write: (batch: ProjectionBatch) => Promise<Result>) {}

  /** Resolves with the result of the write that carried this batch (maybe with batches of its neighbours). */
  enqueue(batch: ProjectionBatch): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const waiting = this.queues.get(batch.caseId);
      if (waiting) {
        // A retry of a batch still queued (its attempt timed out while it waited) waits for that same write.
        const same = waiting.find((entry) => sameEvents(entry.batch, batch));
        if (same) same.callers.push({ resolve, reject });
        else waiting.push({ batch, callers: [{ resolve, reject }] });
        return;
      }
      this.queues.set(batch.caseId, [{ batch, callers: [{ resolve, reject }] }]);
      void this.drain(batch.caseId);
    });
  }

  /** How many cases have a write running or queued (none once every write has ended). */
  get casesWriting(): number {
    return this.queues.size;
  }

  private async drain(caseId: string): Promise<void> {
    const waiting = this.queues.get(caseId)!;
    while (waiting.length > 0) {
      const taken = takeContiguous(waiting);
      const callers = taken.flatMap((entry) => entry.callers);
      try {
        const result = await this.write(mergeBatches(taken.map((entry) => entry.batch)));
        for (const caller of callers) caller.resolve(result);
      } catch (error) {
        // Each batch's activity retries on its own (alone, or merged again with what queued by then).
        for (const caller of callers) caller.reject(error);
      }
    }
    // Nothing can queue between the emptiness check above and this: both run in the same synchronous step.
    this.queues.delete(caseId);
  }
}

interface Waiting<Result> {
  batch: ProjectionBatch;
  /** Whoever waits for this batch: its activity, and any retry of it that arrived while it was still queued. */
  callers: Array<{ resolve: (result: Result) => void; reject: (error: unknown) => void }>;
}

/** Two batches of one case with the same events (a batch's events are consecutive: the same range is the same). */
function sameEvents(a: ProjectionBatch, b: ProjectionBatch): boolean {
  return a.events.length > 0 && a.events.length === b.events.length && first(a) === first(b);
}

const first = (batch: ProjectionBatch) => Math.min(...batch.events.map((event) => event.sequence));
const last = (batch: ProjectionBatch) => Math.max(...batch.events.map((event) => event.sequence));

/**
 * Removes from `waiting` and returns the oldest batch and those that continue it without a gap, in sequence order;
 * a batch that does not follow stays for a later write (where the projection parks it if it is still ahead).
 */
export function takeContiguous<Entry extends { batch: ProjectionBatch }>(waiting: Entry[]): Entry[] {
  waiting.sort((a, b) => first(a.batch) - first(b.batch));
  const taken = [waiting[0]];
  for (const entry of waiting.slice(1)) {
    if (entry.batch.events.length === 0 || first(entry.batch) !== last(taken[taken.length - 1].batch) + 1) break;
    taken.push(entry);
  }
  waiting.splice(0, taken.length);
  return taken;
}

/** The events of contiguous batches of one case as one batch. */
export function mergeBatches(batches: readonly ProjectionBatch[]): ProjectionBatch {
  if (batches.length === 1) return batches[0];
  const templateKind = batches.find((batch) => batch.templateKind)?.templateKind;
  return {
    caseId: batches[0].caseId,
    events: batches.flatMap((batch) => batch.events),
    ...(templateKind ? { templateKind } : {}),
  };
}
