import type { Instant } from '../calendar/types';
import type { Actor, Applicant, OpinionKind, Project, SubmittedDocument, SuspensionReason } from './commands';
import type { CaseState, Clock, ClockKey, Commitment, MissingItem, StepState } from './state';

interface EventBase {
  at: Instant;
  actor: Actor;
  /** The command that produced it. */
  commandId: string;
}

export type AlertLevel = 'warning' | 'yellow' | 'red';

/** Clock changes ride on the events that cause them: `evolve` merges them into `state.clocks`. */
export type ClockPatch = Record<ClockKey, Clock>;

export type CaseEvent = EventBase &
  (
    | {
        type: 'CaseSubmitted';
        caseId: string;
        templateId: string;
        catalogVersion: string;
        applicant: Applicant;
        project: Project;
        documents: SubmittedDocument[];
        receivedAt: Instant;
        landContractSigned: boolean;
        steps: Array<Pick<StepState, 'stepId' | 'matterCode' | 'department' | 'phase' | 'required'>>;
        clocks: ClockPatch;
      }
    | { type: 'MissingMaterialsNotified'; items: MissingItem[]; noticeNumber: number; clocks: ClockPatch }
    | { type: 'SecondNoticeFlagged'; noticeNumber: number }
    | {
        type: 'CaseAccepted';
        mode: NonNullable<CaseState['acceptance']>['mode'];
        countedFrom: Instant;
        handling: CaseState['handling'];
        priority: boolean;
        missing: MissingItem[];
        commitments: Commitment[];
        clocks: ClockPatch;
      }
    | { type: 'CaseReturned'; reason: string; legalBasis: string }
    | {
        type: 'DocumentsSupplemented';
        documents: SubmittedDocument[];
        resolved: Array<{ materialCode: string; stepId?: string }>;
        clocks: ClockPatch;
      }
    | { type: 'StepStarted'; stepId: string; immediate: boolean; clocks: ClockPatch }
    | {
        type: 'OpinionRecorded';
        stepId: string;
        opinion: OpinionKind;
        reasons?: string;
        higherOrgan?: boolean;
        corrections?: string[];
        /** What the opinion did to the step. */
        outcome: 'agreed' | 'refused' | 'referred' | 'awaiting-correction' | 'deemed-consent' | 'escalated';
        deemedBy?: StepState['deemedBy'];
        clocks: ClockPatch;
      }
    | { type: 'StepDeemedConsented'; stepId: string; rule: 'timeout'; clocks: ClockPatch }
    | { type: 'StepEscalated'; stepId: string; rule: 'timeout' | 'absent' | 'referral-timeout' }
    | {
        type: 'ClockSuspended';
        keys: ClockKey[];
        reason: SuspensionReason | 'correction';
        note: string;
        expectedWorkingDays: number;
        clocks: ClockPatch;
      }
    | { type: 'ClockResumed'; keys: ClockKey[]; excludedDays: number; clocks: ClockPatch }
    | {
        type: 'ExtensionGranted';
        stepId?: string;
        reason: string;
        approvedBy: string;
        afterDeadline: boolean;
        clocks: ClockPatch;
      }
    | { type: 'LandContractSigned'; contractNumber: string }
    | { type: 'AlertRaised'; key: ClockKey; level: AlertLevel; clocks: ClockPatch }
    | { type: 'AllOpinionsReceived'; clocks: ClockPatch }
    | { type: 'LicenceIssued'; licences: Array<{ stepId: string; number: string }>; clocks: ClockPatch }
    | { type: 'CaseCompleted'; clocks: ClockPatch }
    | { type: 'CaseRefused'; stepId: string; reasons: string; clocks: ClockPatch }
    | { type: 'SupplementDeadlineMissed'; materialCodes: string[]; clocks: ClockPatch }
    | { type: 'DecisionWithheld'; materialCodes: string[] }
    | { type: 'CaseTerminated'; reason: string; clocks: ClockPatch }
    | { type: 'CommitmentVerified'; materialCode: string; result: 'true' | 'false'; note: string }
    | { type: 'CreditEventRecorded'; materialCode: string; note: string }
    | { type: 'DecisionRevoked'; reason: string }
    | { type: 'CaseWithdrawn'; reason: string; clocks: ClockPatch }
    | { type: 'DeadlinesRecomputed'; calendarVersion: string; clocks: ClockPatch }
  );

export type CaseEventType = CaseEvent['type'];
