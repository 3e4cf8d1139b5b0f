import type request from 'supertest';

/** Binary answers (zip, xlsx) as buffers: supertest's parser for `.buffer(true).parse(binary)`. */
export function binary(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
