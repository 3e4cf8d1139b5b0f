import { z } from 'zod';
import { CASE_ID_PATTERN, commandId, instant, isInstant, MESSAGES, type MessageName } from '@onewindow/contract/http';
import type { CaseListPosition } from '@onewindow/persistence';
import { CASE_STATUSES, STEP_STATUSES, WARNING_LEVELS } from '@onewindow/case';
import { ApiError } from '../common/api-error';
import { queryBoolean, queryInteger, queryList, ZodParam } from '../common/zod';

/** What the case routes read besides the contract's own schemas (libs/contract: start, messages, responses). */

const LISTED_STATUSES = CASE_STATUSES.filter((status) => status !== 'draft');

/** Which cases: the filter of the case list and of the audit archive (`GET /v1/audit/archive`). */
export const caseFilterShape = {
  status: z.enum(LISTED_STATUSES).optional(),
  department: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,40}$/, 'a department code')
    .optional()
    .meta({ example: 'housing' }),
  templateId: z.string().max(100).optional().meta({ example: 'land-and-start' }),
  overdue: queryBoolean.optional(),
  priority: queryBoolean.optional().describe('特办件 only (true) or none of them (false)'),
  warningLevel: z.enum(WARNING_LEVELS).optional().describe('the case’s level: 预警 warning, 黄牌 yellow, 红牌 red'),
  receivedFrom: instant.optional().describe('received at or after this instant'),
  receivedTo: instant.optional().describe('received before this instant'),
  open: queryBoolean.optional().describe('cases not closed yet (true) or closed ones (false)'),
  stepStatus: queryList(STEP_STATUSES)
    .optional()
    .describe(
      'cases with a step in one of these statuses (repeated or comma-separated); with `department`, a step of that ' +
        'department: `department=housing&stepStatus=in-review` is the department’s 待办',
    ),
};

/** receivedFrom must not come after receivedTo: named on receivedTo, with its rule. */
function receivedRangeInOrder(filter: { receivedFrom?: string; receivedTo?: string }, context: z.RefinementCtx): void {
  if (filter.receivedFrom && filter.receivedTo && Date.parse(filter.receivedFrom) > Date.parse(filter.receivedTo)) {
    context.addIssue({
      code: 'custom',
      path: ['receivedTo'],
      message: 'receivedTo must not be before receivedFrom',
      params: { rule: 'range-order' },
    });
  }
}

export const CASE_SORTS = ['-receivedAt', 'receivedAt', 'deadline', '-deadline'] as const;

/** A keyset cursor goes with page 1 only, and with an order by receipt (its position is a receipt and a case id). */
function afterInItsOrder(
  query: { after?: string; page?: number; sort?: (typeof CASE_SORTS)[number] },
  context: z.RefinementCtx,
): void {
  if (query.after === undefined) return;
  if (query.page !== undefined && query.page !== 1)
    context.addIssue({
      code: 'custom',
      path: ['page'],
      message: 'send either after or page, not both',
      params: { rule: 'exclusive-with-after' },
    });
  if (query.sort === 'deadline' || query.sort === '-deadline')
    context.addIssue({
      code: 'custom',
      path: ['after'],
      message: 'after pages the orders by receipt (-receivedAt, receivedAt); by deadline, use page',
      params: { rule: 'after-needs-receipt-order' },
    });
}

export const listCasesQuerySchema = z
  .strictObject({
    ...caseFilterShape,
    sort: z
      .enum(CASE_SORTS)
      .default('-receivedAt')
      .describe('-receivedAt: newest first; deadline: nearest deadline first (cases without one last)'),
    page: queryInteger(1, 100000).default(1),
    pageSize: queryInteger(1, 200).default(20),
    after: z
      .string()
      .max(200)
      .optional()
      .describe(
        'the `next` of the previous answer: the page after it, as fast deep in the list as on page 1 (then `page` ' +
          'is not sent); in the orders by receipt',
      ),
  })
  .superRefine(receivedRangeInOrder)
  .superRefine(afterInItsOrder);

/** `GET /v1/audit/archive`: the cases of a filter, at most `limit` of them. */
export const archiveQuerySchema = z
  .strictObject({
    ...caseFilterShape,
    limit: queryInteger(1, 1000)
      .default(200)
      .describe('the most cases one archive may hold; more matching cases are refused (422), not cut off'),
  })
  .superRefine(receivedRangeInOrder);

export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

/** A list position as the API hands it out: opaque to callers, base64url of `receivedAt|caseId`. */
export function encodeCursor(position: CaseListPosition): string {
  return Buffer.from(`${position.receivedAt}|${position.caseId}`, 'utf8').toString('base64url');
}

/** The position a cursor names; a cursor this API did not make is a 422 naming `after`. */
export function decodeCursor(cursor: string): CaseListPosition {
  const [receivedAt, caseId, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !isInstant(receivedAt) || !caseId || !CASE_ID_PATTERN.test(caseId)) {
    throw ApiError.unprocessable('invalid-cursor', 'after: not a cursor of this list', [
      { field: 'after', rule: 'list-cursor', message: 'pass the `next` of a previous answer unchanged' },
    ]);
  }
  return { receivedAt, caseId };
}

/**
 * `GET /v1/cases/{caseId}?asOf=`: only asOf is read (other parameters were never refused here), and a bad one is
 * answered `invalid-instant`.
 */
export const caseViewQuerySchema = z.object({
  asOf: instant.optional().describe('evaluate remaining working days and warning levels at this instant'),
});

export const caseIdSchema = z
  .string()
  .regex(CASE_ID_PATTERN, '1-64 letters, digits, dot, dash or underscore, starting with a letter or digit')
  .describe('办件编号');

/** The case of the path; an id that cannot exist is answered like an unknown case (404), before Temporal is asked. */
export function CaseIdParam(): ParameterDecorator {
  return ZodParam('caseId', caseIdSchema, (_problems, value) =>
    ApiError.notFound('case-not-found', `case ${String(value).slice(0, 80)} does not exist`),
  );
}

/** `Idempotency-Key`: the same rule as a message's commandId, which it becomes. */
export const idempotencyKeySchema = commandId;

/**
 * The body of message `name` over HTTP: its contract schema without the actor (the API key says who) and with an
 * optional commandId (the Idempotency-Key header, or a fresh id, stands in for it).
 */
export function messageBodySchema(name: MessageName): z.ZodObject {
  // Every message schema is a strict object (the contract builds them so), whatever payload type it parses to.
  const schema = MESSAGES[name].schema as unknown as z.ZodObject;
  return schema.omit({ actor: true }).extend({ commandId: commandId.optional() });
}
