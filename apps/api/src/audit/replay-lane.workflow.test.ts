import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayLane, ReplayLaneFullError, unreplayable } from './replay-lane';

type History = ReturnType<typeof historyFromJSON>;

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'histories');
const recorded = (name: string) => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as unknown;
const options = (): Promise<ReplayWorkerOptions> =>
  Promise.resolve({ workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! } });

/** The first activity the history scheduled becomes one the workflow never schedules there: replay must diverge. */
function doctored(name: string): History {
  const json = recorded(name) as { events: Array<Record<string, unknown>> };
  const scheduled = json.events.find((event) => event.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') as {
    activityTaskScheduledEventAttributes: { activityType: { name: string } };
  };
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'approveEverything';
  return historyFromJSON(json);
}

/** The API's replays through one replay worker (the real SDK and the real workflow bundle; no server needed). */
describe('ReplayLane', () => {
  const good = [
    '2026-12c-land-and-start-completed',
    '2026-12c-hearing',
    '2026-11-land-and-start-tolerance-missed',
    '2026-12c-fees-paid-and-waived',
  ].map((name) => ({ name, history: historyFromJSON(recorded(name)) }));
  const bad = doctored('2026-11-land-and-start-tolerance-missed');

  it('answers histories asked for at once, each with its own verdict, from one worker kept for later replays', async () => {
    const lane = new ReplayLane(options);
    try {
      const asked = good.flatMap(({ name, history }, index) => [
        { name, expectDeterministic: true, verdict: lane.replay(history, `${name}-${index}`) },
        { name: 'doctored', expectDeterministic: false, verdict: lane.replay(bad, `doctored-${index}`) },
      ]);
      const answers = await Promise.all(asked.map(async ({ name, verdict }) => ({ name, error: await verdict })));
      expect(answers.map(({ name, error }) => `${name}: ${error ? 'diverges' : 'deterministic'}`)).toEqual(
        asked.map(({ name, expectDeterministic }) => `${name}: ${expectDeterministic ? 'deterministic' : 'diverges'}`),
      );
      expect(answers.find(({ error }) => error)?.error?.message).toMatch(/nondetermin/i);
      // Idle, then asked again: the same worker answers.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await lane.replay(good[0].history, 'again')).toBeUndefined();
      expect(lane.workersStarted).toBe(1);
    } finally {
      await lane.close();
    }
    await expect(lane.replay(good[0].history, 'after-close')).rejects.toThrow(/closed/);
  });

  it('a worker that stops as a whole fails only the history it held (after one more try); the rest are answered', async () => {
    const lane = new ReplayLane(options);
    try {
      // Not a history at all: the SDK's replay loop throws and its worker stops, on the first try and on the second.
      const poison = lane.replay(null as unknown as History, 'poison');
      const after = good.slice(0, 2).map(({ name, history }) => lane.replay(history, name));
      await expect(poison).rejects.toThrow(/history/i);
      expect(await Promise.all(after)).toEqual([undefined, undefined]);
      expect(lane.workersStarted).toBe(3);
    } finally {
      await lane.close();
    }
  });

  it('holds at most maxWaiting histories: one more is refused at once, those held are answered', async () => {
    const lane = new ReplayLane(options, { maxWaiting: 2 });
    try {
      const held = [lane.replay(good[0].history, 'held-1'), lane.replay(good[1].history, 'held-2')];
      await expect(lane.replay(good[2].history, 'one-more')).rejects.toBeInstanceOf(ReplayLaneFullError);
      expect(await Promise.all(held)).toEqual([undefined, undefined]);
    } finally {
      await lane.close();
    }
  });

  it('names what no replay worker could begin to replay (the SDK would stop the worker on it)', () => {
    expect(unreplayable(good[0].history)).toBeUndefined();
    expect(unreplayable(null)).toBe('not an object');
    expect(unreplayable(historyFromJSON({ events: [] }))).toBe('it has no events');
    const json = recorded('2026-12c-hearing') as { events: unknown[] };
    expect(unreplayable(historyFromJSON({ events: json.events.slice(1) }))).toBe(
      'its first event is not WorkflowExecutionStarted',
    );
  });

  it('a worker that cannot be built refuses what waits, and the next replay builds one again', async () => {
    let builds = 0;
    const lane = new ReplayLane(() => {
      builds += 1;
      return builds === 1 ? Promise.reject(new Error('bundle failed to build')) : options();
    });
    try {
      const first = [lane.replay(good[0].history, 'a'), lane.replay(good[1].history, 'b')];
      for (const refused of first) await expect(refused).rejects.toThrow('bundle failed to build');
      expect(await lane.replay(good[0].history, 'c')).toBeUndefined();
      expect(lane.workersStarted).toBe(2);
    } finally {
      await lane.close();
    }
  });
});
