import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '@onewindow/api/app';
import { freePort } from '@onewindow/stack/processes';

/** The API against a Temporal address where nothing listens: it starts, and says so instead of failing. */
describe('API with Temporal unreachable', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const port = await freePort();
    app = await createApiApp(
      {
        databaseUrl: process.env.DATABASE_URL!,
        temporal: { address: `127.0.0.1:${port}`, namespace: 'default', taskQueue: 'nowhere' },
      },
      { logger: false },
    );
    await app.init();
  });

  afterAll(async () => {
    // The Temporal client's gRPC retry interceptor schedules its next attempt with a timer (backoff up to 5 s) that
    // the call's deadline does not clear; if the connection closed first, that timer throws "Channel has been shut
    // down" into whichever test runs next. Let the last pending attempt fire, and fail on its deadline, first.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await app?.close();
  }, 20_000);

  it('GET /health answers 503 naming Temporal as not ready and Postgres as ready', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body).toMatchObject({ status: 'degraded', temporal: { ready: false }, postgres: { ready: true } });
  });
});
