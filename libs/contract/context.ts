import type { CalendarData } from '@onewindow/calendar';
import type { MatterSpec, TemplateSpec } from '@onewindow/catalog';

/** The inputs a case decides with, loaded by an activity so they are recorded in its history. */
export interface CaseContextData {
  catalogVersion: string;
  template: TemplateSpec;
  matters: Record<string, MatterSpec>;
  calendar: CalendarData;
}
