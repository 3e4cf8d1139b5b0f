import { z } from 'zod';
import type { RejectionMap } from '../base';
import { resumeClock, stopClock, type ClockPatch } from '../clocks';
import {
  refuse,
  settingsOf,
  type BodiesOf,
  type DeciderContext,
  type Draft,
  type Evolvers,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { stepClockKey, supplementClockKey, withClocks, type CaseState, type MissingItem } from '../state';
import { acceptDraft } from './acceptance';
import { knownMaterials } from './materials';
import { releaseDraft } from './periods';

export const documentCommands = {
  SupplementDocuments: {
    message: 'documents-supplemented',
    senders: ['window', 'integrator', 'department'],
    description: '补件 / 补正: the applicant hands in missing or corrected materials at the window',
    payload: (f: CaseFields) => ({ documents: z.array(f.document).min(1).max(500) }),
  },
} as const;

export const documentEvents = (f: EventKit) => {
  const resolvedItem = z.strictObject({ materialCode: z.string(), stepId: z.string().optional() });
  return {
    DocumentsSupplemented: z.strictObject({
      documents: z.array(f.document),
      resolved: z.array(resolvedItem),
      clocks: f.clockPatch,
    }),
  } as const;
};

export const documentRejections = {
  'documents-required': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof documentCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof documentEvents>> {}
  interface CaseRejectionMap extends Writable<typeof documentRejections> {}
}

/**
 * The applicant's time ends when what was owed is in (clock model 2): a step's 补正 suspension (its clock and the
 * case's) once all its corrections are in, the issuance's wait once every 容缺 material is in. Each release sees
 * the clocks the one before it left (two corrections may both hold the case clock).
 */
function releaseApplicantHolds(state: CaseState, ctx: DeciderContext, at: string, stillOpen: MissingItem[]): Draft[] {
  const result: Draft[] = [];
  let clocks = state.clocks;
  for (const suspension of state.suspensions) {
    if (suspension.resumedAt || !suspension.id) continue;
    const applicantsTurn = suspension.reason === 'correction' || suspension.reason === 'awaiting-materials';
    const stillOwed =
      suspension.reason === 'correction'
        ? stillOpen.some((item) => item.reason === 'correction' && item.stepId === suspension.stepId)
        : stillOpen.some((item) => item.reason === 'tolerance');
    if (!applicantsTurn || stillOwed) continue;
    const released = releaseDraft(clocks, ctx, at, suspension.id, suspension.keys);
    clocks = { ...clocks, ...released.clocks };
    result.push({ event: released.event });
  }
  return result;
}

/** 补正 (2026-11): when a step's corrections are all in, its clock resumes. */
function resumeCorrectedSteps(
  state: CaseState,
  ctx: DeciderContext,
  at: string,
  resolved: Array<{ materialCode: string; stepId?: string }>,
  stillOpen: MissingItem[],
): Draft[] {
  const result: Draft[] = [];
  for (const stepId of new Set(resolved.flatMap((item) => (item.stepId ? [item.stepId] : [])))) {
    const step = state.steps[stepId];
    const clock = state.clocks[stepClockKey(stepId)];
    const pending = stillOpen.some((item) => item.stepId === stepId && item.reason === 'correction');
    if (step?.status === 'awaiting-correction' && clock?.suspendedSince && !pending) {
      const resumed = resumeClock(clock, at, ctx.calendar, settingsOf(ctx));
      result.push({
        event: {
          type: 'ClockResumed',
          keys: [stepClockKey(stepId)],
          excludedDays: resumed.suspendedDays - clock.suspendedDays,
          clocks: { [stepClockKey(stepId)]: resumed },
        },
      });
    }
  }
  return result;
}

export const documentHandlers: Handlers<'SupplementDocuments'> = {
  SupplementDocuments(state, command, ctx) {
    if (command.documents.length === 0)
      return refuse('documents-required', 'at least one document is required', 'documents');
    const known = knownMaterials(ctx);
    const unknown = command.documents
      .filter((document) => !known.has(document.materialCode))
      .map((document) => document.materialCode);
    if (unknown.length > 0)
      return refuse('unknown-material', `not materials of this template: ${unknown.join(', ')}`, 'documents');
    const open = state.missing.filter((item) => !item.suppliedAt);
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
      const clock = state.clocks[supplementClockKey(code)];
      if (
        clock &&
        !clock.stoppedAt &&
        !stillOpen.some((item) => item.materialCode === code && item.reason === 'tolerance')
      ) {
        supplementStops[supplementClockKey(code)] = stopClock(clock, command.at);
      }
    }
    const result: Draft[] = [
      { event: { type: 'DocumentsSupplemented', documents: command.documents, resolved, clocks: supplementStops } },
    ];
    const after = withClocks(state, supplementStops);
    result.push(
      ...(ctx.rules.clockModel2
        ? releaseApplicantHolds(after, ctx, command.at, stillOpen)
        : resumeCorrectedSteps(after, ctx, command.at, resolved, stillOpen)),
    );
    // 补办件: once everything in the notice is in, the case is accepted and its clock starts the day after.
    if (state.status === 'awaiting-supplement' && !stillOpen.some((item) => item.reason === 'notice')) {
      result.push(
        acceptDraft(after, ctx, {
          mode: 'after-supplement',
          countedFrom: command.at,
          handling: 'normal',
          missing: [],
          commitments: [],
          clocks: {},
        }),
      );
    }
    return result;
  },
};

export const documentEvolvers: Evolvers<'DocumentsSupplemented'> = {
  DocumentsSupplemented: (state, event) => {
    const resolved = (item: CaseState['missing'][number]) =>
      !item.suppliedAt && event.resolved.some((r) => r.materialCode === item.materialCode && r.stepId === item.stepId);
    return withClocks(
      {
        ...state,
        documents: [...state.documents, ...event.documents],
        missing: state.missing.map((item) => (resolved(item) ? { ...item, suppliedAt: event.at } : item)),
        decisionWithheld:
          state.decisionWithheld &&
          state.missing.some((item) => !item.suppliedAt && !resolved(item) && item.reason === 'tolerance'),
      },
      event.clocks,
    );
  },
};
