export { approvalCase } from './approval-case.workflow';
