import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A crash that the 2026-11 design could not replay, found by `npm run faults` (worker-kill, 2 of 20 runs on
 * 2026-11-23), and the same crash under today's design (recorded by test/e2e/crash-replay.e2e.test.ts), which must.
 * The 2026-11 history still fails: its code is frozen in workflows/legacy/, and what broke it was that design, whose
 * commands depended on how the SDK grouped events into activations (docs/architecture.md, Failures and recovery).
 *
 * The recorded case (a real run of approvalCase, unmodified) has this shape at its start:
 *   5-7   loadCaseContext scheduled, started, completed
 *   8     workflow task scheduled on the sticky queue of the worker that had just been killed (kill -9)
 *   9     signal acceptance-decided
 *   10    workflow task timed out (SCHEDULE_TO_START: nobody polls the dead worker's sticky queue)
 *   11-13 workflow task on the normal queue, run by the new worker, which has no cached copy of the case
 * The new worker ran events 7 and 9 as two activations (the activity result, then the signal), so the projector's
 * recordCaseEvents was scheduled between the two search-attribute upserts (events 14-17). Replaying the same
 * history later delivers 7 and 9 in one activation: the main loop applies the signal before the projector runs,
 * and the replay reports a nondeterminism error at event 15. The case itself completed normally (live, from the
 * worker's cache) and its audit log is complete; what fails is any later replay: queries of the closed case and
 * `npm run audit:replay`. Nothing in the workflow code differs between the two runs; see docs/architecture.md.
 */
describe('SDK limitation: a signal between a sticky workflow task and its schedule-to-start timeout', () => {
  const file = join(__dirname, '..', 'test', 'fixtures', 'sdk-issues', 'worker-kill-sticky-timeout-signal.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { events: Array<Record<string, unknown>> };

  it('the recorded history has the pattern: sticky task scheduled, signal, schedule-to-start timeout', () => {
    const types = json.events.slice(4, 13).map((event) => String(event.eventType).replace('EVENT_TYPE_', ''));
    expect(types).toEqual([
      'ACTIVITY_TASK_SCHEDULED',
      'ACTIVITY_TASK_STARTED',
      'ACTIVITY_TASK_COMPLETED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_EXECUTION_SIGNALED',
      'WORKFLOW_TASK_TIMED_OUT',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
    ]);
    expect(json.events[7]).toMatchObject({
      workflowTaskScheduledEventAttributes: { taskQueue: { kind: 'TASK_QUEUE_KIND_STICKY' } },
    });
    expect(json.events[9]).toMatchObject({
      workflowTaskTimedOutEventAttributes: { timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_START' },
    });
    expect(json.events[json.events.length - 1].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  });

  it('still does not replay through the 2026-11 design (its commands depended on the activation grouping)', async () => {
    const replay = Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! } },
      historyFromJSON(json),
      'case-FLT-mwtwuz0q-WK-30',
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toMatchObject({
      name: 'DeterminismViolationError',
      message: expect.stringMatching(/HistoryEvent\(id: 15, ActivityTaskScheduled\)/),
    });
  });

  it('the same crash under the 2026-12 design: a sticky task timed out after the context load, a signal, and it replays', async () => {
    const split = JSON.parse(
      readFileSync(
        join(__dirname, '..', 'test', 'fixtures', 'histories', '2026-12-split-activation-signal.json'),
        'utf8',
      ),
    ) as { events: Array<Record<string, unknown>> };
    const types = split.events.map((event) => String(event.eventType).replace('EVENT_TYPE_', ''));
    const completed = types.indexOf('ACTIVITY_TASK_COMPLETED');
    const timedOut = split.events.findIndex(
      (event) =>
        (event.workflowTaskTimedOutEventAttributes as { timeoutType?: string } | undefined)?.timeoutType ===
        'TIMEOUT_TYPE_SCHEDULE_TO_START',
    );
    expect(timedOut).toBeGreaterThan(completed);
    expect(types.indexOf('WORKFLOW_EXECUTION_SIGNALED')).toBeGreaterThan(completed);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! } },
        historyFromJSON(split),
        'case-split',
      ),
    ).resolves.toBeUndefined();
  });
});
