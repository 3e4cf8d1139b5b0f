export * from './data-source';
export { ApiKeyEntity } from './entities/api-key.entity';
export { CalendarDayEntity, CalendarYearEntity } from './entities/calendar-day.entity';
export { CaseEventEntity } from './entities/case-event.entity';
export { CaseStepEntity } from './entities/case-step.entity';
export { CaseEntity } from './entities/case.entity';
export { CatalogVersionEntity } from './entities/catalog-version.entity';
export * from './reference-data';
export * from './audit-log';
