import type { SchemaObject } from '@nestjs/swagger';

/** Small builders for the response schemas the controllers declare (`@ApiOkResponse({ schema })`). */

export type { SchemaObject };

export const instant: SchemaObject = { type: 'string', format: 'date-time' };
export const text: SchemaObject = { type: 'string' };
export const integer: SchemaObject = { type: 'integer' };
export const number: SchemaObject = { type: 'number' };
export const boolean: SchemaObject = { type: 'boolean' };
/** Any JSON object; its fields are described elsewhere (the domain, the catalogue, Temporal). */
export const anyObject: SchemaObject = { type: 'object' };

export function nullable(schema: SchemaObject): SchemaObject {
  return { ...schema, nullable: true };
}

export function oneOfValues(values: readonly string[]): SchemaObject {
  return { type: 'string', enum: [...values] };
}

export function arrayOf(items: SchemaObject): SchemaObject {
  return { type: 'array', items };
}

/** An object whose `required` fields are always present; the others may be left out. */
export function object(
  required: Record<string, SchemaObject>,
  optional: Record<string, SchemaObject> = {},
): SchemaObject {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
  };
}

export function mapOf(values: SchemaObject): SchemaObject {
  return { type: 'object', additionalProperties: values };
}
