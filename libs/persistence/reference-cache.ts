import { WorkingCalendar, type CalendarData } from '@onewindow/calendar';
import type { CatalogSnapshot } from '@onewindow/catalog';
import { loadCalendarData, type CalendarSettings } from './calendar.repository';
import { activeCatalogVersion, loadCatalog } from './catalog.repository';
import type { Queryable } from './queryable';

/**
 * The catalogue and the calendar as every request and every case start reads them, without reading them again:
 * a catalogue version never changes once published, and a holiday notice is never changed either (a correction is
 * a new revision, a new row of `calendar_notices`), so a copy is good as long as the latest notice id is the same.
 * Each read asks Postgres one cheap question (the active version; the latest notice id) and rebuilds nothing else,
 * where reading both afresh cost a catalogue snapshot, every notice, a digest and a calendar per request.
 */
export class ReferenceDataCache {
  private readonly catalogs = new Map<string, Promise<CatalogSnapshot | undefined>>();
  private calendarCopy?: { notice: string; data: Promise<CalendarData>; calendar: Promise<WorkingCalendar> };

  constructor(
    private readonly db: Queryable,
    private readonly settings: CalendarSettings,
  ) {}

  /** One catalogue version, or the active one; undefined when there is none. */
  async catalog(version?: string): Promise<CatalogSnapshot | undefined> {
    const wanted = version ?? (await activeCatalogVersion(this.db));
    if (wanted === undefined) return undefined;
    let found = this.catalogs.get(wanted);
    if (!found) {
      found = loadCatalog(this.db, wanted);
      this.catalogs.set(wanted, found);
      // A version that does not exist (yet) is asked again next time; a failed read too.
      found.then(
        (snapshot) => snapshot ?? this.catalogs.delete(wanted),
        () => this.catalogs.delete(wanted),
      );
    }
    return found;
  }

  async calendarData(): Promise<CalendarData> {
    return (await this.calendarEntry()).data;
  }

  async calendar(): Promise<WorkingCalendar> {
    return (await this.calendarEntry()).calendar;
  }

  private async calendarEntry(): Promise<{ data: Promise<CalendarData>; calendar: Promise<WorkingCalendar> }> {
    const [{ latest }] = await this.db.query<[{ latest: string | null }]>(
      'SELECT max(id)::text AS latest FROM calendar_notices',
    );
    const notice = latest ?? 'none';
    if (this.calendarCopy?.notice === notice) return this.calendarCopy;
    const data = loadCalendarData(this.db, this.settings);
    const entry = { notice, data, calendar: data.then((loaded) => new WorkingCalendar(loaded)) };
    this.calendarCopy = entry;
    // A failed read is not kept (and its rejection goes to whoever awaits it, not to the process).
    entry.calendar.catch(() => undefined);
    data.catch(() => {
      if (this.calendarCopy === entry) this.calendarCopy = undefined;
    });
    return entry;
  }
}
