/**
 * The contract shared by the API, the worker, the workflows and the tests: task queue, workflow type and id,
 * search attributes, the start request, and the names and payload types of signals, updates and queries.
 * Wire names are kebab-case and never renamed.
 */
export * from './workflow';
export * from './search-attributes';
export * from './projection';
export * from './schemas';
export * from './start';
export * from './messages';
export * from './queries';
export * from './context';
export * from './responses';
export * from './recomputation';
