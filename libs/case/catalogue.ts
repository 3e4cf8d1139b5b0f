import { type z } from 'zod';
import type { CaseCommandType, CaseEventType } from './base';
import type { CommandSpec } from './context';
import type { EventKit } from './schema-kit';
import { acceptanceCommands, acceptanceEvents } from './concerns/acceptance';
import { alarmCommands, alarmEvents } from './concerns/alarms';
import { closingCommands, closingEvents } from './concerns/closing';
import { documentCommands, documentEvents } from './concerns/documents';
import { feeCommands, feeEvents } from './concerns/fees';
import { hearingCommands, hearingEvents } from './concerns/hearings';
import { issuanceCommands, issuanceEvents } from './concerns/issuance';
import { opinionCommands, opinionEvents } from './concerns/opinions';
import { periodCommands, periodEvents } from './concerns/periods';
import { stepEvents } from './concerns/steps';
import { submissionCommands, submissionEvents } from './concerns/submission';

/**
 * The declarations of every concern in one table each: the contract builds the messages from the commands (their
 * wire names, senders and payloads), the OpenAPI document and the console type the events from their schemas. Both
 * hold functions only: no zod schema exists until the API builds them (the workflow sandbox never does).
 */
export const COMMAND_SPECS = {
  ...submissionCommands,
  ...acceptanceCommands,
  ...documentCommands,
  ...opinionCommands,
  ...periodCommands,
  ...hearingCommands,
  ...alarmCommands,
  ...issuanceCommands,
  ...feeCommands,
  ...closingCommands,
} as const satisfies { [T in CaseCommandType]: CommandSpec };

export type CommandSpecOf<T extends CaseCommandType> = (typeof COMMAND_SPECS)[T];

/** The schema of each event's body, by type, built from the kit (the API builds it once: `@onewindow/case/schemas`). */
export function eventSchemas(kit: EventKit) {
  return {
    ...submissionEvents(kit),
    ...acceptanceEvents(kit),
    ...documentEvents(kit),
    ...stepEvents(kit),
    ...opinionEvents(kit),
    ...periodEvents(kit),
    ...hearingEvents(kit),
    ...alarmEvents(kit),
    ...issuanceEvents(kit),
    ...feeEvents(kit),
    ...closingEvents(kit),
  } as const satisfies { [T in CaseEventType]: z.ZodObject };
}
