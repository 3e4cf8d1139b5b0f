import type { QueryDefinition } from '@temporalio/workflow';
import { z } from 'zod';
import { CASE_STATUSES, WARNING_LEVELS, type CaseView } from '@onewindow/case';
import { caseEventSchema, caseViewSchema, missingDocumentSchema } from '@onewindow/case/schemas';
import type { CommandOutcome } from './messages';
import type { RecordedEvent } from './projection';
import type { caseDeadlinesQuery } from './queries';
import { actor, instant } from './schemas';

/** The case's views are the kernel's (declared once, with their types inferred): re-exported for the API. */
export { caseViewSchema, clockViewSchema, missingDocumentSchema, stepViewSchema } from '@onewindow/case/schemas';
export type { CaseView };

/**
 * What the case routes answer, as zod schemas: the OpenAPI document integrators generate clients from is generated
 * from these (the case's views and events come from the kernel, where they are declared once). Schemas with an `id`
 * become named components of the document (`#/components/schemas/CaseView`).
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

const count = z.number().int();

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
  queryCode: z
    .string()
    .describe(
      '查询码 for the receipt: with it the applicant follows the case and rates it (GET /v1/public/cases/{id}/progress)',
    ),
});

export const updateOutcomeSchema = z.strictObject({
  ok: z.literal(true),
  commandId: z.string(),
  duplicate: z.boolean().describe('the commandId was handled before: nothing changed'),
  events: z.array(z.string()).describe('the types of the events the command produced'),
  lastSequence: count,
});

export const signalSentSchema = z.strictObject({ commandId: z.string(), caseId: z.string(), name: z.string() });

/** One entry of the audit log (`GET /v1/cases/{caseId}/history`). */
export const historyEntrySchema = z
  .strictObject({
    sequence: count.describe('1-based position in the case’s log'),
    type: z.string(),
    actor,
    commandId: z.string().nullable(),
    occurredAt: instant,
    recordedAt: instant,
    event: caseEventSchema,
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
    event: caseEventSchema,
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

// Compile-time proofs: each schema describes its type completely, so a
// field added, removed or changed on either side fails the build here.
const responsesMatchTypes: [
  SameShape<z.infer<typeof recordedEventSchema>, RecordedEvent>,
  SameShape<UpdateAnswer, Extract<CommandOutcome, { ok: true }>>,
  SameShape<z.infer<typeof caseDeadlineSchema>, DeadlineEntry>,
] = [true, true, true];
void responsesMatchTypes;
