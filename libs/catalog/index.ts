export type * from './types';
export * from './catalog';
export * from './validate';
export * from './facts';
export { DEFAULT_LIMITS } from './data/defaults';
export { LAND_AND_START, CONSTRUCTION_PERMIT_ONLY } from './data/templates';
