import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { calendarVersion, CN_HOLIDAY_NOTICES, type CalendarData, type CalendarDay } from '../calendar';
import type { CatalogSnapshot } from '../catalog/types';

export const NATIONAL_REGION = 'CN';

export interface CalendarSettings {
  /** Regions whose days apply, national first: e.g. ['CN'] or ['CN', 'XJ'] for local extra holidays. */
  regions: string[];
  officeClose: string;
  timeZone: string;
  utcOffsetMinutes: number;
}

export function calendarSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CalendarSettings {
  const local = env.ONEWINDOW_CALENDAR_REGION;
  return {
    regions: local && local !== NATIONAL_REGION ? [NATIONAL_REGION, local] : [NATIONAL_REGION],
    officeClose: env.ONEWINDOW_OFFICE_CLOSE ?? '17:30',
    timeZone: 'Asia/Shanghai',
    utcOffsetMinutes: 480,
  };
}

/**
 * Idempotent seed of the reference data every deployment needs: the State Council holiday notices of the years
 * this release knows, and the catalogue shipped with it (activated when no catalogue is active yet).
 */
export async function seedReferenceData(dataSource: DataSource, catalog: CatalogSnapshot): Promise<void> {
  for (const notice of CN_HOLIDAY_NOTICES) {
    await storeCalendarDays(dataSource, NATIONAL_REGION, notice.days, [{ year: notice.year, source: notice.source }]);
  }
  const active = await dataSource.query<unknown[]>('SELECT 1 FROM catalog_versions WHERE active');
  await publishCatalog(dataSource, catalog, active.length === 0);
}

/** Stores a catalogue version (idempotent) and, if asked, makes it the active one for new cases. */
export async function publishCatalog(
  dataSource: DataSource,
  snapshot: CatalogSnapshot,
  activate: boolean,
): Promise<void> {
  const digest = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
  await dataSource.transaction(async (manager) => {
    const existing = await manager.query<Array<{ digest: string }>>(
      'SELECT digest FROM catalog_versions WHERE version = $1',
      [snapshot.version],
    );
    if (existing[0] && existing[0].digest !== digest) {
      throw new Error(
        `catalogue version ${snapshot.version} is already published with other content: publish a new version`,
      );
    }
    if (!existing[0]) {
      await manager.query(
        'INSERT INTO catalog_versions (version, digest, snapshot, active) VALUES ($1, $2, $3, false)',
        [snapshot.version, digest, JSON.stringify(snapshot)],
      );
    }
    if (activate) {
      await manager.query('UPDATE catalog_versions SET active = false WHERE active AND version <> $1', [
        snapshot.version,
      ]);
      await manager.query('UPDATE catalog_versions SET active = true WHERE version = $1', [snapshot.version]);
    }
  });
}

/** Loads one catalogue version, or the active one. */
export async function loadCatalog(dataSource: DataSource, version?: string): Promise<CatalogSnapshot | undefined> {
  const rows = await dataSource.query<Array<{ snapshot: CatalogSnapshot }>>(
    version
      ? 'SELECT snapshot FROM catalog_versions WHERE version = $1'
      : 'SELECT snapshot FROM catalog_versions WHERE active LIMIT 1',
    version ? [version] : [],
  );
  return rows[0]?.snapshot;
}

/** Upserts the days of a region's calendar and marks the years as published. */
export async function storeCalendarDays(
  dataSource: DataSource,
  region: string,
  days: readonly CalendarDay[],
  publishedYears: ReadonlyArray<{ year: number; source: string }>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const day of days) {
      await manager.query(
        `INSERT INTO calendar_days (region, date, kind, name, source) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT pk_calendar_days DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source`,
        [region, day.date, day.kind, day.name, day.source],
      );
    }
    for (const { year, source } of publishedYears) {
      await manager.query(
        `INSERT INTO calendar_years (region, year, source) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT pk_calendar_years DO UPDATE SET source = excluded.source`,
        [region, year, source],
      );
    }
  });
}

/** Builds the working-day calendar from Postgres; its version is a digest of everything that affects a deadline. */
export async function loadCalendarData(dataSource: DataSource, settings: CalendarSettings): Promise<CalendarData> {
  const days = await dataSource.query<
    Array<{ region: string; date: string; kind: 'holiday' | 'workday'; name: string; source: string }>
  >(
    `SELECT region, to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days
     WHERE region = ANY($1) ORDER BY date, region`,
    [settings.regions],
  );
  const years = await dataSource.query<Array<{ year: number }>>(
    'SELECT year FROM calendar_years WHERE region = $1 ORDER BY year',
    [NATIONAL_REGION],
  );
  const calendarDays: CalendarDay[] = days.map((day) => ({
    date: day.date,
    kind: day.kind,
    name: day.name,
    source: day.source,
    ...(day.region === NATIONAL_REGION ? {} : { local: true }),
  }));
  const content = {
    timeZone: settings.timeZone,
    utcOffsetMinutes: settings.utcOffsetMinutes,
    officeClose: settings.officeClose,
    publishedYears: years.map((row) => row.year),
    days: calendarDays,
  };
  return { version: calendarVersion(content), ...content };
}
