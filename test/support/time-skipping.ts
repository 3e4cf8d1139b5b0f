import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolPaths } from '@onewindow/stack/tools';
import { caseSearchAttributes } from '@onewindow/contract/http';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * The Java time-skipping test server (io.temporal:temporal-test-server) through the wrapper built by
 * scripts/bootstrap-tools.js: timers of weeks fire in milliseconds while nothing else is running. The project's
 * search attributes are registered on it, as on the dev server.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.ONEWINDOW_TEST_SERVER ?? toolPaths().testServer;
  if (!path) throw new Error('no time-skipping test server: run node scripts/bootstrap-tools.js');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(caseSearchAttributes.map((key) => [key.name, INDEXED[key.type]])),
  });
  return env;
}
