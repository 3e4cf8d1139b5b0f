export * from './api-keys';
export * from './query-code';
