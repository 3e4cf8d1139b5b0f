import type { Instant } from '@onewindow/calendar';
import type { AcceptanceCommand } from './decide/acceptance';
import type { AlarmCommand } from './decide/alarms';
import type { ClosingCommand } from './decide/closing';
import type { DocumentCommand } from './decide/documents';
import type { HearingCommand } from './decide/hearings';
import type { IssuanceCommand } from './decide/issuance';
import type { OpinionCommand } from './decide/opinions';
import type { PeriodCommand } from './decide/periods';
import type { SubmissionCommand } from './decide/submission';
import type { CreditRecord } from './vocabulary';

/** Who did it: from the API key (or `system` for timers). */
export interface Actor {
  id: string;
  role: string;
  department?: string;
}

export interface CommandBase {
  /** Idempotency key: a command with a handled id is not applied again. */
  commandId: string;
  /** When it happened (the workflow's clock). */
  at: Instant;
  actor: Actor;
}

export interface SubmittedDocument {
  materialCode: string;
  stepId?: string;
}

export interface Applicant {
  name: string;
  creditCode: string;
  /** A bad credit record bars 容缺受理 (DOMAIN: acceptance with missing documents). */
  creditRecord?: CreditRecord;
  contact?: string;
}

export interface Project {
  name: string;
  code?: string;
  landParcel?: string;
}

/** Every command of a case: each concern's module in `decide/` declares its own and handles them. */
export type CaseCommand =
  | SubmissionCommand
  | AcceptanceCommand
  | DocumentCommand
  | OpinionCommand
  | PeriodCommand
  | HearingCommand
  | IssuanceCommand
  | ClosingCommand
  | AlarmCommand;

export type CaseCommandType = CaseCommand['type'];

export type * from './decide/acceptance';
export type * from './decide/alarms';
export type * from './decide/closing';
export type * from './decide/documents';
export type * from './decide/hearings';
export type * from './decide/issuance';
export type * from './decide/opinions';
export type * from './decide/periods';
export type * from './decide/submission';
