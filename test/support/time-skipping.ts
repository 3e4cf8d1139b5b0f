import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolPaths } from '../../apps/stack/tools';

/**
 * The Java time-skipping test server (io.temporal:temporal-test-server) through the wrapper built by
 * scripts/bootstrap-tools.js: timers of weeks fire in milliseconds while nothing else is running.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.ONEWINDOW_TEST_SERVER ?? toolPaths().testServer;
  if (!path) throw new Error('no time-skipping test server: run node scripts/bootstrap-tools.js');
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
