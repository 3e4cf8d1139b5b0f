import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes are INFO; tests show only warnings and errors from the SDK.
Runtime.install({ logger: new DefaultLogger('WARN') });
