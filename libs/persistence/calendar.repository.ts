import { calendarVersion, type CalendarData, type CalendarDay } from '../calendar';
import type { Queryable, Transactional } from './queryable';

/**
 * `calendar_days`: the days whose status differs from the weekday/weekend default (holidays on weekdays, 调休
 * working weekend days), national or local; `calendar_years`: the years whose notice is loaded (deadlines in other
 * years are provisional).
 */
interface CalendarDayRow {
  region: string;
  /** Read as `YYYY-MM-DD` (to_char), never as a Date shifted by the server's time zone. */
  date: string;
  kind: CalendarDay['kind'];
  name: string;
  source: string;
}

interface CalendarYearRow {
  region: string;
  year: number;
  source: string;
}

/** The State Council notice; other region codes carry local extra holidays. */
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

/** Upserts the days of a region's calendar and marks the years as published, in one transaction. */
export async function storeCalendarDays(
  db: Transactional,
  region: string,
  days: readonly CalendarDay[],
  publishedYears: ReadonlyArray<{ year: number; source: string }>,
): Promise<void> {
  await db.transaction(async (manager) => {
    for (const day of days) {
      const row: CalendarDayRow = { region, date: day.date, kind: day.kind, name: day.name, source: day.source };
      await manager.query(
        `INSERT INTO calendar_days (region, date, kind, name, source) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT pk_calendar_days DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source`,
        [row.region, row.date, row.kind, row.name, row.source],
      );
    }
    for (const { year, source } of publishedYears) {
      const row: CalendarYearRow = { region, year, source };
      await manager.query(
        `INSERT INTO calendar_years (region, year, source) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT pk_calendar_years DO UPDATE SET source = excluded.source`,
        [row.region, row.year, row.source],
      );
    }
  });
}

/** Builds the working-day calendar from Postgres; its version is a digest of everything that affects a deadline. */
export async function loadCalendarData(db: Queryable, settings: CalendarSettings): Promise<CalendarData> {
  const days = await db.query<CalendarDayRow[]>(
    `SELECT region, to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days
     WHERE region = ANY($1) ORDER BY date, region`,
    [settings.regions],
  );
  // Only the national notice decides which years are published: a local notice adds days, never years.
  const years = await db.query<Array<Pick<CalendarYearRow, 'year'>>>(
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
