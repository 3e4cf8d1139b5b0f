import { resumeClock, stopClock } from '../clocks';
import type { CommandBase, SubmittedDocument } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { stepClockKey, supplementClockKey, type MissingItem } from '../state';
import { accept } from './acceptance';
import { knownMaterials } from './materials';
import { reject, type Batch, type Handlers } from './batch';
import { releaseHold } from './periods';

/** 补件 / 补正: the applicant hands in missing or corrected materials at the window. */
export interface SupplementDocuments extends CommandBase {
  type: 'SupplementDocuments';
  documents: SubmittedDocument[];
}

export type DocumentCommand = SupplementDocuments;

export type DocumentEvent = {
  type: 'DocumentsSupplemented';
  documents: SubmittedDocument[];
  resolved: Array<{ materialCode: string; stepId?: string }>;
  clocks: ClockPatch;
};

export const documentRejections = {
  'documents-required': 'unprocessable',
} as const satisfies RejectionMap;

export const documentHandlers: Handlers<DocumentCommand> = {
  SupplementDocuments(b, command) {
    if (command.documents.length === 0) reject('documents-required', 'at least one document is required', 'documents');
    const known = knownMaterials(b);
    const unknown = command.documents
      .filter((document) => !known.has(document.materialCode))
      .map((document) => document.materialCode);
    if (unknown.length > 0)
      reject('unknown-material', `not materials of this template: ${unknown.join(', ')}`, 'documents');
    const open = b.state.missing.filter((item) => !item.suppliedAt);
    const resolved = open
      .filter((item) =>
        command.documents.some(
          (document) =>
            document.materialCode === item.materialCode &&
            (document.stepId === undefined || document.stepId === item.stepId),
        ),
      )
      .map((item) => ({ materialCode: item.materialCode, ...(item.stepId ? { stepId: item.stepId } : {}) }));
    const isResolved = (item: MissingItem) =>
      resolved.some((r) => r.materialCode === item.materialCode && r.stepId === item.stepId);
    const stillOpen = open.filter((item) => !isResolved(item));
    // A 容缺 supplement clock stops once every item of its material is in.
    const supplementStops: ClockPatch = {};
    for (const code of new Set(resolved.map((item) => item.materialCode))) {
      const clock = b.clock(supplementClockKey(code));
      if (
        clock &&
        !clock.stoppedAt &&
        !stillOpen.some((item) => item.materialCode === code && item.reason === 'tolerance')
      ) {
        supplementStops[supplementClockKey(code)] = stopClock(clock, b.at);
      }
    }
    b.emit({ type: 'DocumentsSupplemented', documents: command.documents, resolved, clocks: supplementStops });
    if (b.rules2) {
      releaseApplicantHolds(b, stillOpen);
    } else {
      resumeCorrectedSteps(b, resolved, stillOpen);
    }
    // 补办件: once everything in the notice is in, the case is accepted and its clock starts the day after.
    if (b.state.status === 'awaiting-supplement' && !stillOpen.some((item) => item.reason === 'notice')) {
      accept(b, 'after-supplement', b.at, 'normal', [], [], {});
    }
  },
};

/**
 * Rules 2: the applicant's time ends when what was owed is in: a step's 补正 suspension (its clock and the case's)
 * once all its corrections are in, the issuance's wait once every 容缺 material is in.
 */
function releaseApplicantHolds(b: Batch, stillOpen: MissingItem[]): void {
  for (const suspension of b.state.suspensions) {
    if (suspension.resumedAt || !suspension.id) continue;
    const applicantsTurn = suspension.reason === 'correction' || suspension.reason === 'awaiting-materials';
    const stillOwed =
      suspension.reason === 'correction'
        ? stillOpen.some((item) => item.reason === 'correction' && item.stepId === suspension.stepId)
        : stillOpen.some((item) => item.reason === 'tolerance');
    if (applicantsTurn && !stillOwed) releaseHold(b, suspension.id, suspension.keys);
  }
}

/** 补正 (rules 1): when a step's corrections are all in, its clock resumes. */
function resumeCorrectedSteps(
  b: Batch,
  resolved: Array<{ materialCode: string; stepId?: string }>,
  stillOpen: MissingItem[],
): void {
  for (const stepId of new Set(resolved.flatMap((item) => (item.stepId ? [item.stepId] : [])))) {
    const step = b.state.steps[stepId];
    const clock = b.clock(stepClockKey(stepId));
    const pending = stillOpen.some((item) => item.stepId === stepId && item.reason === 'correction');
    if (step?.status === 'awaiting-correction' && clock?.suspendedSince && !pending) {
      const resumed = resumeClock(clock, b.at, b.ctx.calendar, b.settings);
      b.emit({
        type: 'ClockResumed',
        keys: [stepClockKey(stepId)],
        excludedDays: resumed.suspendedDays - clock.suspendedDays,
        clocks: { [stepClockKey(stepId)]: resumed },
      });
    }
  }
}
