import type { ProjectionBatch, RecordedEvent } from '@onewindow/contract';
import { CaseWriteQueue, mergeBatches, takeContiguous } from './write-queue';

const event = (sequence: number): RecordedEvent =>
  ({ sequence, type: 'StepUrged', at: '2026-12-03T00:00:00.000Z', actor: { id: 's', role: 'supervisor' } }) as never;
const batch = (caseId: string, ...sequences: number[]): ProjectionBatch => ({
  caseId,
  events: sequences.map(event),
});
const sequences = (written: ProjectionBatch) => written.events.map((one) => one.sequence);

/** A writer whose writes finish when the test says so. */
function controlledWriter() {
  const calls: Array<{ batch: ProjectionBatch; finish: () => void; fail: (error: Error) => void }> = [];
  const write = (written: ProjectionBatch) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({ batch: written, finish: () => resolve(sequences(written)), fail: reject });
    });
  return { calls, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CaseWriteQueue', () => {
  it('writes one batch of a case at a time, and the batches that queued meanwhile together', async () => {
    const { calls, write } = controlledWriter();
    const queue = new CaseWriteQueue(write);
    const one = queue.enqueue(batch('A', 1, 2));
    await tick();
    const two = queue.enqueue(batch('A', 3));
    const three = queue.enqueue(batch('A', 4, 5));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await expect(one).resolves.toEqual([1, 2]);
    await tick();
    expect(calls).toHaveLength(2);
    expect(sequences(calls[1].batch)).toEqual([3, 4, 5]);
    calls[1].finish();
    await expect(two).resolves.toEqual([3, 4, 5]);
    await expect(three).resolves.toEqual([3, 4, 5]);
  });

  it('merges what follows, and keeps a batch that does not for a write of its own', async () => {
    const { calls, write } = controlledWriter();
    const queue = new CaseWriteQueue(write);
    const first = queue.enqueue(batch('A', 1));
    await tick();
    const ahead = queue.enqueue(batch('A', 4));
    const next = queue.enqueue(batch('A', 2, 3));
    calls[0].finish();
    await first;
    await tick();
    // 2-3 follow 1; 4 follows 3, so it goes with them.
    expect(sequences(calls[1].batch)).toEqual([2, 3, 4]);
    calls[1].finish();
    await Promise.all([ahead, next]);
    const gap = queue.enqueue(batch('A', 9));
    await tick();
    const late = queue.enqueue(batch('A', 6));
    const later = queue.enqueue(batch('A', 8));
    calls[2].finish();
    await gap;
    await tick();
    // 6 and 8 do not follow each other: two writes, in sequence order.
    expect(sequences(calls[3].batch)).toEqual([6]);
    calls[3].finish();
    await late;
    await tick();
    expect(sequences(calls[4].batch)).toEqual([8]);
    calls[4].finish();
    await later;
  });

  it('fails the batches of a failed write only; the queue goes on', async () => {
    const { calls, write } = controlledWriter();
    const queue = new CaseWriteQueue(write);
    const failing = queue.enqueue(batch('A', 1));
    await tick();
    const after = queue.enqueue(batch('A', 2));
    calls[0].fail(new Error('connection refused'));
    await expect(failing).rejects.toThrow('connection refused');
    await tick();
    expect(sequences(calls[1].batch)).toEqual([2]);
    calls[1].finish();
    await expect(after).resolves.toEqual([2]);
    // A merged write that fails fails every batch it carried; the case's queue is gone once nothing waits.
    const third = queue.enqueue(batch('A', 3));
    await tick();
    const fourth = queue.enqueue(batch('A', 4));
    const fifth = queue.enqueue(batch('A', 5, 6));
    calls[2].finish();
    await third;
    await tick();
    expect(sequences(calls[3].batch)).toEqual([4, 5, 6]);
    calls[3].fail(new Error('deadlock detected'));
    await expect(fourth).rejects.toThrow('deadlock detected');
    await expect(fifth).rejects.toThrow('deadlock detected');
    await tick();
    expect(calls).toHaveLength(4);
    expect(queue.casesWriting).toBe(0);
  });

  it('lets a retry of a batch still queued wait for the same write', async () => {
    const { calls, write } = controlledWriter();
    const queue = new CaseWriteQueue(write);
    const running = queue.enqueue(batch('A', 1));
    await tick();
    const queued = queue.enqueue(batch('A', 2, 3));
    const retried = queue.enqueue(batch('A', 2, 3));
    calls[0].finish();
    await running;
    await tick();
    expect(calls.map((call) => sequences(call.batch))).toEqual([[1], [2, 3]]);
    calls[1].finish();
    await expect(Promise.all([queued, retried])).resolves.toEqual([
      [2, 3],
      [2, 3],
    ]);
    await tick();
    expect(calls).toHaveLength(2);
  });

  it('writes different cases side by side', async () => {
    const { calls, write } = controlledWriter();
    const queue = new CaseWriteQueue(write);
    const a = queue.enqueue(batch('A', 1));
    const b = queue.enqueue(batch('B', 1));
    await tick();
    expect(calls.map((call) => call.batch.caseId)).toEqual(['A', 'B']);
    calls[1].finish();
    calls[0].finish();
    await expect(Promise.all([a, b])).resolves.toEqual([[1], [1]]);
    await tick();
    expect(queue.casesWriting).toBe(0);
  });
});

describe('takeContiguous and mergeBatches', () => {
  it('takes the oldest batch and the ones that continue it, leaving the rest', () => {
    const waiting = [batch('A', 5), batch('A', 1, 2), batch('A', 3), batch('A', 7)].map((one) => ({ batch: one }));
    const taken = takeContiguous(waiting);
    expect(taken.map((entry) => sequences(entry.batch))).toEqual([[1, 2], [3]]);
    expect(waiting.map((entry) => sequences(entry.batch))).toEqual([[5], [7]]);
  });

  it('merges the events in order and keeps a template kind', () => {
    const merged = mergeBatches([batch('A', 1), { ...batch('A', 2, 3), templateKind: '联办件' }]);
    expect(merged).toEqual({ caseId: 'A', events: [1, 2, 3].map(event), templateKind: '联办件' });
  });
});
