import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar, type CalendarData } from '@onewindow/calendar';
import type { CatalogSnapshot } from '@onewindow/catalog';
import { calendarSettingsFromEnv, ReferenceDataCache, type CalendarSettings } from '@onewindow/persistence';

/**
 * The working-day calendar and the catalogue as this API reads them: one place, one set of calendar settings, and one
 * copy of each, kept while the active version and the latest notice are the same (`ReferenceDataCache`).
 */
@Injectable()
export class ReferenceDataService {
  private readonly settings: CalendarSettings = calendarSettingsFromEnv();
  private readonly cache: ReferenceDataCache;

  constructor(dataSource: DataSource) {
    this.cache = new ReferenceDataCache(dataSource, this.settings);
  }

  /** The calendar regions this deployment counts with: national, and its local one if configured. */
  regions(): string[] {
    return [...this.settings.regions];
  }

  calendarData(): Promise<CalendarData> {
    return this.cache.calendarData();
  }

  calendar(): Promise<WorkingCalendar> {
    return this.cache.calendar();
  }

  /** One catalogue version, or the active one. */
  catalog(version?: string): Promise<CatalogSnapshot | undefined> {
    return this.cache.catalog(version);
  }
}
