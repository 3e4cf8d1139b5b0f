import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isRFC3339, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { ApiError, type FieldProblem } from './api-error';

/**
 * Largest JSON body accepted. The contract's own limits allow multi-megabyte messages (acceptance-decided: 200 missing
 * materials and 200 commitments with notes of up to 2000 characters, about 3 MB in UTF-8), and the Temporal history
 * of a real case, uploaded to POST /v1/audit/replay, passes Express' default of 100 kB within its first 20 events.
 */
export const JSON_BODY_LIMIT = '10mb';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Strict validation: unknown fields are rejected, every problem names its field and rule (422). */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      return new ApiError(422, 'validation-failed', summary || 'the request body is invalid', problems);
    },
  });
}

/**
 * For optional body fields, instead of `@IsOptional()`: the field may be left out, but `null` is not a way of leaving
 * it out (the OpenAPI schema does not allow it), so a `null` meets the field's own rules and is refused by name.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

// A day inside 0001-9999 at either end, so that the local date stays in range for any UTC offset (-12h to +14h).
const FIRST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-30T23:59:59.999Z');

export const INSTANT_RULE =
  'must be an ISO-8601 instant with date, time and offset between 0001-01-02 and 9999-12-30, e.g. 2026-03-05T02:00:00Z';

/**
 * An instant as the calendar counts it: an ISO-8601 date and time with its offset (the RFC 3339 profile, OpenAPI's
 * `date-time`) that JavaScript reads, within the calendar's years 0001-9999. Plain ISO-8601 also admits week and
 * ordinal dates (2026-W10, 2026-064) and local times without an offset, which `new Date()` cannot read, or reads in
 * the server's time zone.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !isRFC3339(value)) return false;
  const at = Date.parse(value);
  return at >= FIRST_INSTANT && at <= LAST_INSTANT;
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => `$property ${INSTANT_RULE}` } },
    options,
  );
}

/**
 * For whole numbers in a query string, instead of `@Type(() => Number)`, which reads an empty value (`?workingDays=`)
 * as 0 and `1e2` as 100: only decimal digits become a number; anything else stays as sent and fails `@IsInt()`.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );
}
