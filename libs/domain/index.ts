export type * from './commands';
export type * from './events';
export * from './vocabulary';
export * from './state';
export * from './rejections';
export * from './clocks';
export { decide, nextWakeUp, SPECIAL_HANDLING_FACTOR, type DeciderContext, type Decision } from './decide';
export { evolve, fold } from './evolve';
export { caseIndex, caseView, type CaseIndex, type CaseView, type ClockView, type StepView } from './view';
