import { createHash } from 'node:crypto';
import { canonicalJson } from '@onewindow/audit';
import {
  calendarVersion,
  DEFAULT_OFFICE_CLOSE,
  defaultOfficeHours,
  NATIONAL_REGION,
  noticeDays,
  officeMinutes,
  parseOfficeHours,
  type CalendarData,
  type HolidayNoticeInput,
  type OfficeHours,
} from '@onewindow/calendar';
import { instantOf, type Queryable, type Transactional } from './queryable';

export { NATIONAL_REGION };

/**
 * `calendar_notices`: every holiday notice as published, one row per revision of a region's year, never changed
 * (a trigger refuses it): the State Council's (region `CN`) and local governments' extra holidays. The calendar is
 * each region-year's latest revision; years with a national notice are published (deadlines elsewhere provisional).
 */
interface NoticeRow {
  id: string;
  region: string;
  year: number;
  revision: number;
  title: string;
  document_number: string;
  /** Read as `YYYY-MM-DD` (to_char), never as a Date shifted by the server's time zone; null for migrated rows. */
  issued_on: string | null;
  holidays: HolidayNoticeInput['holidays'];
  workdays: HolidayNoticeInput['workdays'];
  digest: string;
  published_at: Date;
  published_by: string;
}

export interface NoticeRecord {
  id: number;
  region: string;
  year: number;
  /** 1 for the first notice of a region's year; a correction is the next revision. */
  revision: number;
  title: string;
  documentNumber: string;
  issuedOn?: string;
  holidays: HolidayNoticeInput['holidays'];
  workdays: HolidayNoticeInput['workdays'];
  digest: string;
  publishedAt: string;
  publishedBy: string;
}

const COLUMNS = `id, region, year, revision, title, document_number, to_char(issued_on, 'YYYY-MM-DD') AS issued_on,
  holidays, workdays, digest, published_at, published_by`;

function recordOf(row: NoticeRow): NoticeRecord {
  return {
    id: Number(row.id),
    region: row.region,
    year: row.year,
    revision: row.revision,
    title: row.title,
    documentNumber: row.document_number,
    ...(row.issued_on ? { issuedOn: row.issued_on } : {}),
    holidays: row.holidays,
    workdays: row.workdays,
    digest: row.digest,
    publishedAt: instantOf(row.published_at),
    publishedBy: row.published_by,
  };
}

/** What a revision says, for comparing: the same facts with the same 文号 are the same notice. */
function noticeContent(notice: Omit<HolidayNoticeInput, 'issuedOn'> & { issuedOn?: string }): string {
  return canonicalJson({
    region: notice.region,
    year: notice.year,
    title: notice.title,
    documentNumber: notice.documentNumber,
    issuedOn: notice.issuedOn ?? null,
    holidays: notice.holidays,
    workdays: notice.workdays,
  });
}

export interface CalendarSettings {
  /** Regions whose days apply, national first: e.g. ['CN'] or ['CN', 'XJ'] for local extra holidays. */
  regions: string[];
  officeClose: string;
  /** Office hours of a working day, for limits in working hours and minutes. */
  officeHours: OfficeHours[];
  timeZone: string;
  utcOffsetMinutes: number;
}

/** ONEWINDOW_CALENDAR_REGION, ONEWINDOW_OFFICE_CLOSE and ONEWINDOW_OFFICE_HOURS (`09:00-12:00,13:30-17:30`). */
export function calendarSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CalendarSettings {
  const local = env.ONEWINDOW_CALENDAR_REGION;
  const officeHours = env.ONEWINDOW_OFFICE_HOURS ? parseOfficeHours(env.ONEWINDOW_OFFICE_HOURS) : undefined;
  const officeClose = env.ONEWINDOW_OFFICE_CLOSE ?? officeHours?.at(-1)?.end ?? DEFAULT_OFFICE_CLOSE;
  const hours = officeHours ?? defaultOfficeHours(officeClose);
  officeMinutes(hours, officeClose); // a misconfigured office day stops the process at start, with the reason
  return {
    regions: local && local !== NATIONAL_REGION ? [NATIONAL_REGION, local] : [NATIONAL_REGION],
    officeClose,
    officeHours: hours,
    timeZone: 'Asia/Shanghai',
    utcOffsetMinutes: 480,
  };
}

/**
 * Publishes a notice as the next revision of its region's year; the same content as the latest revision is a
 * no-op (`created` false). The notice must have passed `validateNotice`.
 */
export async function publishNotice(
  db: Transactional,
  notice: HolidayNoticeInput,
  by: string,
): Promise<{ created: boolean; notice: NoticeRecord; previous?: NoticeRecord }> {
  const content = noticeContent(notice);
  const digest = createHash('sha256').update(content).digest('hex');
  return db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notice:${notice.region}:${notice.year}`]);
    const latest = await manager.query<NoticeRow[]>(
      `SELECT ${COLUMNS} FROM calendar_notices WHERE region = $1 AND year = $2 ORDER BY revision DESC LIMIT 1`,
      [notice.region, notice.year],
    );
    const previous = latest[0] ? recordOf(latest[0]) : undefined;
    if (previous && noticeContent(previous) === content) return { created: false, notice: previous };
    const rows = await manager.query<NoticeRow[]>(
      `INSERT INTO calendar_notices
         (region, year, revision, title, document_number, issued_on, holidays, workdays, digest, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        notice.region,
        notice.year,
        (previous?.revision ?? 0) + 1,
        notice.title,
        notice.documentNumber,
        notice.issuedOn,
        JSON.stringify(notice.holidays),
        JSON.stringify(notice.workdays),
        digest,
        by,
      ],
    );
    return { created: true, notice: recordOf(rows[0]), ...(previous ? { previous } : {}) };
  });
}

/** Every revision of every notice (history included), by region, year and revision. */
export async function listNotices(db: Queryable, options: { latestOnly?: boolean } = {}): Promise<NoticeRecord[]> {
  const rows = await db.query<NoticeRow[]>(
    options.latestOnly
      ? `SELECT DISTINCT ON (region, year) ${COLUMNS} FROM calendar_notices ORDER BY region, year, revision DESC`
      : `SELECT ${COLUMNS} FROM calendar_notices ORDER BY region, year, revision`,
  );
  return rows.map(recordOf);
}

export async function noticeById(db: Queryable, id: number): Promise<NoticeRecord | undefined> {
  const rows = await db.query<NoticeRow[]>(`SELECT ${COLUMNS} FROM calendar_notices WHERE id = $1`, [id]);
  return rows[0] ? recordOf(rows[0]) : undefined;
}

/** Builds the working-day calendar from Postgres; its version is a digest of everything that affects a deadline. */
export async function loadCalendarData(db: Queryable, settings: CalendarSettings): Promise<CalendarData> {
  const notices = (await listNotices(db, { latestOnly: true })).filter((notice) =>
    settings.regions.includes(notice.region),
  );
  const content = {
    timeZone: settings.timeZone,
    utcOffsetMinutes: settings.utcOffsetMinutes,
    officeClose: settings.officeClose,
    officeHours: settings.officeHours.map((stretch) => ({ ...stretch })),
    // Only the national notice decides which years are published: a local notice adds days, never years.
    publishedYears: notices.filter((notice) => notice.region === NATIONAL_REGION).map((notice) => notice.year),
    days: notices.flatMap((notice) => noticeDays({ ...notice, issuedOn: notice.issuedOn ?? '' })),
  };
  return { version: calendarVersion(content), ...content };
}
