import { condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';

/**
 * The baseline for the benchmark: a bare Temporal workflow with the shape of an approval case and none of its
 * logic. Each command is an update answered by the main loop, which waits on a timer between messages; a
 * background coroutine hands what was done to an activity in batches (the case workflow's projector does the
 * same with its events). No validation, decider, projection to Postgres or search attributes.
 */
export const baselineCommandUpdate = defineUpdate<number, [string]>('command');

/** The task queue of the baseline's worker (in the bench process, or bench/baseline-worker.ts). */
export const BASELINE_TASK_QUEUE = 'bench-baseline';

const { record } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function baselineCase(commands: number): Promise<number> {
  const queue: string[] = [];
  const done = new Set<string>();
  const unrecorded: string[] = [];
  setHandler(baselineCommandUpdate, async (name: string) => {
    queue.push(name);
    await condition(() => done.has(name));
    return done.size;
  });
  let finished = false;
  const recorder = (async () => {
    for (;;) {
      await condition(() => unrecorded.length > 0 || finished);
      if (unrecorded.length === 0) return;
      await record(unrecorded.splice(0));
    }
  })();
  while (done.size < commands) {
    await condition(() => queue.length > 0, '30 days');
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      done.add(name);
      unrecorded.push(name);
    }
  }
  finished = true;
  await recorder;
  return done.size;
}

/** The baseline of the open-cases benchmark: an open workflow holding one live timer, and nothing else. */
export const baselineDeadlineQuery = defineQuery<string>('deadline');

export async function baselineOpenCase(days: number): Promise<void> {
  const deadline = new Date(Date.now() + days * 86_400_000).toISOString();
  setHandler(baselineDeadlineQuery, () => deadline);
  await sleep(`${days} days`);
}
