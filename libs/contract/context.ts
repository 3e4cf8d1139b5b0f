import type { CalendarData } from '../calendar/types';
import type { MatterSpec, TemplateSpec } from '../catalog/types';

/** The inputs a case decides with, loaded by an activity so they are recorded in its history. */
export interface CaseContextData {
  catalogVersion: string;
  template: TemplateSpec;
  matters: Record<string, MatterSpec>;
  calendar: CalendarData;
}
