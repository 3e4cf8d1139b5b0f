/**
 * The contract shared by the API, the worker, the workflows and the tests: task queue, workflow type and id,
 * search attributes, the start input, and the names and payload types of signals, updates and queries.
 * Wire names are kebab-case and never renamed. The HTTP side's schemas (the start request, the answers, the events
 * as documented) are `@onewindow/contract/http`: the workflow sandbox never loads them.
 */
export * from './workflow';
export * from './search-attributes';
export * from './projection';
export * from './start';
export * from './messages';
export * from './queries';
export * from './context';
export * from './recomputation';
