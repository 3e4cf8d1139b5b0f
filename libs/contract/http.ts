/**
 * The contract as the HTTP side sees it: everything the workflows share, and the schemas of the start request, of
 * the answers and of the events (built once, here, in the API's process; never in the workflow sandbox).
 */
export * from './index';
export * from './schemas';
export * from './start-schema';
export * from './responses';
