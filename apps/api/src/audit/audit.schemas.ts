import { z } from 'zod';
import type { ChainProblem } from '@onewindow/audit';
import { CASE_ID_PATTERN, historyEntrySchema, instant, type SameShape } from '@onewindow/contract/http';

/** The audit routes: what they read and what they answer (the case view and history entries are the contract's). */

const caseId = z.string().regex(CASE_ID_PATTERN, '1-64 letters, digits, dot, dash or underscore');

export const historyQuerySchema = z.strictObject({
  format: z
    .enum(['domain', 'temporal'])
    .default('domain')
    .describe('domain: the event log with hashes; temporal: the raw Temporal history'),
});

/** A case's timeline: its event log without the chain's hashes, for every staff role (who, when, what, reasons). */
export const timelineSchema = z.array(
  historyEntrySchema.omit({ prevHash: true, hash: true, recordedAt: true }).extend({
    actorName: z.string().nullable().describe('the name of the API key the actor acted with; null for the engine'),
  }),
);

export const asOfQuerySchema = z.strictObject({ asOf: instant.describe('the instant to rebuild the case at') });

export const verifyQuerySchema = z.strictObject({
  caseId: caseId.optional().describe('one case; all cases when absent'),
});

export const exportQuerySchema = z.strictObject({ caseId });

const isJsonObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

export const replayBodySchema = z.strictObject({
  caseId: caseId.optional().describe('replay this case’s Temporal history'),
  history: z
    .unknown()
    .refine(isJsonObject, { message: 'history must be an object', params: { rule: 'isObject' } })
    .meta({ type: 'object' })
    .optional()
    .describe('or an uploaded Temporal history (JSON, as GET …/history?format=temporal gives)'),
});

export type ReplayRequest = z.infer<typeof replayBodySchema>;

/** A Temporal history in its JSON form; its events are Temporal's, not described here. */
const temporalHistorySchema = z.looseObject({ events: z.array(z.record(z.string(), z.unknown())) });

/** format=domain: the event log; format=temporal: the raw Temporal history. */
export const historySchema = z.union([z.array(historyEntrySchema), temporalHistorySchema]);

const link = { caseId: z.string(), sequence: z.number().int() };
const expected = z.number().int().describe('the sequence or length the chain should have had');

/** A broken link of a case's hash chain: edited, deleted, reordered or truncated rows. */
const chainProblemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...link, kind: z.literal('sequence-gap'), expected }),
  z.strictObject({ ...link, kind: z.literal('prev-hash-mismatch') }),
  z.strictObject({ ...link, kind: z.literal('hash-mismatch') }),
  z.strictObject({ ...link, kind: z.literal('truncated'), expected }),
]);

export const verificationSchema = z.strictObject({
  verified: z.boolean(),
  cases: z.number().int(),
  events: z.number().int(),
  problems: z.array(chainProblemSchema),
});

export type Verification = z.infer<typeof verificationSchema>;

export const exportSchema = z.strictObject({
  format: z.literal('onewindow-case-archive/1'),
  exportedAt: instant,
  caseId: z.string(),
  verification: verificationSchema,
  events: z.array(historyEntrySchema),
  temporalHistory: temporalHistorySchema,
  catalog: z.record(z.string(), z.unknown()).nullable().describe('the catalogue version the case started with'),
  calendar: z.record(z.string(), z.unknown()).describe('the working-day calendar data'),
  calendarVersionsUsed: z.array(z.string()),
});

export const replaySchema = z.strictObject({
  caseId: z.string().optional(),
  deterministic: z.boolean(),
  divergence: z.string().optional().describe('where today’s workflow code diverges from the history'),
});

export type ReplayAnswer = z.infer<typeof replaySchema>;

const answersMatchTypes: SameShape<Verification['problems'][number], ChainProblem & { caseId: string }> = true;
void answersMatchTypes;
