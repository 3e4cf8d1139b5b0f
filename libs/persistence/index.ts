export * from './data-source';
export { pingDatabase, type Queryable, type Transactional } from './queryable';
export * from './cases.repository';
export * from './case-events.repository';
export * from './calendar.repository';
export * from './catalog.repository';
export * from './api-keys.repository';
export * from './ratings.repository';
export { seed, seedReferenceData } from './seed';
