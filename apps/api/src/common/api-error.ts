import { z } from 'zod';
import { WORKFLOW_REFUSALS } from '@onewindow/contract/http';
import { isRejectionCode, rejectionClass, type RejectionClass } from '@onewindow/case';

/** The HTTP status of each class of refusal: who (403), what (422), when (409). */
const STATUS_OF: Record<RejectionClass, 403 | 409 | 422> = { forbidden: 403, unprocessable: 422, conflict: 409 };

/** Refusals after which the caller should simply retry in a moment (Retry-After). */
export const RETRY_SOON: ReadonlySet<string> = new Set([
  'case-starting',
  'case-continuing',
  'case-busy',
  'replay-unavailable',
  'replay-busy',
]);

/** A typed error the API answers with `{ error: { code, message, details? } }` and the given status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static notFound(code: string, message: string): ApiError {
    return new ApiError(404, code, message);
  }

  static conflict(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(409, code, message, details);
  }

  static unprocessable(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(422, code, message, details);
  }

  /**
   * A refusal of the case (the decider's rejection, or the workflow's own refusal before deciding), with the status
   * of its class. A code no table knows is a fault of ours, answered as one (500).
   */
  static refused(code: string, message: string, details?: unknown): ApiError {
    const refusalClass: RejectionClass | undefined = isRejectionCode(code)
      ? rejectionClass(code)
      : Object.prototype.hasOwnProperty.call(WORKFLOW_REFUSALS, code)
        ? WORKFLOW_REFUSALS[code as keyof typeof WORKFLOW_REFUSALS]
        : undefined;
    return new ApiError(
      refusalClass ? STATUS_OF[refusalClass] : 500,
      refusalClass ? code : 'internal-error',
      message,
      details,
    );
  }
}

const fieldProblemSchema = z.strictObject({
  field: z.string(),
  rule: z.string().describe('the rule broken: a zod issue code, or the rule’s own name (isInstant, known-role …)'),
  message: z.string(),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/** A problem of a published document (catalogue version, holiday notice): where in it, which rule, in words. */
const pathProblemSchema = z.strictObject({
  path: z.string().describe('e.g. matters[construction-permit].promisedLimit, holidays[2].to'),
  rule: z.string().describe('the rule broken: promised-exceeds-legal, date-once, unknown-field …'),
  message: z.string(),
});

export type PathProblem = z.infer<typeof pathProblemSchema>;

/** Every error the API answers (ErrorFilter writes it); the `Error` component of the OpenAPI document. */
export const errorEnvelopeSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe('the rule that was broken, e.g. validation-failed, wrong-department, case-closed'),
      message: z.string(),
      details: z
        .union([z.array(fieldProblemSchema), z.array(pathProblemSchema), z.record(z.string(), z.unknown())])
        .optional()
        .describe(
          'per-field problems { field, rule, message }, problems of a published document { path, rule, message }, or the rejection details',
        ),
    }),
  })
  .meta({
    id: 'Error',
    example: {
      error: {
        code: 'validation-failed',
        message: 'applicant.name: Too small: expected string to have >=1 characters',
        details: [
          { field: 'applicant.name', rule: 'too_small', message: 'Too small: expected string to have >=1 characters' },
        ],
      },
    },
  });
