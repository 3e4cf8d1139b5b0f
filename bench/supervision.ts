import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCaseContext } from '@onewindow/activities/context';
import { projectBatch } from '@onewindow/activities/projection';
import { createApiApp } from '@onewindow/api/app';
import { ApiKeysService } from '@onewindow/api/auth/api-keys.service';
import { SupervisionService } from '@onewindow/api/supervision/supervision.service';
import { startEmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort } from '@onewindow/stack/processes';
import { WorkingCalendar } from '@onewindow/calendar';
import { submissionCommand } from '@onewindow/contract/http';
import { CURRENT_RULES, FINISHED_STEP_STATUSES } from '@onewindow/case';
import { createDataSource, listStartedSteps, listSupervisedCases, migrate, seed } from '@onewindow/persistence';
import { supervisionOverview, type SupervisionFilter } from '@onewindow/supervision';
import { landAndStartDocuments, numberArg, percentile, pool, Teardown } from './stack';
import { SimulatedCase, yearCase, yearCaseInput } from './year-cases';

/**
 * `npm run bench:supervision -- --cases 100000 --samples 20`: a year's volume in the read model, written through the
 * projection's own code (`projectBatch`, one batch per case), then `GET /v1/supervision/overview` with its filters,
 * `GET /v1/cases` with each filter and deep pages, and `GET /v1/cases/{id}/state?asOf=` on a case of 1,000 events,
 * each timed over HTTP (one request at a time, after two warm-ups). It also checks that the overview aggregated in
 * SQL equals libs/supervision's computation over every step loaded, and times that computation (the overview as it
 * was before it moved to SQL). Needs only Postgres; prints a markdown report and writes bench/last-supervision.md.
 */

const DAY = 86_400_000;
const MiB = 2 ** 20;

interface Timing {
  what: string;
  p50: number;
  p99: number;
  max: number;
}

async function timed(what: string, samples: number, run: () => Promise<unknown>): Promise<Timing> {
  for (let warm = 0; warm < 2; warm += 1) await run();
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    const began = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  return { what, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times) };
}

async function main(): Promise<void> {
  const cases = numberArg('cases', 100_000);
  const samples = numberArg('samples', 20);
  const concurrency = numberArg('concurrency', 4);
  const longEvents = numberArg('long-case-events', 1000);
  const teardown = new Teardown();
  process.once('SIGINT', () => void teardown.run().then(() => process.exit(130)));
  try {
    const scratch = join(tmpdir(), `onewindow-bench-supervision-${randomBytes(4).toString('hex')}`);
    teardown.add('scratch directory', () => rmSync(scratch, { recursive: true, force: true }));
    const postgres = await startEmbeddedPostgres({
      dataDir: join(scratch, 'postgres'),
      port: await freePort(),
      database: 'onewindow_bench',
      persistent: false,
    });
    teardown.add('Postgres', () => postgres.stop());
    await migrate(postgres.url);
    await seed(postgres.url);
    const dataSource = createDataSource(postgres.url);
    await dataSource.initialize();
    teardown.add('data source', () => dataSource.destroy());

    // --- A year of cases, through the projection.
    const context = await loadCaseContext(dataSource, { templateId: 'land-and-start' });
    const calendar = new WorkingCalendar(context.calendar);
    const now = Date.now();
    const documents = landAndStartDocuments();
    const prefix = `YEAR-${now.toString(36)}`;
    let events = 0;
    let refusals = 0;
    const seedBegan = Date.now();
    await pool(cases, concurrency, async (index) => {
      const run = yearCase(context, calendar, { index, prefix, now, documents });
      events += run.events.length;
      refusals += run.refusals.length;
      await projectBatch(dataSource, run.batch(), () => Promise.resolve(calendar));
      if (index % 10_000 === 9_999) console.log(`[supervision] ${index + 1} cases projected`);
    });
    const seedSeconds = (Date.now() - seedBegan) / 1000;
    // One case with `longEvents` events: accepted, then urged on a step again and again (督办), one batch per
    // command as its workflow writes them.
    const longId = `${prefix}-long`;
    const long = new SimulatedCase(context, calendar);
    const longStart = now - 40 * DAY;
    const longReceived = new Date(longStart).toISOString();
    long.apply(submissionCommand(yearCaseInput(context, longId, longReceived, documents), longReceived, CURRENT_RULES));
    const supervisor = { id: 'bench-supervisor', role: 'supervisor' };
    const written = () => long.events.length;
    let projected = 0;
    const projectLong = async () => {
      const batch = { ...long.batch(), events: long.events.slice(projected) };
      projected = long.events.length;
      if (batch.events.length) await projectBatch(dataSource, batch, () => Promise.resolve(calendar));
    };
    long.send(
      'acceptance-decided',
      { actor: { id: 'bench-window', role: 'window' }, decision: 'accept' },
      new Date(longStart + 3_600_000).toISOString(),
    );
    await projectLong();
    for (let urge = 0; written() < longEvents; urge += 1) {
      const at = new Date(longStart + 2 * 3_600_000 + urge * 60_000).toISOString();
      long.send('step-urged', { actor: supervisor, stepId: 'eia-approval', note: `第 ${urge + 1} 次督办` }, at);
      await projectLong();
    }
    await dataSource.query('ANALYZE');
    const [{ steps, started }] = await dataSource.query<Array<{ steps: string; started: string }>>(
      'SELECT count(*) AS steps, count(started_at) AS started FROM case_steps',
    );
    const [{ size }] = await dataSource.query<Array<{ size: string }>>(
      'SELECT pg_database_size(current_database()) AS size',
    );

    // --- The API on that database (Temporal is not needed by these routes; its client connects lazily).
    const app: INestApplication = await createApiApp(
      {
        databaseUrl: postgres.url,
        temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'bench-supervision' },
        rateLimits: {
          perMinute: 1_000_000,
          replaysPerMinute: 1_000,
          publicPerMinute: 1_000_000,
          lookupsPerMinute: 1_000,
        },
      },
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    teardown.add('API', () => app.close());
    const api = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const keys = app.get(ApiKeysService);
    const supervisorKey = (await keys.create('bench supervisor', 'supervisor')).token;
    const auditorKey = (await keys.create('bench auditor', 'auditor')).token;
    const get = async (path: string, token = supervisorKey): Promise<unknown> => {
      const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as unknown;
    };

    // --- The SQL overview equals the pure computation over every step, on this data.
    const all = await listStartedSteps(dataSource);
    const allCases = await listSupervisedCases(dataSource);
    const checks: Array<[string, SupervisionFilter]> = [
      ['every step', {}],
      [
        'received in the last 90 days, housing',
        { from: new Date(now - 90 * DAY).toISOString(), department: 'housing' },
      ],
      ['finished in the last 30 days', { period: 'finished', from: new Date(now - 30 * DAY).toISOString() }],
    ];
    const service = app.get(SupervisionService);
    const equal: string[] = [];
    for (const [name, filter] of checks) {
      const at = new Date();
      const sql = await service.overview(filter, at);
      const pure = supervisionOverview(all, { calendar, now: at.toISOString() }, filter, allCases);
      // (ratings, complaints, accountability, fees, exemptions and the open suspensions are not step sums)
      const {
        asOf: _asOf,
        ratings: _ratings,
        complaints: _complaints,
        accountability: _accountability,
        fees: _fees,
        exemptions: _exemptions,
        openSuspensions: _suspensions,
        byReviewer,
        ...rest
      } = sql;
      void _asOf;
      void _ratings;
      void _complaints;
      void _accountability;
      void _fees;
      void _exemptions;
      void _suspensions;
      // The API names each reviewer's key; the pure computation knows only its id.
      const reviewers = Object.fromEntries(
        Object.entries(byReviewer).map(([id, { name: _name, ...stats }]) => [id, stats]),
      );
      if (!isDeepStrictEqual({ ...rest, byReviewer: reviewers }, pure))
        throw new Error(`the SQL overview differs from the pure one (${name})`);
      equal.push(name);
    }
    // The overview as it was computed before: every started step loaded into the API and counted in JavaScript.
    const before = await timed(
      'overview, every step loaded and counted in JavaScript (the code before)',
      3,
      async () => {
        const [loaded, loadedCases] = await Promise.all([
          listStartedSteps(dataSource),
          listSupervisedCases(dataSource),
        ]);
        supervisionOverview(loaded, { calendar, now: new Date().toISOString() }, {}, loadedCases);
      },
    );

    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const overviews: Array<[string, string]> = [
      ['no filter (the whole year)', ''],
      ['received in the last 30 days', `from=${iso(now - 30 * DAY)}`],
      ['received in a quarter', `from=${iso(now - 180 * DAY)}&to=${iso(now - 90 * DAY)}`],
      ['finished in a quarter', `period=finished&from=${iso(now - 180 * DAY)}&to=${iso(now - 90 * DAY)}`],
      ['department=housing', 'department=housing'],
      ['matter=construction-permit', 'matter=construction-permit'],
      ['department=fire, received in the last 90 days', `department=fire&from=${iso(now - 90 * DAY)}`],
    ];
    const timings: Timing[] = [];
    for (const [what, query] of overviews)
      timings.push(await timed(`overview: ${what}`, samples, () => get(`/v1/supervision/overview?${query}`)));
    const deepPage = Math.floor(cases / 40);
    const lists: Array<[string, string]> = [
      ['no filter, page 1', ''],
      ['status=in-review', 'status=in-review'],
      ['status=completed', 'status=completed'],
      ['department=housing', 'department=housing'],
      ['templateId=land-and-start', 'templateId=land-and-start'],
      ['overdue=true', 'overdue=true'],
      ['priority=false', 'priority=false'],
      [`no filter, page ${deepPage} of 40 cases each`, `page=${deepPage}&pageSize=40`],
      [
        `status=completed, page ${Math.floor(deepPage / 2)} of 40 cases each`,
        `status=completed&page=${Math.floor(deepPage / 2)}&pageSize=40`,
      ],
      [
        `department=housing, page ${Math.floor(deepPage / 2)} of 40 cases each`,
        `department=housing&page=${Math.floor(deepPage / 2)}&pageSize=40`,
      ],
    ];
    for (const [what, query] of lists)
      timings.push(await timed(`GET /v1/cases ${what}`, samples, () => get(`/v1/cases?${query}`, auditorKey)));
    const longMid = long.events[Math.floor(long.events.length / 2)].at;
    timings.push(
      await timed(`GET /v1/cases/{id}/state?asOf= (${long.events.length} events, asOf at the last)`, samples, () =>
        get(`/v1/cases/${longId}/state?asOf=${encodeURIComponent(new Date(now).toISOString())}`, auditorKey),
      ),
      await timed(`GET /v1/cases/{id}/state?asOf= (${long.events.length} events, asOf halfway)`, samples, () =>
        get(`/v1/cases/${longId}/state?asOf=${encodeURIComponent(longMid)}`, auditorKey),
      ),
      await timed(`GET /v1/cases/{id} (the same case, from the read model)`, samples, () =>
        get(`/v1/cases/${longId}`, auditorKey),
      ),
    );

    const ms = (value: number) => value.toFixed(1);
    const report = [
      `## Supervision and search, run of ${new Date().toISOString()}: ${cases} cases`,
      '',
      `Command: \`npm run bench:supervision -- --cases ${cases} --samples ${samples} --concurrency ${concurrency}\` (embedded Postgres and the API in this process; one request at a time, ${samples} samples after 2 warm-ups).`,
      '',
      `Seeded through \`projectBatch\` in ${seedSeconds.toFixed(0)} s: ${cases} land-and-start cases received over the year before now (${events} events, ${steps} steps, ${started} of them started; ${refusals} answers the decider refused because the step's clock had deemed it consented), and one case of ${long.events.length} events; database ${(Number(size) / MiB).toFixed(0)} MiB. Finished step statuses: ${FINISHED_STEP_STATUSES.join(', ')}.`,
      '',
      `SQL overview equal to libs/supervision's over every step loaded: ${equal.join('; ')}.`,
      '',
      '| request | p50 (ms) | p99 (ms) | max (ms) |',
      '|---|---|---|---|',
      `| ${before.what} (3 samples) | ${ms(before.p50)} | ${ms(before.p99)} | ${ms(before.max)} |`,
      ...timings.map((timing) => `| ${timing.what} | ${ms(timing.p50)} | ${ms(timing.p99)} | ${ms(timing.max)} |`),
      '',
    ].join('\n');
    console.log(report);
    writeFileSync(join(__dirname, '..', '..', 'bench', 'last-supervision.md'), report);
  } finally {
    await teardown.run();
  }
}

main().catch((error: unknown) => {
  console.error('bench:supervision failed:', error);
  process.exit(1);
});
