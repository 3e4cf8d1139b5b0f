import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { z } from 'zod';
import { MESSAGE_NAMES, MESSAGES } from '../../../../libs/contract';
import { JSON_BODY_LIMIT } from './validation';

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
    const json = z.toJSONSchema(MESSAGES[name].schema) as SchemaObject & {
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
  // anyOf, not oneOf: which schema applies depends on {name}, and some payloads fit several (`{}` is a valid
  // calendar-updated and clock-resumed).
  const anyOf = MESSAGE_NAMES.map((name) => ({ $ref: `#/components/schemas/Message.${name}` }));
  for (const [path, item] of Object.entries(document.paths)) {
    if (!/\/(signals|updates)\/\{name\}$/.test(path) || !item.post) continue;
    item.post.requestBody = {
      required: true,
      description: `the payload of message {name}: one of ${MESSAGE_NAMES.join(', ')} (schemas Message.<name>)`,
      content: { 'application/json': { schema: { anyOf } } },
    };
    for (const parameter of item.post.parameters ?? []) {
      if ('name' in parameter && parameter.name === 'name')
        parameter.schema = { type: 'string', enum: [...MESSAGE_NAMES] };
    }
  }
  addLinks(document);
  const error = (description: string): ResponseObject => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        if (
          status.startsWith('4') &&
          response &&
          'description' in response &&
          !('content' in response && response.content)
        ) {
          response.content = error(response.description).content;
        }
      }
      // What every route of a kind may answer, whatever its controller says: the body parser, the validation pipe,
      // the auth guard and the error filter come before and after every handler.
      const generic: Record<string, ResponseObject> = {};
      const hasQuery = (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'query');
      const hasPath = (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'path');
      const malformed = [
        ...(operation.requestBody ? ['the body is not well-formed JSON'] : []),
        ...(hasPath ? ['a path segment is not valid percent-encoding'] : []),
      ];
      if (malformed.length > 0) generic['400'] = error(`${malformed.join(', or ')} (error.code bad-request)`);
      if (operation.requestBody) {
        generic['413'] = error(`the body is larger than ${JSON_BODY_LIMIT} (error.code payload-too-large)`);
        generic['415'] = error('the body is not JSON in UTF-8 (error.code unsupported-media-type)');
      }
      if (operation.requestBody || hasQuery) {
        generic['422'] = error('a field breaks a rule; error.details names each field and rule');
      }
      if (operation.security?.length) {
        generic['401'] = error('no API key, or an unknown or revoked one');
        generic['403'] = error('the key’s role may not do this');
        generic['503'] = {
          ...error(
            'Temporal or Postgres is not reachable, retry later (error.code dependency-unavailable), or no catalogue is published yet (catalogue-missing)',
          ),
          headers: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'string' } } },
        };
      }
      for (const [status, response] of Object.entries(generic)) responses[status] ??= response;
    }
  }
  return document;
}

/** `paths[path][method]`, or undefined. */
function operationAt(document: OpenAPIObject, path: string, method: 'get' | 'post' | 'delete') {
  return document.paths[path]?.[method];
}

/**
 * OpenAPI links: the case a start answers with is the `caseId` of the case routes, the key an admin creates is the
 * `id` to revoke. Client generators show them; schemathesis follows them in its stateful phase.
 */
function addLinks(document: OpenAPIObject): void {
  const link = (
    from: [string, 'get' | 'post' | 'delete', string],
    to: Array<[string, 'get' | 'post' | 'delete']>,
    parameters: Record<string, string>,
  ) => {
    const response = operationAt(document, from[0], from[1])?.responses?.[from[2]];
    if (!response || !('description' in response)) return;
    for (const [path, method] of to) {
      const operationId = operationAt(document, path, method)?.operationId;
      if (operationId) (response.links ??= {})[operationId] = { operationId, parameters };
    }
  };
  const caseRoutes: Array<[string, 'get' | 'post' | 'delete']> = [
    ['/v1/cases/{caseId}', 'get'],
    ['/v1/cases/{caseId}/queries/{name}', 'get'],
    ['/v1/cases/{caseId}/signals/{name}', 'post'],
    ['/v1/cases/{caseId}/updates/{name}', 'post'],
    ['/v1/cases/{caseId}/history', 'get'],
  ];
  for (const status of ['201', '200']) {
    link(['/v1/cases', 'post', status], caseRoutes, { caseId: '$response.body#/caseId' });
  }
  link(['/v1/admin/api-keys', 'post', '201'], [['/v1/admin/api-keys/{id}', 'delete']], { id: '$response.body#/id' });
}
