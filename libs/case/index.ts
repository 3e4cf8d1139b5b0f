/**
 * The case kernel (@onewindow/case): every command, event and view of a case declared once, as a schema with its
 * type inferred; the rules behind one door (`caseKernel`), each concern in its own module (concerns/), the rule
 * versions as policy tables (rules.ts).
 */
import './concerns/submission';
import './concerns/acceptance';
import './concerns/documents';
import './concerns/steps';
import './concerns/opinions';
import './concerns/periods';
import './concerns/hearings';
import './concerns/alarms';
import './concerns/issuance';
import './concerns/fees';
import './concerns/closing';

export type * from './base';
export { REJECTION_CLASSES } from './base';
export * from './vocabulary';
export * from './fields';
export * from './rules';
export * from './state';
export {
  clockCountsIn,
  clockSchemas,
  CLOCK_PURPOSES,
  countStepTime,
  isLegalOverdue,
  isOverdue,
  warningLevel,
  type Clock,
  type ClockKey,
  type ClockPatch,
  type ClockPurpose,
  type LegalPeriod,
} from './clocks';
export type { DeciderContext } from './context';
export { SPECIAL_HANDLING_FACTOR } from './concerns/steps';
export { RECEIPT_CLOCK_SKEW_MS } from './concerns/submission';
export { nextWakeUp } from './concerns/alarms';
export { feeCancelled, feeDue, feeStatus, grantedWaiver, unsettledFees } from './fee-status';
export { exemptionOf } from './concerns/steps';
export { FEE_EVENT_TYPES } from './concerns/fees';
export {
  caseKernel,
  decide,
  evolve,
  fold,
  isRejectionCode,
  rejectionClass,
  REJECTIONS,
  type CaseKernel,
  type Decision,
  type KernelContext,
} from './kernel';
export * from './view';
export { COMMAND_SPECS, eventSchemas, type CommandSpecOf } from './catalogue';
export { eventKit, type EventKit } from './schema-kit';
export { viewSchemas } from './view-schema';
export * from './facts';
