import type { OpenAPIObject, OperationObject, PathItemObject, ResponseObject } from '@nestjs/swagger';
import { MESSAGE_NAMES, MESSAGES, type MessageName } from '@onewindow/contract/http';
import { messageBodySchema } from '../cases/cases.schemas';
import { JSON_BODY_LIMIT } from './json-body';
import { componentSchemas, openApiSchema } from './zod';

type Json = Record<string, unknown>;
const KINDS = [
  { kind: 'signals', verb: 'signal' },
  { kind: 'updates', verb: 'update' },
] as const;

/**
 * Completes the document Nest builds from the controllers: the named schemas of the answers and the error envelope,
 * the message bodies (from the same zod schemas the API and the workflow validate with), one path per message, and
 * what every route may answer whatever its controller says. An integrator needs nothing else.
 */
export function withContractSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  Object.assign(schemas, componentSchemas());
  for (const name of MESSAGE_NAMES) {
    schemas[`Message.${name}`] = { ...openApiSchema(messageBodySchema(name), 'input'), title: name };
  }
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
  document.paths = withMessagePaths(document.paths);
  addLinks(document);
  addGenericResponses(document);
  return document;
}

/**
 * `/v1/cases/{caseId}/updates/<message>` and `/signals/<message>` for every message, each with its own body and
 * operationId, so a generated client has one type per message. Express serves them through the `{name}` routes.
 */
function withMessagePaths(paths: OpenAPIObject['paths']): OpenAPIObject['paths'] {
  const out: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(paths)) {
    out[path] = item;
    const kind = KINDS.find((entry) => path === `/v1/cases/{caseId}/${entry.kind}/{name}`);
    if (!kind || !item.post) continue;
    for (const name of MESSAGE_NAMES) out[path.replace('{name}', name)] = messagePath(item.post, kind.verb, name);
  }
  return out;
}

function messagePath(generic: OperationObject, verb: 'signal' | 'update', name: MessageName): PathItemObject {
  const { senders } = MESSAGES[name];
  const copy = structuredClone(generic);
  return {
    post: {
      ...copy,
      operationId: `${verb}_${name.replace(/-/g, '_')}`,
      summary: `${verb} ${name}`,
      description: senders.length
        ? `sent by ${senders.join(', ')} keys (and admin); the decider judges which step and department it concerns`
        : 'sent by admin keys only',
      parameters: (copy.parameters ?? []).filter((parameter) => !('name' in parameter && parameter.name === 'name')),
      requestBody: {
        required: true,
        description: `the payload of ${name}; the actor comes from the API key`,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/Message.${name}` } } },
      },
    },
  };
}

function error(description: string): ResponseObject {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

const RETRY_AFTER_HEADER = { description: 'seconds to wait before retrying', schema: { type: 'string' } } as const;

/**
 * What every route of a kind may answer, whatever its controller says: the body parser, the validation pipes, the
 * auth guard and the error filter come before and after every handler.
 */
function addGenericResponses(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        if (
          (status.startsWith('4') || status === '503') &&
          response &&
          'description' in response &&
          !('content' in response && response.content)
        ) {
          response.content = error(response.description).content;
          if (status === '503') response.headers ??= { 'Retry-After': RETRY_AFTER_HEADER };
        }
      }
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
      if (operation.requestBody || hasQuery || hasPath) {
        generic['422'] = error('a field breaks a rule; error.details names each field and rule');
      }
      if (operation.security?.length) {
        generic['401'] = error('no API key, or an unknown or revoked one');
        generic['403'] = error('the key’s role may not do this');
        generic['429'] = {
          ...error('too many requests for this API key (error.code rate-limited); retry after Retry-After seconds'),
          headers: { 'Retry-After': RETRY_AFTER_HEADER },
        };
        generic['503'] = {
          ...error(
            'Temporal or Postgres is not reachable, retry later (error.code dependency-unavailable), no catalogue is published yet (catalogue-missing), or the case is recovering a failed workflow task (case-busy)',
          ),
          headers: { 'Retry-After': RETRY_AFTER_HEADER },
        };
      }
      for (const [status, response] of Object.entries(generic)) responses[status] ??= response;
    }
  }
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
    parameters: Json,
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
