/**
 * The contract shared by the API, the worker, the workflows and the tests: task queue, workflow type and id,
 * search attributes, and the names and payload types of signals, updates and queries.
 * Wire names are kebab-case and never renamed.
 */
export * from './workflow';
export * from './search-attributes';
export * from './projection';
export * from './messages';
export * from './context';
