import type { DataSource } from 'typeorm';
import type { CalendarData } from '@onewindow/calendar';
import { caseMatter, mattersOfTemplate, type CatalogSnapshot } from '@onewindow/catalog';
import type { CaseContextData } from '@onewindow/contract';
import { calendarSettingsFromEnv, ReferenceDataCache, type CalendarSettings } from '@onewindow/persistence';

export class UnknownTemplateError extends Error {}

/**
 * What a case decides with, read once at its start and recorded in its history: the catalogue version (the active
 * one, or the one asked for), the template with its matters, and the working-day calendar.
 */
export async function loadCaseContext(
  reference: ReferenceData | DataSource,
  request: { templateId: string; catalogVersion?: string },
  settings: CalendarSettings = calendarSettingsFromEnv(),
): Promise<CaseContextData> {
  const reader = 'catalog' in reference ? reference : new ReferenceDataCache(reference, settings);
  const catalog = await reader.catalog(request.catalogVersion);
  if (!catalog) {
    throw new UnknownTemplateError(
      request.catalogVersion
        ? `catalogue version ${request.catalogVersion} does not exist`
        : 'no active catalogue version',
    );
  }
  const template = catalog.templates.find((candidate) => candidate.id === request.templateId);
  if (!template)
    throw new UnknownTemplateError(`template ${request.templateId} is not in catalogue ${catalog.version}`);
  // The guide's text for citizens stays out of the history (≈ 11 KiB per land-and-start case): fee items only.
  const matters = Object.fromEntries(
    Object.entries(mattersOfTemplate(catalog, template.id)).map(([code, matter]) => [code, caseMatter(matter)]),
  );
  return {
    catalogVersion: catalog.version,
    template,
    matters,
    calendar: await reader.calendarData(),
  };
}

/** Where the catalogue and the calendar are read from: a `ReferenceDataCache`, one per worker. */
export interface ReferenceData {
  catalog(version?: string): Promise<CatalogSnapshot | undefined>;
  calendarData(): Promise<CalendarData>;
}
