import { z } from 'zod';
import { clockSchemas } from './clocks';
import type { CaseFields } from './fields';

/**
 * What the concerns build their events' schemas from: the fields, the clock patch and a step's time. A function of
 * fresh fields, called by the API (`@onewindow/case/schemas`), never at a module's load: the workflow sandbox loads
 * the concerns and holds no zod schema.
 */
export function eventKit(f: CaseFields) {
  const clocks = clockSchemas(f);
  const stepTime = z
    .strictObject({
      workingDays: f.count.describe('working days from its start to its finish, without the excluded periods'),
      legalWorkingDays: f.count.nullable().describe('its legal limit in working days from its start'),
    })
    .meta({ id: 'StepTime' });
  return { ...f, clock: clocks.clock, clockPatch: clocks.patch, stepTime };
}

export type EventKit = ReturnType<typeof eventKit>;
