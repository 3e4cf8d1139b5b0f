import type { CalendarData } from '@onewindow/calendar';
import type { CaseMatterSpec, TemplateSpec } from '@onewindow/catalog';

/** The inputs a case decides with, loaded by an activity so they are recorded in its history. */
export interface CaseContextData {
  catalogVersion: string;
  template: TemplateSpec;
  matters: Record<string, CaseMatterSpec>;
  calendar: CalendarData;
}
