import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Which methods each path of the API answers, read from its OpenAPI document (so both always agree). */
export class RouteTable {
  private readonly routes: Array<{ pattern: RegExp; methods: string[] }>;

  constructor(document: Pick<OpenAPIObject, 'paths'>) {
    this.routes = Object.entries(document.paths).map(([path, item]) => {
      // HEAD is answered wherever GET is (Express runs the GET handler without sending the body).
      const methods = METHODS.filter((method) => item[method] !== undefined).flatMap((method) =>
        method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()],
      );
      const pattern = path
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return { pattern: new RegExp(`^${pattern}/?$`), methods };
    });
  }

  /** The methods `path` answers; empty when no route has this path. */
  methodsOf(path: string): string[] {
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))];
  }
}
