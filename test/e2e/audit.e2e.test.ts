import { defaultCatalog } from '@onewindow/catalog/shipped';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseView } from '@onewindow/case';
import { AuditService } from '@onewindow/api/audit/audit.service';
import { eventually, startAppHarness, type AppHarness } from '../support/app-harness';

/** Auditors: the event log, as-of state, tamper evidence, archive bundles and determinism replay (real servers). */
describe('audit routes', () => {
  let harness: AppHarness;
  const caseId = `AUDIT-${Date.now()}`;
  let acceptedAt = '';

  beforeAll(async () => {
    harness = await startAppHarness();
    await request(harness.server)
      .post('/v1/cases')
      .set('Authorization', harness.auth('window'))
      .send({
        caseId,
        templateId: 'construction-permit',
        applicant: { name: '审计测试公司', creditCode: '91310000MA1FL0AUDX' },
        project: { name: '审计项目' },
        documents: [
          'business-licence',
          'power-of-attorney',
          'land-contract',
          'construction-contract',
          'quality-safety-measures',
          'supervision-contract',
          'funding-proof',
        ].map((materialCode) => ({ materialCode })),
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
      })
      .expect(201);
    await eventually(async () => {
      const response = await request(harness.server)
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', harness.auth('auditor'));
      return response.status === 200 ? true : undefined;
    });
    acceptedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const accepted = await request(harness.server)
      .post(`/v1/cases/${caseId}/updates/acceptance-decided`)
      .set('Authorization', harness.auth('window'))
      .send({ decision: 'accept' });
    if (accepted.status !== 200)
      throw new Error(`acceptance answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    // An Art. 45 suspension and its resumption: two more events in the log.
    for (const [name, body] of [
      [
        'clock-suspended',
        { stepId: 'construction-permit', reason: 'inspection', note: '现场踏勘', expectedWorkingDays: 2 },
      ],
      ['clock-resumed', { stepId: 'construction-permit' }],
    ] as const) {
      await request(harness.server)
        .post(`/v1/cases/${caseId}/updates/${name}`)
        .set('Authorization', harness.auth('department:housing'))
        .send(body)
        .expect(200);
    }
    await eventually(async () => {
      const rows = await harness.dataSource.query<Array<{ n: string }>>(
        'SELECT count(*) AS n FROM case_events WHERE case_id = $1',
        [caseId],
      );
      if (Number(rows[0].n) < 5) throw new Error(`only ${rows[0].n} events projected`);
      return true;
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const get = (path: string, role = 'auditor') =>
    request(harness.server).get(path).set('Authorization', harness.auth(role));

  it('GET history gives the hash-chained domain log; format=temporal the raw history', async () => {
    const domain = await get(`/v1/cases/${caseId}/history`).expect(200);
    const events = domain.body as Array<{ sequence: number; type: string; prevHash: string; hash: string }>;
    expect(events.map((event) => event.type).slice(0, 3)).toEqual(['CaseSubmitted', 'CaseAccepted', 'StepStarted']);
    expect(events[1].prevHash).toBe(events[0].hash);
    const temporal = await get(`/v1/cases/${caseId}/history?format=temporal`).expect(200);
    expect((temporal.body as { events: Array<{ eventType: string }> }).events[0].eventType).toBe(
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    );
    await get(`/v1/cases/${caseId}/history?format=xml`).expect(422);
    await get(`/v1/cases/${caseId}/history`, 'window').expect(403);
  });

  it('GET state?asOf rebuilds the case as it stood then, with the workflow’s own evolve', async () => {
    const before = await get(`/v1/cases/${caseId}/state?asOf=${encodeURIComponent(acceptedAt)}`).expect(200);
    expect((before.body as CaseView).status).toBe('received');
    const now = await get(`/v1/cases/${caseId}/state?asOf=${encodeURIComponent(new Date().toISOString())}`).expect(200);
    const live = await get(`/v1/cases/${caseId}`).expect(200);
    expect((now.body as CaseView).status).toBe('in-review');
    expect((now.body as CaseView).steps).toEqual((live.body as CaseView).steps);
    await get(`/v1/cases/${caseId}/state?asOf=2000-01-01T00:00:00Z`).expect(404);
    await get(`/v1/cases/${caseId}/state?asOf=soon`).expect(422);
  });

  it('POST audit/replay: the case replays deterministically; an uploaded recorded history too; a doctored one diverges', async () => {
    const byId = await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({ caseId })
      .expect(200);
    expect(byId.body).toEqual({ caseId, deterministic: true });
    const fixture = JSON.parse(
      readFileSync(
        join(__dirname, '..', 'fixtures', 'histories', '2026-11-land-and-start-tolerance-missed.json'),
        'utf8',
      ),
    ) as { events: Array<Record<string, unknown>> };
    const uploaded = await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({ history: fixture })
      .expect(200);
    expect(uploaded.body).toEqual({ deterministic: true });
    // Doctor the history: the first activity it scheduled becomes one the workflow never schedules there.
    const doctored = JSON.parse(JSON.stringify(fixture)) as typeof fixture;
    const scheduled = doctored.events.find((event) => event.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') as {
      activityTaskScheduledEventAttributes: { activityType: { name: string } };
    };
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'approveEverything';
    const diverged = await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({ history: doctored })
      .expect(200);
    expect(diverged.body.deterministic).toBe(false);
    expect(diverged.body.divergence).toMatch(/Determinism|nondetermin/i);
    // One replay worker answered all three (a worker per request leaked its source map's memory).
    expect(harness.app.get(AuditService).replayWorkersStarted).toBe(1);
    await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({})
      .expect(422);
    // A history with no events would stop the replay worker itself: refused at the field, no worker built for it.
    const empty = await request(harness.server)
      .post('/v1/audit/replay')
      .set('Authorization', harness.auth('auditor'))
      .send({ history: { events: [] } })
      .expect(422);
    expect(empty.body.error).toMatchObject({
      code: 'invalid-history',
      details: [expect.objectContaining({ field: 'history', rule: 'temporal-history' })],
    });
    expect(harness.app.get(AuditService).replayWorkersStarted).toBe(1);
  });

  it('GET audit/export bundles events, hashes, Temporal history, catalogue and calendar', async () => {
    const bundle = await get(`/v1/audit/export?caseId=${caseId}`).expect(200);
    expect(bundle.body).toMatchObject({
      format: 'onewindow-case-archive/1',
      caseId,
      verification: { verified: true },
      catalog: { version: defaultCatalog().version },
    });
    expect(bundle.body.calendarVersionsUsed).toEqual([bundle.body.calendar.version]);
    expect(bundle.body.temporalHistory.events.length).toBeGreaterThan(0);
  });

  it('the audit log is append-only, and GET audit/verify detects edited, deleted and reordered rows', async () => {
    expect((await get(`/v1/audit/verify?caseId=${caseId}`).expect(200)).body).toMatchObject({
      verified: true,
      problems: [],
    });
    await expect(
      harness.dataSource.query(`UPDATE case_events SET type = 'X' WHERE case_id = $1`, [caseId]),
    ).rejects.toThrow(/append-only/);
    await expect(harness.dataSource.query(`DELETE FROM case_events WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /append-only/,
    );

    // Someone with the owner's rights disables the trigger and edits history.
    await harness.dataSource.query('ALTER TABLE case_events DISABLE TRIGGER tr_case_events_append_only');
    try {
      await harness.dataSource.query(
        `UPDATE case_events SET payload = jsonb_set(payload, '{mode}', '"accept-with-commitment"') WHERE case_id = $1 AND sequence = 2`,
        [caseId],
      );
      const edited = await get(`/v1/audit/verify?caseId=${caseId}`).expect(200);
      expect(edited.body.verified).toBe(false);
      expect(edited.body.problems).toEqual([{ caseId, kind: 'hash-mismatch', sequence: 2 }]);

      await harness.dataSource.query(`DELETE FROM case_events WHERE case_id = $1 AND sequence = 3`, [caseId]);
      const deleted = await get(`/v1/audit/verify?caseId=${caseId}`).expect(200);
      expect(deleted.body.problems).toEqual(
        expect.arrayContaining([{ caseId, kind: 'sequence-gap', sequence: 4, expected: 3 }]),
      );
      // The last row deleted: only the read model's last sequence can tell.
      await harness.dataSource.query(`DELETE FROM case_events WHERE case_id = $1 AND sequence = 5`, [caseId]);
      const truncated = await get(`/v1/audit/verify?caseId=${caseId}`).expect(200);
      expect(truncated.body.problems).toEqual(
        expect.arrayContaining([{ caseId, kind: 'truncated', sequence: 4, expected: 5 }]),
      );

      await harness.dataSource.query(
        `UPDATE case_events SET sequence = CASE sequence WHEN 1 THEN 1000 ELSE sequence END WHERE case_id = $1`,
        [caseId],
      );
      const reordered = await get(`/v1/audit/verify?caseId=${caseId}`).expect(200);
      expect(reordered.body.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'prev-hash-mismatch' })]),
      );
    } finally {
      await harness.dataSource.query('ALTER TABLE case_events ENABLE TRIGGER tr_case_events_append_only');
    }
  });
});
