import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';

/** Security headers, per-key rate limits, request ids and the two probes, on the real app. */
describe('security headers, rate limits and probes', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers with helmet’s headers: a strict CSP on the API, a relaxed one only for the OpenAPI UI', async () => {
    const api = await request(harness.server).get('/v1/catalog/templates').set('Authorization', harness.auth('window'));
    expect(api.headers['content-security-policy']).toContain("default-src 'self'");
    expect(api.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-powered-by']).toBeUndefined();
    const docs = await request(harness.server).get('/docs/');
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('echoes a sane X-Request-Id, and makes one up otherwise', async () => {
    const sent = await request(harness.server).get('/health/live').set('X-Request-Id', 'trace-42.a');
    expect(sent.headers['x-request-id']).toBe('trace-42.a');
    const made = await request(harness.server).get('/health/live').set('X-Request-Id', 'no spaces allowed');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/health/live is the process; /health/ready the dependencies', async () => {
    const live = await request(harness.server).get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await request(harness.server).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', temporal: { ready: true }, postgres: { ready: true } });
  });

  it('replays are limited per API key: 429 with Retry-After in the header and in the envelope', async () => {
    const replay = (role: string) =>
      request(harness.server)
        .post('/v1/audit/replay')
        .set('Authorization', harness.auth(role))
        .send({ history: { events: [] } });
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) answers.push((await replay('auditor')).status);
    expect(answers.filter((status) => status === 429).length).toBeGreaterThan(0);
    const limited = await replay('auditor').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({
      code: 'rate-limited',
      details: { retryAfterSeconds: Number(limited.headers['retry-after']) },
    });
    // Another key has its own allowance.
    expect((await replay('supervisor')).status).not.toBe(429);
  });
});
