import type { QueryDefinition } from '@temporalio/workflow';
import { z } from 'zod';
import type { HandlingKind } from '@onewindow/catalog';
import type { WarningLevel } from '@onewindow/domain';
import { CASE_STATUSES, type StepStatus, type SuspensionCause } from '@onewindow/domain';
import type { CaseView, ClockView, StepView } from '@onewindow/domain';
import { OPINION_KINDS, SUSPENSION_REASONS, VERIFICATION_RESULTS } from '@onewindow/domain';
import type { CommandOutcome } from './messages';
import type { RecordedEvent } from './projection';
import type { caseDeadlinesQuery } from './queries';
import { actor, applicant, instant, project } from './schemas';

/**
 * What the case routes answer, as zod schemas: the OpenAPI document integrators generate clients from is generated
 * from these, and the compile-time checks at the end prove they describe the domain's own types field by field.
 * Schemas with an `id` become named components of the document (`#/components/schemas/CaseView`).
 */

interface OptionalField {
  readonly '(optional)': true;
}
/** T with every field required, an optional one marked as such, so that a missing field is a difference too. */
type Marked<T> = T extends readonly (infer E)[]
  ? Marked<E>[]
  : T extends object
    ? {
        [K in keyof T]-?: undefined extends T[K] ? Marked<Exclude<T[K], undefined>> | OptionalField : Marked<T[K]>;
      }
    : T;
/** true when A and B have the same fields, each with the same type and the same optionality, at every depth. */
export type SameShape<A, B> = [Marked<A>] extends [Marked<B>]
  ? [Marked<B>] extends [Marked<A>]
    ? true
    : false
  : false;

export const WARNING_LEVELS = ['none', 'warning', 'yellow', 'red'] as const satisfies readonly WarningLevel[];
export const STEP_STATUSES = [
  'waiting',
  'in-review',
  'awaiting-correction',
  'referred',
  'agreed',
  'deemed-consent',
  'refused',
  'skipped',
] as const satisfies readonly StepStatus[];
/** 七类办件. */
export const HANDLING_KINDS = [
  'immediate',
  'promised',
  'joint',
  'referred',
  'special',
  'supplement',
  'returned',
] as const satisfies readonly HandlingKind[];
const SUSPENSION_CAUSES = [
  ...SUSPENSION_REASONS,
  'correction',
  'awaiting-materials',
] as const satisfies readonly SuspensionCause[];

const count = z.number().int();
const warningLevel = z.enum(WARNING_LEVELS).describe('none, 预警 warning, 黄牌 yellow (overdue), 红牌 red');

export const clockViewSchema = z
  .strictObject({
    deadline: instant,
    provisional: z.boolean().describe('counted across a year with no published holiday notice'),
    remainingWorkingDays: count.describe('whole working days left: 0 on the last day, negative when overdue'),
    remainingWorkingMinutes: count
      .optional()
      .describe('limits in working hours or minutes: office minutes left, negative when overdue'),
    unit: z
      .enum(['working-days', 'calendar-days', 'working-hours', 'working-minutes'])
      .describe('the unit the period counts in (also of extensionDays and suspendedDays)'),
    warningLevel,
    overdue: z.boolean(),
    suspended: z.boolean(),
    extensionDays: count,
    suspendedDays: count,
    stoppedAt: instant.optional().describe('when the period’s work was done'),
    legalDeadline: instant.optional().describe('rules 2: the legal limit (法定时限) beside the promised one'),
    legalOverdue: z.boolean().optional().describe('rules 2: the legal limit has passed'),
  })
  .meta({ id: 'ClockView', description: 'a legal period: its deadline and how it stands' });

const hearingSchema = z.strictObject({
  notifiedAt: instant,
  requestBy: instant.describe('Art. 47: a hearing may be requested until then (5 working days)'),
  requestedAt: instant.optional(),
  requestedBy: z.string().optional(),
  holdBy: instant.optional().describe('Art. 47: held within 20 working days of the request'),
  scheduledFor: instant.optional(),
  place: z.string().optional(),
  scheduledAt: instant.optional().describe('Art. 48: when the parties were told of the time and place'),
  heldAt: instant.optional(),
  record: z.string().optional(),
  lapsedAt: instant.optional().describe('the request period ended without a request'),
  clock: clockViewSchema.optional(),
});

export const stepViewSchema = z
  .strictObject({
    stepId: z.string(),
    matterCode: z.string(),
    department: z.string(),
    phase: z.enum(['pre-review', 'formal']),
    required: z.boolean(),
    status: z.enum(STEP_STATUSES),
    startedAt: instant.optional(),
    finishedAt: instant.optional(),
    opinion: z
      .string()
      .optional()
      .describe(`the last opinion: ${OPINION_KINDS.join(', ')}`),
    reasons: z.string().optional(),
    deemedBy: z
      .string()
      .optional()
      .describe('a favourable outcome without an agree: timeout, absent, disagree-without-reasons'),
    escalated: z.boolean(),
    immediate: z.boolean(),
    extended: z.boolean(),
    clock: clockViewSchema.optional(),
    referral: clockViewSchema.optional().describe('Art. 43: the lower-level review of a 上报件'),
    skippedBecause: z.string().optional().describe('rules 2: a step it waits for was refused'),
    hearing: hearingSchema.optional().describe('Arts. 47-48: the hearing on this step, with the clock it is held by'),
  })
  .meta({ id: 'StepView', description: 'one department’s step of a case' });

export const missingDocumentSchema = z.strictObject({
  materialCode: z.string(),
  stepId: z.string().optional(),
  form: z.string().optional().describe('the form the item is owed in (原件, 复印件加盖公章 …)'),
  note: z.string().optional(),
  reason: z.string().describe('notice (一次性告知), tolerance (容缺) or correction (补正)'),
  requestedAt: instant,
  dueAt: instant.optional(),
  suppliedAt: instant.optional(),
});

const suspensionSchema = z.strictObject({
  id: z.string().optional(),
  stepId: z.string().optional(),
  keys: z.array(z.string()).describe('the clocks it holds'),
  reason: z.enum(SUSPENSION_CAUSES),
  note: z.string(),
  expectedWorkingDays: count,
  since: instant,
  resumedAt: instant.optional(),
  excludedDays: count.optional().describe('working days excluded, known at resumption'),
  actor,
});

const extensionSchema = z.strictObject({
  at: instant,
  reason: z.string(),
  approvedBy: z.string(),
  afterDeadline: z.boolean(),
});

const commitmentSchema = z.strictObject({
  materialCode: z.string(),
  text: z.string(),
  at: instant,
  verified: z.strictObject({ result: z.enum(VERIFICATION_RESULTS), at: instant, note: z.string() }).optional(),
});

export const caseViewSchema = z
  .strictObject({
    starting: z
      .literal(true)
      .optional()
      .describe('never in an answer: a case still loading its context answers 409 case-starting'),
    caseId: z.string(),
    templateId: z.string(),
    catalogVersion: z.string(),
    status: z.enum(CASE_STATUSES),
    kind: z.enum(HANDLING_KINDS).describe('七类办件'),
    priority: z.boolean().describe('特办件'),
    receivedAt: instant,
    acceptedAt: instant.optional(),
    acceptanceMode: z.string().optional(),
    countedFrom: instant.optional(),
    landContractSigned: z.boolean(),
    formallyAcceptedAt: instant.optional().describe('拿地即开工: 预审转正式受理'),
    applicant,
    project,
    deadline: instant.optional(),
    deadlineProvisional: z.boolean(),
    remainingWorkingDays: count.optional(),
    warningLevel,
    overdue: z.boolean().describe('any step, the case or the issuance ran past its deadline'),
    legalOverdue: z.boolean().describe('any of them ran past its legal limit (法定时限)'),
    rulesVersion: count.describe('which rules decide the case (1: before 2026-12)'),
    steps: z.array(stepViewSchema),
    missingDocuments: z.array(missingDocumentSchema),
    suspensions: z.array(suspensionSchema),
    caseExtension: extensionSchema.optional(),
    noticeDueAt: instant.optional(),
    issuance: clockViewSchema
      .extend({
        licences: z.array(z.strictObject({ stepId: z.string(), number: z.string() })),
        seal: z.string().optional().describe('the seal on the decision, e.g. 联合验收专用章'),
      })
      .optional(),
    commitments: z.array(commitmentSchema),
    flags: z.array(z.string()),
    decisionWithheld: z.boolean(),
    refusedSteps: z.array(z.string()).describe('partial approval: the steps refused'),
    jointReviews: z.array(
      z.strictObject({ at: instant, present: z.array(z.string()), absent: z.array(z.string()), actor }),
    ),
    postDecisionCheck: z
      .strictObject({ until: instant, open: z.boolean() })
      .optional()
      .describe('告知承诺: the check period after the decision'),
    closed: z.strictObject({ at: instant, reason: z.string() }).optional(),
    eventCount: count,
  })
  .meta({ id: 'CaseView', description: 'a case as the workflow sees it at one instant' });

export const caseListItemSchema = z
  .strictObject({
    caseId: z.string(),
    templateId: z.string(),
    status: z.string().describe(`one of ${CASE_STATUSES.join(', ')}`),
    kind: z.string().nullable(),
    departments: z.array(z.string()),
    deadline: instant.nullable(),
    overdue: z.boolean(),
    legalOverdue: z.boolean(),
    warningLevel: z.string().describe(`one of ${WARNING_LEVELS.join(', ')}`),
    priority: z.boolean(),
    receivedAt: instant,
    closedAt: instant.nullable(),
    updatedAt: instant,
  })
  .meta({ id: 'CaseListItem' });

export const caseListSchema = z.strictObject({
  items: z.array(caseListItemSchema),
  page: count,
  pageSize: count,
  total: count,
  next: z
    .string()
    .optional()
    .describe(
      'pass as `after` for the next page (keyset: as fast deep in the list as on page 1); absent after the last',
    ),
});

export const startedCaseSchema = z.strictObject({
  caseId: z.string(),
  workflowId: z.string(),
  runId: z.string(),
  status: z.enum(CASE_STATUSES),
  existing: z.boolean().describe('the same Idempotency-Key started this case before'),
});

export const updateOutcomeSchema = z.strictObject({
  ok: z.literal(true),
  commandId: z.string(),
  duplicate: z.boolean().describe('the commandId was handled before: nothing changed'),
  events: z.array(z.string()).describe('the types of the events the command produced'),
  lastSequence: count,
});

export const signalSentSchema = z.strictObject({ commandId: z.string(), caseId: z.string(), name: z.string() });

const eventObject = z.record(z.string(), z.unknown()).describe('the whole event, as the decider emitted it');

/** One entry of the audit log (`GET /v1/cases/{caseId}/history`). */
export const historyEntrySchema = z
  .strictObject({
    sequence: count.describe('1-based position in the case’s log'),
    type: z.string(),
    actor,
    commandId: z.string().nullable(),
    occurredAt: instant,
    recordedAt: instant,
    event: eventObject,
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'HistoryEntry' });

export const recordedEventSchema = z
  .strictObject({
    sequence: count,
    type: z.string(),
    at: instant,
    actor,
    commandId: z.string().optional(),
    event: eventObject,
  })
  .meta({ id: 'RecordedEvent' });

export const caseDeadlineSchema = z.strictObject({
  key: z.string().describe('which clock: case, issuance, step:<id>, …'),
  deadline: instant,
  provisional: z.boolean(),
  stoppedAt: instant.optional(),
  suspended: z.boolean(),
});

/** `GET /v1/cases/{caseId}/queries/{name}`: case-state, case-events, case-deadlines, missing-documents. */
export const queryResultSchema = z.union([
  caseViewSchema,
  z.array(recordedEventSchema),
  z.array(caseDeadlineSchema),
  z.array(missingDocumentSchema),
]);

type DeadlineEntry = (typeof caseDeadlinesQuery extends QueryDefinition<infer R> ? R : never)[number];

export type CaseListAnswer = z.infer<typeof caseListSchema>;
export type StartedCase = z.infer<typeof startedCaseSchema>;
export type UpdateAnswer = z.infer<typeof updateOutcomeSchema>;
export type SignalAnswer = z.infer<typeof signalSentSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type QueryResult = z.infer<typeof queryResultSchema>;

// Compile-time proofs (like `schemasMatchCommands` in messages.ts): each schema describes its type completely, so a
// field added, removed or changed on either side fails the build here.
const responsesMatchTypes: [
  SameShape<z.infer<typeof caseViewSchema>, CaseView>,
  SameShape<z.infer<typeof stepViewSchema>, StepView>,
  SameShape<z.infer<typeof clockViewSchema>, ClockView>,
  SameShape<z.infer<typeof recordedEventSchema>, RecordedEvent>,
  SameShape<UpdateAnswer, Extract<CommandOutcome, { ok: true }>>,
  SameShape<z.infer<typeof caseDeadlineSchema>, DeadlineEntry>,
] = [true, true, true, true, true, true];
void responsesMatchTypes;
