import {
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
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

const { record, loadContext } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
const { record: recordLocally } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '5 seconds' });

/**
 * `local`: the records go to a local activity, as OneWindow's case workflow writes its projection since 2026-12-03
 * (`npm run bench -- --local-baseline`): what that Temporal feature alone buys a workflow with no logic.
 */
export async function baselineCase(commands: number, options: { local?: boolean } = {}): Promise<number> {
  return runCommands(commands, (name) => name, options.local ? recordLocally : record);
}

/** The sizes of what OneWindow's case workflow records in its history, in bytes (measured by the bench). */
export interface PayloadSizes {
  /** The result of loading the case's context (template, matters, calendar), once per run. */
  context: number;
  /** What each command adds to the projection's activity inputs (its events). */
  perCommand: number;
  /** The workflow's result. */
  result: number;
}

/**
 * The baseline carrying OneWindow's payload sizes (`npm run bench -- --payload-baseline`): the same loop, plus a
 * context of that size loaded by an activity at the start, each command's record padded to that size, and a result
 * of that size; still no logic. What the bytes alone cost Temporal and the worker.
 */
export async function baselinePayloadCase(commands: number, sizes: PayloadSizes): Promise<string> {
  // The update handler is registered before the first await (runCommands does it as it is called).
  const commandsDone = runCommands(commands, (name) => name.padEnd(sizes.perCommand, '.'), record);
  await loadContext(sizes.context);
  return `${await commandsDone}`.padEnd(sizes.result, '.');
}

/** Takes `commands` updates in the main loop; a coroutine hands each one's record to an activity, in batches. */
async function runCommands(
  commands: number,
  recordOf: (name: string) => string,
  recorder: BaselineActivities['record'],
): Promise<number> {
  const queue: string[] = [];
  const done = new Set<string>();
  const unrecorded: string[] = [];
  setHandler(baselineCommandUpdate, async (name: string) => {
    queue.push(name);
    await condition(() => done.has(name));
    return done.size;
  });
  let finished = false;
  const recording = (async () => {
    for (;;) {
      await condition(() => unrecorded.length > 0 || finished);
      if (unrecorded.length === 0) return;
      await recorder(unrecorded.splice(0));
    }
  })();
  while (done.size < commands) {
    await condition(() => queue.length > 0, '30 days');
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      done.add(name);
      unrecorded.push(recordOf(name));
    }
  }
  finished = true;
  await recording;
  return done.size;
}

/** The baseline of the open-cases benchmark: an open workflow holding one live timer, and nothing else. */
export const baselineDeadlineQuery = defineQuery<string>('deadline');

export async function baselineOpenCase(days: number): Promise<void> {
  const deadline = new Date(Date.now() + days * 86_400_000).toISOString();
  setHandler(baselineDeadlineQuery, () => deadline);
  await sleep(`${days} days`);
}
