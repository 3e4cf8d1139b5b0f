import { z } from 'zod';
import { CASE_ID_PATTERN, commandId, instant, isInstant, MESSAGES, type MessageName } from '../../../../libs/contract';
import type { CaseListPosition } from '../../../../libs/persistence';
import { CASE_STATUSES } from '../../../../libs/domain';
import { ApiError } from '../common/api-error';
import { queryBoolean, queryInteger, ZodParam } from '../common/zod';

/** What the case routes read besides the contract's own schemas (libs/contract: start, messages, responses). */

const LISTED_STATUSES = CASE_STATUSES.filter((status) => status !== 'draft');

export const listCasesQuerySchema = z
  .strictObject({
    status: z.enum(LISTED_STATUSES).optional(),
    department: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,40}$/, 'a department code')
      .optional()
      .meta({ example: 'housing' }),
    templateId: z.string().max(100).optional().meta({ example: 'land-and-start' }),
    overdue: queryBoolean.optional(),
    priority: queryBoolean.optional().describe('特办件 only (true) or none of them (false)'),
    page: queryInteger(1, 100000).default(1),
    pageSize: queryInteger(1, 200).default(20),
    after: z
      .string()
      .max(200)
      .optional()
      .describe('the `next` of the previous answer: the page after it (then `page` is not sent)'),
  })
  .refine((query) => query.after === undefined || query.page === 1, {
    message: 'send either after or page, not both',
    path: ['page'],
    params: { rule: 'exclusive-with-after' },
  });

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
  const schema: z.ZodObject = MESSAGES[name].schema;
  return schema.omit({ actor: true }).extend({ commandId: commandId.optional() });
}
