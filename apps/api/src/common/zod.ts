import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { payloadProblems } from '@onewindow/contract/http';
import { ApiError, type FieldProblem } from './api-error';

/**
 * The API's one schema language: a route declares its body, query or path parameter once, as a zod schema, and gets
 * both its validation (422 naming each field and rule, as `payloadProblems` reports them) and its OpenAPI parameter
 * or request body from it. Responses document their zod schema with `openApiSchema`.
 */

type Json = Record<string, unknown>;

/** What a route answers for a value its schema refuses; by default 422 validation-failed. */
export type InvalidAnswer = (problems: FieldProblem[], value: unknown) => Error;

function unprocessable(code: string): InvalidAnswer {
  return (problems) =>
    new ApiError(
      422,
      code,
      problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') || 'the request is invalid',
      problems,
    );
}

/** Validates (and, where the schema says so, converts) a value with a zod schema. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly invalid: InvalidAnswer = unprocessable('validation-failed'),
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw this.invalid(payloadProblems(result.error), value);
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DEFINITIONS = '#/definitions/';

/** zod's JSON Schema as OpenAPI wants it: named schemas as component references, no `$schema` or `$id`. */
function cleaned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleaned);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$schema' || key === '$id' || key === 'definitions') continue;
    // z.number().int() says "a safe integer" as bounds of ±2^53-1: noise in a document, so left out.
    if ((key === 'minimum' || key === 'maximum') && Math.abs(item as number) === MAX_SAFE) continue;
    out[key] =
      key === '$ref' && typeof item === 'string' && item.startsWith(DEFINITIONS)
        ? `#/components/schemas/${item.slice(DEFINITIONS.length)}`
        : cleaned(item);
  }
  return out;
}

/**
 * The OpenAPI 3.0 schema of a zod schema: `input` for what a caller sends (defaults optional, before conversions),
 * `output` for what the API answers. Schemas with a `.meta({ id })` become `$ref`s to `componentSchemas()`.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io });
  // A component shows its output form, which is not what a caller may send.
  if (io === 'input' && json.definitions) throw new Error('a request schema contains a named (answer) schema');
  return cleaned(json) as SchemaObject;
}

/**
 * Every named response schema (`.meta({ id })`), as `components.schemas` of the document. Only answers carry an id,
 * so their output form is the one to show.
 */
export function componentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return cleaned(schemas) as Record<string, SchemaObject>;
}

/** Runs a method decorator from a parameter decorator (so one parameter declares validation and documentation). */
function onMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (key !== undefined && descriptor) decorator(target, key, descriptor);
}

/** The request body, validated against `schema` and documented as the operation's body. */
export function ZodBody(schema: z.ZodType, description?: string): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    onMethod(
      target,
      key,
      ApiBody({ required: true, schema: openApiSchema(schema, 'input'), ...(description ? { description } : {}) }),
    );
  };
}

/**
 * The query string, validated against an object schema and documented as one parameter per field. `invalid` names
 * the answer to a refused value (a route's own error code).
 */
export function ZodQuery(schema: z.ZodObject, invalid?: InvalidAnswer | string): ParameterDecorator {
  const answer = typeof invalid === 'string' ? unprocessable(invalid) : invalid;
  const input = openApiSchema(schema, 'input');
  const output = openApiSchema(schema, 'output');
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, answer))(target, key, index);
    for (const [name, property] of Object.entries(input.properties ?? {})) {
      const { description, ...parameter } = property as SchemaObject;
      // zod shows a default in the output form only; for a parameter it says what leaving it out means.
      const fallback = (output.properties?.[name] as SchemaObject | undefined)?.default as unknown;
      onMethod(
        target,
        key,
        ApiQuery({
          name,
          required: (input.required ?? []).includes(name),
          schema: { ...parameter, ...(fallback === undefined ? {} : { default: fallback }) },
          ...(description ? { description } : {}),
        }),
      );
    }
  };
}

/** A path parameter, validated against `schema` and documented with it; `invalid` answers a refused one. */
export function ZodParam(name: string, schema: z.ZodType, invalid?: InvalidAnswer): ParameterDecorator {
  const { description, ...parameter } = openApiSchema(schema, 'input');
  // Validated as `{ [name]: value }`, so each problem names the parameter.
  const named = z.object({ [name]: schema });
  const answer = invalid ?? unprocessable('validation-failed');
  const pipe: PipeTransform<unknown, unknown> = {
    transform: (value) => {
      const result = named.safeParse({ [name]: value });
      if (result.success) return result.data[name];
      throw answer(payloadProblems(result.error), value);
    },
  };
  return (target, key, index) => {
    Param(name, pipe)(target, key, index);
    onMethod(
      target,
      key,
      ApiParam({ name, required: true, schema: parameter, ...(description ? { description } : {}) }),
    );
  };
}

/**
 * A whole number in a query string: decimal digits only (with an optional minus), so an empty value, `1e2` or `0x10`
 * stays as sent and is refused, where `Number()` would read 0, 100 and 16.
 */
export function queryInteger(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
}

/**
 * Several values of one parameter: repeated (`?stepStatus=a&stepStatus=b`, as generated clients send an array) or
 * comma-separated (`?stepStatus=a,b`, as a person types it). Each must be one of `values`.
 */
export function queryList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',') : value),
    z.array(z.enum(values)).min(1).max(values.length),
  );
}

/** A boolean in a query string: `true` or `false`, nothing else. */
export const queryBoolean = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);
