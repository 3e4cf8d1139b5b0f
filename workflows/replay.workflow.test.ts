import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/common';

/**
 * Recorded histories of representative cases (test/fixtures/histories) replayed against today's workflow code:
 * a change that breaks determinism for cases already running fails here. Guard such changes with patched().
 */
describe('replay of recorded case histories', () => {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'histories');
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('replays every recorded history deterministically', async () => {
    const histories: HistoryAndWorkflowId[] = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
    }));
    const results: Array<{ workflowId: string; error?: unknown }> = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! } },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, ...(result.error ? { error: result.error } : {}) });
    }
    expect(results.map((result) => result.workflowId).sort()).toEqual(
      histories.map((history) => history.workflowId).sort(),
    );
    expect(
      results.filter((result) => result.error).map((result) => `${result.workflowId}: ${String(result.error)}`),
    ).toEqual([]);
  });
});
