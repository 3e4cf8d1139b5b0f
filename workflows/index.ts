export { approvalCase } from './approval-case.workflow';
export { calendarRecomputation } from './calendar-recomputation.workflow';
