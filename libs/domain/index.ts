export * from './commands';
export type * from './events';
export * from './state';
export * from './rejections';
export * from './clocks';
export {
  decide,
  nextWakeUp,
  ONE_TIME_NOTICE_LIMIT,
  SPECIAL_HANDLING_FACTOR,
  type DeciderContext,
  type Decision,
} from './decide';
export { evolve, fold } from './evolve';
export { caseView, type CaseView, type ClockView, type StepView } from './view';
