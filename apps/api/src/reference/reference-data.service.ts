import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar, type CalendarData } from '../../../../libs/calendar';
import type { CatalogSnapshot } from '../../../../libs/catalog';
import {
  calendarSettingsFromEnv,
  loadCalendarData,
  loadCatalog,
  type CalendarSettings,
} from '../../../../libs/persistence';

/** The working-day calendar and the catalogue as this API reads them: one place, one set of calendar settings. */
@Injectable()
export class ReferenceDataService {
  private readonly settings: CalendarSettings = calendarSettingsFromEnv();

  constructor(private readonly dataSource: DataSource) {}

  /** The calendar regions this deployment counts with: national, and its local one if configured. */
  regions(): string[] {
    return [...this.settings.regions];
  }

  calendarData(): Promise<CalendarData> {
    return loadCalendarData(this.dataSource, this.settings);
  }

  async calendar(): Promise<WorkingCalendar> {
    return new WorkingCalendar(await this.calendarData());
  }

  /** One catalogue version, or the active one. */
  catalog(version?: string): Promise<CatalogSnapshot | undefined> {
    return loadCatalog(this.dataSource, version);
  }
}
