import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';

/**
 * What `npm run fuzz` (schemathesis against /docs-json) found: bad input answered 500 or accepted silently, and
 * answers the OpenAPI document did not declare. Each answer must be a 4xx naming the field and the rule.
 */
describe('bad input is a 4xx naming the field and the rule', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await startAppHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  type Problem = { field: string; rule: string };
  const fields = (body: { error?: { details?: Problem[] } }) => (body.error?.details ?? []).map((d) => d.field).sort();

  const startBody = {
    templateId: 'land-and-start',
    applicant: { name: '某某置业有限公司', creditCode: '91310000MA1FL0000X' },
    project: { name: '临港某产业园一期' },
    documents: [{ materialCode: 'project-filing-form' }],
  };

  describe('request bodies', () => {
    it('a valid message larger than 100 kB is read and validated (it was a 500)', async () => {
      // 150 commitments with notes of 2000 characters: within the contract's limits, about 300 kB of JSON.
      const commitments = Array.from({ length: 150 }, (_, index) => ({
        materialCode: `material-${index}`,
        text: '承'.repeat(2000),
      }));
      const response = await request(harness.server)
        .post('/v1/cases/BAD-INPUT-NO-SUCH-CASE/updates/acceptance-decided')
        .set('Authorization', harness.auth('window'))
        .send({ decision: 'accept-with-commitment', commitmentLetter: true, commitments })
        .expect(404);
      expect(response.body.error.code).toBe('case-not-found');
    });

    it('a null commandId is a 422 naming commandId (it was replaced by a fresh id and answered 202)', async () => {
      const response = await request(harness.server)
        .post('/v1/cases/BAD-INPUT-NO-SUCH-CASE/signals/withdrawn')
        .set('Authorization', harness.auth('window'))
        .send({ commandId: null, reason: '撤回' })
        .expect(422);
      expect(fields(response.body as { error?: { details?: Problem[] } })).toContain('commandId');
    });

    it('a body over the limit is a 413 in the error envelope (it was a 500)', async () => {
      const response = await request(harness.server)
        .post('/v1/cases')
        .set('Authorization', harness.auth('window'))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...startBody, padding: 'x'.repeat(11 * 1024 * 1024) }))
        .expect(413);
      expect(response.body.error).toMatchObject({ code: 'payload-too-large' });
    });

    it('a JSON body in another charset than UTF-8 is a 415 (it was a 500)', async () => {
      const response = await request(harness.server)
        .post('/v1/cases')
        .set('Authorization', harness.auth('window'))
        .set('Content-Type', 'application/json; charset=latin1')
        .send(JSON.stringify(startBody))
        .expect(415);
      expect(response.body.error).toMatchObject({ code: 'unsupported-media-type' });
    });

    it('null is not a way to leave out an optional field (it was accepted)', async () => {
      const started = await request(harness.server)
        .post('/v1/cases')
        .set('Authorization', harness.auth('window'))
        .send({ ...startBody, caseId: null, receivedAt: null, landContractSigned: null })
        .expect(422);
      expect(fields(started.body)).toEqual(['caseId', 'landContractSigned', 'receivedAt']);
      // A null history next to a caseId used to replay that case instead.
      const replay = await request(harness.server)
        .post('/v1/audit/replay')
        .set('Authorization', harness.auth('auditor'))
        .send({ caseId: 'BAD-INPUT-NO-SUCH-CASE', history: null })
        .expect(422);
      expect(replay.body.error.details).toEqual([expect.objectContaining({ field: 'history', rule: 'isObject' })]);
    });
  });

  it('the raw Temporal history of a case that never existed is 404 (it was a 500: gRPC NOT_FOUND, not WorkflowNotFoundError)', async () => {
    const response = await request(harness.server)
      .get('/v1/cases/BAD-INPUT-NO-SUCH-CASE/history')
      .query({ format: 'temporal' })
      .set('Authorization', harness.auth('auditor'))
      .expect(404);
    expect(response.body.error.code).toBe('case-not-found');
  });

  describe('instants', () => {
    it('an ISO-8601 week or ordinal date, which JavaScript cannot read, is a 422 (it was a 500)', async () => {
      const deadline = await request(harness.server)
        .get('/v1/calendar/deadline')
        .query({ from: '2026-W10', workingDays: 3 })
        .set('Authorization', harness.auth('integrator'))
        .expect(422);
      expect(deadline.body.error.details).toEqual([expect.objectContaining({ field: 'from', rule: 'isInstant' })]);
      const state = await request(harness.server)
        .get('/v1/cases/BAD-INPUT-NO-SUCH-CASE/state')
        .query({ asOf: '2026-064' })
        .set('Authorization', harness.auth('auditor'))
        .expect(422);
      expect(state.body.error.details).toEqual([expect.objectContaining({ field: 'asOf', rule: 'isInstant' })]);
      const started = await request(harness.server)
        .post('/v1/cases')
        .set('Authorization', harness.auth('window'))
        .send({ ...startBody, receivedAt: '2026-W10-1' })
        .expect(422);
      expect(fields(started.body)).toEqual(['receivedAt']);
    });

    it('a local time without an offset is a 422, not read in the server’s time zone', async () => {
      const response = await request(harness.server)
        .get('/v1/calendar/deadline')
        .query({ from: '2026-09-28T10:00', workingDays: 3 })
        .set('Authorization', harness.auth('integrator'))
        .expect(422);
      expect(fields(response.body)).toEqual(['from']);
    });

    it('GET /v1/cases/{id}?asOf= takes instants only (asOf=0 was read as the year 2000)', async () => {
      const response = await request(harness.server)
        .get('/v1/cases/BAD-INPUT-NO-SUCH-CASE')
        .query({ asOf: '0' })
        .set('Authorization', harness.auth('auditor'))
        .expect(422);
      expect(response.body.error).toMatchObject({
        code: 'invalid-instant',
        details: [expect.objectContaining({ field: 'asOf', rule: 'isInstant' })],
      });
    });

    it('a deadline past the calendar’s last year is a 422 on workingDays (it was a 500)', async () => {
      const response = await request(harness.server)
        .get('/v1/calendar/deadline')
        .query({ from: '9999-12-01T02:00:00Z', workingDays: 1000 })
        .set('Authorization', harness.auth('integrator'))
        .expect(422);
      expect(response.body.error).toMatchObject({
        code: 'deadline-out-of-range',
        details: [expect.objectContaining({ field: 'workingDays', rule: 'deadline-within-calendar' })],
      });
    });
  });

  it('a whole number in a query string is digits only (workingDays= was read as 0, 1e2 as 100)', async () => {
    for (const workingDays of ['', '1e2', '0x10']) {
      const response = await request(harness.server)
        .get(`/v1/calendar/deadline?from=2026-09-28T02:00:00Z&workingDays=${workingDays}`)
        .set('Authorization', harness.auth('integrator'))
        .expect(422);
      expect([workingDays, [...new Set(fields(response.body))]]).toEqual([workingDays, ['workingDays']]);
    }
    const listed = await request(harness.server)
      .get('/v1/cases?page=&pageSize=1e1')
      .set('Authorization', harness.auth('auditor'))
      .expect(422);
    expect([...new Set(fields(listed.body))]).toEqual(['page', 'pageSize']);
  });

  it('an uploaded history that is not a Temporal history names the field history', async () => {
    const response = await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({ history: { events: 'none' } })
      .expect(422);
    expect(response.body.error).toMatchObject({
      code: 'invalid-history',
      details: [expect.objectContaining({ field: 'history', rule: 'temporal-history' })],
    });
  });

  it('an unknown role for a new API key names the field role', async () => {
    const response = await request(harness.server)
      .post('/v1/admin/api-keys')
      .set('Authorization', harness.auth('admin'))
      .send({ name: 'bad input', role: 'mayor' })
      .expect(422);
    expect(response.body.error).toMatchObject({
      code: 'invalid-role',
      details: [expect.objectContaining({ field: 'role', rule: 'known-role' })],
    });
  });

  it('a method a path does not answer is a 405 with Allow (it was a 404)', async () => {
    const put = await request(harness.server)
      .put('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({})
      .expect(405);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect(put.body.error.code).toBe('method-not-allowed');
    const health = await request(harness.server).delete('/health').expect(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    const signal = await request(harness.server)
      .get('/v1/cases/ANY-CASE/signals/withdrawn')
      .set('Authorization', harness.auth('window'))
      .expect(405);
    expect(signal.headers.allow).toBe('POST');
    // A path the API does not have stays a 404.
    await request(harness.server).put('/v1/nothing-here').set('Authorization', harness.auth('window')).expect(404);
  });

  describe('the OpenAPI document declares what the routes answer', () => {
    type Response = { content?: Record<string, { schema?: Record<string, unknown> }>; headers?: object };
    type Operation = { security?: unknown[]; requestBody?: unknown; responses: Record<string, Response> };
    let paths: Record<string, Record<string, Operation>>;

    beforeAll(async () => {
      paths = (await request(harness.server).get('/docs-json').expect(200)).body.paths as typeof paths;
    });

    const operations = () =>
      Object.entries(paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, operation })),
      );
    const errorSchema = { $ref: '#/components/schemas/Error' };

    it('every 4xx and 503 with the error envelope; 401, 403 and 503 wherever an API key is needed', () => {
      for (const { label, operation } of operations()) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status.startsWith('4') || (status === '503' && operation.security)) {
            // JSON for most; a file (zip, xlsx, csv) under its own content type.
            const schema = Object.values(response.content ?? {})[0]?.schema;
            expect([label, status, schema]).toEqual([label, status, errorSchema]);
          }
        }
        if (!operation.security) continue;
        expect([label, Object.keys(operation.responses)]).toEqual([
          label,
          expect.arrayContaining(['401', '403', '503']),
        ]);
        expect([label, operation.responses['503'].headers]).toEqual([label, { 'Retry-After': expect.any(Object) }]);
      }
    });

    it('400, 413, 415 and 422 wherever a body is read', () => {
      for (const { label, operation } of operations().filter(({ operation }) => operation.requestBody)) {
        expect([label, Object.keys(operation.responses)]).toEqual([
          label,
          expect.arrayContaining(['400', '413', '415', '422']),
        ]);
      }
    });

    it('the 404s and 409s the handlers answer', () => {
      const statuses = (label: string) => {
        const [method, path] = label.split(' ');
        return Object.keys(paths[path][method.toLowerCase()].responses);
      };
      expect(statuses('POST /v1/cases/{caseId}/updates/{name}')).toEqual(expect.arrayContaining(['404', '409', '422']));
      expect(statuses('GET /v1/cases/{caseId}/queries/{name}')).toEqual(expect.arrayContaining(['404', '409']));
      expect(statuses('GET /v1/cases/{caseId}/history')).toEqual(expect.arrayContaining(['404', '422']));
      expect(statuses('GET /v1/catalog/matters')).toEqual(expect.arrayContaining(['404', '422']));
      expect(statuses('POST /v1/cases/{caseId}/rating')).toEqual(expect.arrayContaining(['404', '409', '422']));
      expect(statuses('POST /v1/rectifications/{id}/complete')).toEqual(expect.arrayContaining(['200', '404', '409']));
      expect(statuses('DELETE /v1/admin/api-keys/{id}')).toEqual(expect.arrayContaining(['204', '404']));
      expect(statuses('GET /v1/cases/{caseId}')).toEqual(expect.arrayContaining(['400', '404', '409', '422']));
    });

    it('the 400 of a path segment that is not valid percent-encoding (it was undeclared)', async () => {
      const response = await request(harness.server)
        .get('/v1/cases/%FF')
        .set('Authorization', harness.auth('window'))
        .expect(400);
      expect(response.body.error.code).toBe('bad-request');
      expect(paths['/v1/cases/{caseId}'].get.responses['400'].content?.['application/json']?.schema).toEqual(
        errorSchema,
      );
    });

    it('a body schema for every 2xx that has a body', () => {
      for (const { label, operation } of operations()) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!status.startsWith('2') || status === '204') continue;
          // JSON for most; a file (zip, xlsx, csv) under its own content type.
          const schema = Object.values(response.content ?? {})[0]?.schema;
          expect([label, status, schema]).toEqual([label, status, expect.any(Object)]);
        }
      }
    });
  });
});
