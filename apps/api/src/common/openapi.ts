import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { MESSAGE_NAMES, messageSchemas } from '../../../../libs/contract';

type SchemaObject = Record<string, unknown>;
type OpenApiSchema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * Adds the contract's message schemas (generated from the same zod schemas the API and the workflow validate with)
 * and the error envelope to the OpenAPI document, so an integrator needs nothing else.
 */
export function withContractSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  for (const name of MESSAGE_NAMES) {
    // The actor comes from the API key; the commandId may also come from the Idempotency-Key header.
    const json = z.toJSONSchema(messageSchemas[name]) as SchemaObject & {
      properties?: SchemaObject;
      required?: string[];
    };
    delete json.$schema;
    delete json.properties?.actor;
    json.required = (json.required ?? []).filter((field) => field !== 'actor' && field !== 'commandId');
    schemas[`Message.${name}`] = { ...json, title: name } as OpenApiSchema;
  }
  schemas.Error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description: 'the rule that was broken, e.g. validation-failed, wrong-department, case-closed',
          },
          message: { type: 'string' },
          details: { description: 'per-field problems { field, rule, message } or the rejection details' },
        },
      },
    },
    example: {
      error: {
        code: 'validation-failed',
        message: 'applicant.name: should not be empty',
        details: [{ field: 'applicant.name', rule: 'isNotEmpty', message: 'applicant.name should not be empty' }],
      },
    },
  };
  const oneOf = MESSAGE_NAMES.map((name) => ({ $ref: `#/components/schemas/Message.${name}` }));
  for (const [path, item] of Object.entries(document.paths)) {
    if (!/\/(signals|updates)\/\{name\}$/.test(path) || !item.post) continue;
    item.post.requestBody = {
      required: true,
      description: `the payload of message {name}: one of ${MESSAGE_NAMES.join(', ')} (schemas Message.<name>)`,
      content: { 'application/json': { schema: { oneOf } } },
    };
    for (const parameter of item.post.parameters ?? []) {
      if ('name' in parameter && parameter.name === 'name')
        parameter.schema = { type: 'string', enum: [...MESSAGE_NAMES] };
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.delete]) {
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (
          status.startsWith('4') &&
          response &&
          'description' in response &&
          !('content' in response && response.content)
        ) {
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
        }
      }
      operation.responses = {
        ...operation.responses,
        '401': {
          description: 'no API key, or an unknown or revoked one',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        '403': {
          description: 'the key’s role may not do this',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      };
    }
  }
  return document;
}
