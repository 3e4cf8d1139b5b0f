import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import { MESSAGE_NAMES } from '@onewindow/contract/http';

describe('catalogue, calendar and OpenAPI routes', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('GET /v1/catalog/templates and /matters answer the active catalogue; an unknown version is a 404', async () => {
    const templates = await request(harness.server)
      .get('/v1/catalog/templates')
      .set('Authorization', harness.auth('integrator'))
      .expect(200);
    expect(templates.body.version).toBe(defaultCatalog().version);
    const landAndStart = (templates.body.templates as Array<{ id: string; steps: unknown[] }>).find(
      (t) => t.id === 'land-and-start',
    );
    expect(landAndStart!.steps).toHaveLength(11);
    const matters = await request(harness.server)
      .get('/v1/catalog/matters')
      .set('Authorization', harness.auth('auditor'))
      .expect(200);
    expect((matters.body.matters as Array<{ code: string }>).map((m) => m.code)).toContain('construction-permit');
    const missing = await request(harness.server)
      .get('/v1/catalog/matters')
      .query({ version: '1999.1' })
      .set('Authorization', harness.auth('auditor'))
      .expect(404);
    expect(missing.body.error.code).toBe('catalog-version-not-found');
    await request(harness.server)
      .get('/v1/catalog/matters')
      .query({ version: '../etc' })
      .set('Authorization', harness.auth('auditor'))
      .expect(422);
  });

  it('GET /v1/calendar/deadline counts working days across 国庆 2026', async () => {
    const response = await request(harness.server)
      .get('/v1/calendar/deadline')
      .query({ from: '2026-09-28T02:00:00Z', workingDays: 10 })
      .set('Authorization', harness.auth('integrator'))
      .expect(200);
    // Sep 29, 30, Oct 8, 9, 10 (调休 Saturday), 12, 13, 14, 15, 16 → Friday 2026-10-16, 17:30 Asia/Shanghai.
    expect(response.body).toMatchObject({ date: '2026-10-16', at: '2026-10-16T09:30:00.000Z', provisional: false });
    const provisional = await request(harness.server)
      .get('/v1/calendar/deadline')
      .query({ from: '2026-12-28T02:00:00Z', workingDays: 5 })
      .set('Authorization', harness.auth('integrator'))
      .expect(200);
    expect(provisional.body.provisional).toBe(true);
    const bad = await request(harness.server)
      .get('/v1/calendar/deadline')
      .query({ from: 'yesterday', workingDays: -1 })
      .set('Authorization', harness.auth('integrator'))
      .expect(422);
    expect((bad.body.error.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual([
      'from',
      'workingDays',
    ]);
  });

  it('the OpenAPI document describes every message payload and the error envelope', async () => {
    const response = await request(harness.server).get('/docs-json').expect(200);
    const document = response.body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { anyOf: unknown[] } }> } }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(document.components.schemas['Message.department-opinion'].required).toEqual(
      expect.arrayContaining(['stepId', 'opinion']),
    );
    expect(document.components.schemas['Message.department-opinion'].properties).not.toHaveProperty('actor');
    expect(document.components.schemas.Error).toBeDefined();
    const signals = document.paths['/v1/cases/{caseId}/signals/{name}'].post;
    expect(signals.requestBody!.content['application/json'].schema.anyOf).toHaveLength(MESSAGE_NAMES.length);
    for (const path of [
      '/v1/cases',
      '/v1/cases/{caseId}',
      '/v1/catalog/templates',
      '/v1/calendar/deadline',
      '/health',
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
  });

  it('malformed JSON is a 400 with the error envelope, never a 500', async () => {
    const response = await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .set('content-type', 'application/json')
      .send('{"caseId": ')
      .expect(400);
    expect(response.body.error.code).toBe('bad-request');
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });
});
