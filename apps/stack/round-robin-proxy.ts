import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Upstream {
  name: string;
  port: number;
}

export interface RoundRobinProxy {
  url: string;
  stop(): Promise<void>;
}

/** A request body is buffered (at most this much) so that a refused connection can go to the next upstream. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        incoming.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '1' } : {}) });
  response.end(JSON.stringify({ error: { code, message } }));
}

/** Sends one buffered request to one upstream; rejects with the connection error when it never got there. */
function forward(upstream: Upstream, incoming: IncomingMessage, body: Buffer, response: ServerResponse) {
  return new Promise<void>((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-onewindow-upstream': upstream.name });
        answer.pipe(response);
        answer.on('end', () => resolve());
        answer.on('error', () => response.destroy());
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * The local cluster's HTTP entry: each request goes to the next API process in turn (the answer names it in
 * `x-onewindow-upstream`). A connection the upstream refuses (a process restarting) never reached it, so the
 * request goes to the next one; once an upstream has answered, its answer is the answer.
 */
export async function startRoundRobinProxy(port: number, upstreams: Upstream[]): Promise<RoundRobinProxy> {
  let next = 0;
  const server = createServer((incoming, response) => {
    void (async () => {
      const body = await readBody(incoming);
      if (!body) return refuse(response, 413, 'payload-too-large', `request body over ${MAX_BODY_BYTES} bytes`);
      const first = next;
      next = (next + 1) % upstreams.length;
      let last: unknown;
      for (let tried = 0; tried < upstreams.length; tried += 1) {
        const upstream = upstreams[(first + tried) % upstreams.length];
        try {
          await forward(upstream, incoming, body, response);
          return;
        } catch (error) {
          last = error;
          if (response.headersSent) return response.destroy();
        }
      }
      refuse(response, 503, 'upstream-unavailable', `no API process answered: ${String(last)}`);
    })().catch((error: unknown) => refuse(response, 502, 'proxy-error', String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
