export type * from './types';
export * from './catalog';
export * from './validate';
export * from './graph';
export * from './documents';
export * from './limits';
export * from './facts';
export { DEFAULT_LIMITS } from './data/defaults';
export * from './diff';
