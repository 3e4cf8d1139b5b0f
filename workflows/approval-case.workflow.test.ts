import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';
import { caseSummaryQuery, CASE_WORKFLOW_TYPE, withdrawnSignal, type CaseStartInput } from '../libs/contract';
import { createDataSource } from '../libs/persistence';
import { createTimeSkippingEnv } from '../test/support/time-skipping';

describe('approval case workflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('records submission and withdrawal weeks later', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'slice',
      workflowBundle: { codePath: process.env.ONEWINDOW_WORKFLOW_BUNDLE! },
      activities: createActivities({ dataSource }),
    });
    const caseId = `TS-${Date.now()}`;
    const input: CaseStartInput = {
      caseId,
      templateId: 'land-and-start',
      applicant: { name: '甲' },
      project: { name: '乙' },
      documents: [],
      receivedAt: '2026-03-02T01:00:00.000Z',
      actor: { id: 'w1', role: 'window' },
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: 'slice',
        workflowId: `case-${caseId}`,
        args: [input],
      });
      await env.sleep('30 days');
      await handle.signal(withdrawnSignal, { commandId: 'c1', reason: 'changed plans' });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'withdrawn', eventCount: 2 });
      expect(await handle.query(caseSummaryQuery)).toMatchObject({ status: 'withdrawn' });
    });
    const rows = await dataSource.query<Array<{ type: string }>>(
      'SELECT type FROM case_events WHERE case_id = $1 ORDER BY sequence',
      [caseId],
    );
    expect(rows.map((row) => row.type)).toEqual(['CaseSubmitted', 'CaseWithdrawn']);
  });
});
