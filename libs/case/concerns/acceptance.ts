import { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import type { Actor, CommandOf, RejectionMap } from '../base';
import { periodEnd, stopClock, type ClockPatch } from '../clocks';
import {
  clockOf,
  drafts,
  isRejection,
  refuse,
  type BodiesOf,
  type DeciderContext,
  type Draft,
  type Evolvers,
  type Handled,
  type Handlers,
  type PayloadsOf,
  type Writable,
} from '../context';
import type { CaseFields } from '../fields';
import type { EventKit } from '../schema-kit';
import { supplementClockKey, withClocks, type CaseState, type Commitment, type MissingItem } from '../state';
import { ACCEPTANCE_DECISIONS, ACCEPTANCE_MODES, HANDLINGS, type AcceptanceMode, type Handling } from '../vocabulary';
import { codes, knownMaterials, landContractMaterial, missingMaterials, type MissingMaterial } from './materials';
import { limitOf, shortened } from './steps';

export const acceptanceCommands = {
  DecideAcceptance: {
    message: 'acceptance-decided',
    senders: ['window', 'integrator'],
    description:
      '受理决定: accept, accept with 容缺 or 告知承诺, notify what is missing (一次性告知), or refuse (不予受理)',
    payload: (f: CaseFields) => ({
      decision: z.enum(ACCEPTANCE_DECISIONS),
      /** notify-missing and accept-with-tolerance: every missing item, in one notice. */
      missing: z
        .array(
          z.strictObject({
            materialCode: f.code,
            stepId: f.code.optional(),
            /** Form required, e.g. 原件 / 复印件 / 电子证照. */
            form: f.text(200).optional(),
            note: f.text().optional(),
          }),
        )
        .max(200)
        .optional(),
      /** accept-with-tolerance: working days the applicant has to supply the missing items. */
      supplementWithinWorkingDays: z.number().int().min(1).max(365).optional(),
      /** accept-with-tolerance: the applicant signed the 容缺受理承诺书. */
      commitmentLetter: z.boolean().optional(),
      /** accept-with-commitment: what the applicant commits to instead of proving. */
      commitments: z
        .array(z.strictObject({ materialCode: f.code, text: f.text() }))
        .max(200)
        .optional(),
      /** reject: written reason and legal basis. */
      reason: f.text().optional(),
      legalBasis: f.text().optional(),
      /** 即办件 / 特办件 handling; default normal (承诺件 / 联办件 by the template). */
      handling: z.enum(HANDLINGS).optional(),
    }),
  },
  SignLandContract: {
    message: 'land-contract-signed',
    senders: ['window', 'integrator'],
    description: '拿地即开工: the land contract is signed; pre-reviewed matters turn into formal acceptance',
    payload: (f: CaseFields) => ({ contractNumber: f.text(200) }),
  },
} as const;

export const acceptanceEvents = (f: EventKit) => {
  const { instant, code } = f;

  const missingItemSchema = z.strictObject({
    materialCode: code,
    stepId: z.string().optional(),
    /** 一次性告知 / 容缺: the form the item is owed in, and the window's note. */
    form: z.string().optional(),
    note: z.string().optional(),
    /** notice: 一次性告知; tolerance: 容缺; correction: 补正 requested by a department. */
    reason: z.enum(['notice', 'tolerance', 'correction']),
    requestedAt: instant,
    suppliedAt: instant.optional(),
  });

  const commitmentSchema = z.strictObject({
    materialCode: code,
    text: z.string(),
    at: instant,
    verified: z.strictObject({ result: z.enum(['true', 'false']), at: instant, note: z.string() }).optional(),
  });

  return {
    MissingMaterialsNotified: z.strictObject({
      items: z.array(missingItemSchema),
      noticeNumber: f.count,
      clocks: f.clockPatch,
    }),
    SecondNoticeFlagged: z.strictObject({ noticeNumber: f.count }),
    CaseAccepted: z.strictObject({
      mode: z.enum(ACCEPTANCE_MODES),
      countedFrom: instant,
      handling: z.enum(HANDLINGS),
      priority: z.boolean(),
      missing: z.array(missingItemSchema),
      commitments: z.array(commitmentSchema),
      clocks: f.clockPatch,
    }),
    CaseReturned: z.strictObject({ reason: z.string(), legalBasis: z.string() }),
    LandContractSigned: z.strictObject({ contractNumber: z.string() }),
    /** 拿地即开工: 预审转正式受理 at the land contract's signing; the joint limit counts from here. */
    CaseFormallyAccepted: z.strictObject({ contractNumber: z.string(), clocks: f.clockPatch }),
  } as const;
};

export const acceptanceRejections = {
  'not-awaiting-acceptance': 'conflict',
  'reason-required': 'unprocessable',
  'missing-items-required': 'unprocessable',
  'documents-outstanding': 'conflict',
  'key-material-missing': 'unprocessable',
  'materials-incomplete': 'unprocessable',
  'tolerance-not-allowed': 'conflict',
  'not-tolerable': 'unprocessable',
  'nothing-missing': 'unprocessable',
  'bad-credit': 'conflict',
  'commitment-letter-required': 'unprocessable',
  'supplement-deadline-required': 'unprocessable',
  'supplement-deadline-too-late': 'unprocessable',
  'commitment-not-allowed': 'unprocessable',
  'commitment-missing': 'unprocessable',
  'land-contract-not-required': 'conflict',
  'land-contract-already-signed': 'conflict',
  'immediate-not-allowed': 'unprocessable',
  'notice-incomplete': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof acceptanceCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof acceptanceEvents>> {}
  interface CaseRejectionMap extends Writable<typeof acceptanceRejections> {}
}

export type DecideAcceptance = CommandOf<'DecideAcceptance'>;

/**
 * The whole-case clock (joint limit, Art. 42 ¶2). From 2026-12: shortened for 特办件 like the steps (the legal limit
 * stays), and in 拿地即开工 it waits for formal acceptance: the land-listing time is not the departments'.
 */
function caseClock(state: CaseState, ctx: DeciderContext, countedFrom: Instant, handling: Handling): ClockPatch {
  const limit = ctx.template.caseLimit;
  if (!ctx.rules.caseClockToTarget) return { case: clockOf(ctx, 'case', countedFrom, limit) };
  if (ctx.rules.formalAcceptanceAtContract && landContractMaterial(ctx) && !state.landContract) return {};
  return { case: clockOf(ctx, 'case', countedFrom, shortened(ctx.template.caseTarget ?? limit, handling), limit) };
}

/** 受理: the case is accepted; its clock counts from `countedFrom`, and the ready steps start (a standing rule). */
export function acceptDraft(
  state: CaseState,
  ctx: DeciderContext,
  acceptance: {
    mode: AcceptanceMode;
    countedFrom: Instant;
    handling: Handling;
    missing: MissingItem[];
    commitments: Commitment[];
    clocks: ClockPatch;
  },
  actor?: Actor,
): Draft {
  const { mode, countedFrom, handling, missing, commitments, clocks } = acceptance;
  return {
    event: {
      type: 'CaseAccepted',
      mode,
      countedFrom,
      handling,
      priority: handling === 'special',
      missing,
      commitments,
      clocks: { ...clocks, ...caseClock(state, ctx, countedFrom, handling) },
    },
    ...(actor ? { actor } : {}),
  };
}

function notifyMissing(
  state: CaseState,
  ctx: DeciderContext,
  command: DecideAcceptance,
  stopNotice: ClockPatch,
): Handled {
  const items = command.missing ?? [];
  if (items.length === 0)
    return refuse('missing-items-required', 'the one-time notice must list every missing item', 'missing');
  const known = knownMaterials(ctx);
  const unknown = items.filter((item) => !known.has(item.materialCode)).map((item) => item.materialCode);
  if (unknown.length > 0)
    return refuse('unknown-material', `not materials of this template: ${unknown.join(', ')}`, 'missing');
  if (ctx.rules.noticeMustList !== 'any') {
    // Art. 32 一次性告知: the notice names every material still missing (2026-12: every key one), so nothing the
    // notice left out can be missing at acceptance.
    const listed = new Set(items.map((item) => item.materialCode));
    const all = ctx.rules.noticeMustList === 'all';
    const left = codes(
      missingMaterials(state, ctx).filter(
        (item) => (all || item.importance === 'key') && !listed.has(item.materialCode),
      ),
    );
    if (left.length > 0) {
      return refuse(
        'notice-incomplete',
        `Art. 32: the one-time notice must list every missing ${all ? 'material, key and secondary' : 'key material'}; it leaves out ${left.join(', ')}`,
        'missing',
        left,
      );
    }
  }
  const noticeNumber = state.notices + 1;
  return drafts(
    // Art. 32 wants everything in ONE notice: a second one is allowed but flagged for supervision.
    ...(noticeNumber > 1 ? [{ type: 'SecondNoticeFlagged' as const, noticeNumber }] : []),
    {
      type: 'MissingMaterialsNotified',
      noticeNumber,
      items: items.map((item) => ({ ...item, reason: 'notice' as const, requestedAt: command.at })),
      clocks: stopNotice,
    },
  );
}

/** 容缺受理: key materials complete, only secondary materials on the 容缺 list missing, a signed commitment letter. */
function tolerated(
  state: CaseState,
  ctx: DeciderContext,
  command: DecideAcceptance,
  missing: MissingMaterial[],
): { accepted: MissingItem[]; clocks: ClockPatch } | ReturnType<typeof refuse> {
  const missingKey = missing.filter((item) => item.importance === 'key');
  const handling = command.handling ?? 'normal';
  if (state.applicant.creditRecord === 'bad')
    return refuse('bad-credit', 'applicants with a bad credit record may not use 容缺受理');
  if (command.commitmentLetter !== true)
    return refuse('commitment-letter-required', 'the applicant must sign the 容缺受理承诺书', 'commitmentLetter');
  if (missingKey.length > 0)
    return refuse(
      'key-material-missing',
      `容缺受理 needs every key material: ${codes(missingKey).join(', ')}`,
      'decision',
      codes(missingKey),
    );
  if (missing.length === 0) return refuse('nothing-missing', 'nothing is missing: accept normally', 'decision');
  const notTolerable = missing.filter((item) => !item.tolerable);
  if (notTolerable.length > 0) {
    return refuse(
      'not-tolerable',
      `not on the 容缺 list: ${codes(notTolerable).join(', ')}`,
      'decision',
      codes(notTolerable),
    );
  }
  const within = command.supplementWithinWorkingDays;
  if (within === undefined || !Number.isInteger(within) || within < 1) {
    return refuse(
      'supplement-deadline-required',
      'supplementWithinWorkingDays must be a whole number ≥ 1',
      'supplementWithinWorkingDays',
    );
  }
  if (ctx.rules.clockModel2) {
    // Like with like: the supplement deadline (working days) against each step's promised deadline, in its unit.
    const due = periodEnd(ctx.calendar, command.at, { value: within, unit: 'working-days' }, true).at;
    const earliest = missing
      .map((item) => periodEnd(ctx.calendar, command.at, limitOf(ctx, item.stepId, handling)!, true).at)
      .reduce((a, c) => (Date.parse(c) < Date.parse(a) ? c : a));
    if (Date.parse(due) > Date.parse(earliest)) {
      return refuse(
        'supplement-deadline-too-late',
        `the supplement deadline (${due}) may not pass the promised limit (${earliest})`,
        'supplementWithinWorkingDays',
      );
    }
  } else {
    const limit = Math.min(...missing.map((item) => limitOf(ctx, item.stepId, handling)!.value));
    if (within > limit) {
      return refuse(
        'supplement-deadline-too-late',
        `the supplement deadline may not pass the promised limit (${limit} working days)`,
        'supplementWithinWorkingDays',
      );
    }
  }
  const notes = new Map((command.missing ?? []).map((item) => [item.materialCode, item]));
  const accepted: MissingItem[] = missing.map((item) => {
    const note = notes.get(item.materialCode);
    return {
      materialCode: item.materialCode,
      stepId: item.stepId,
      reason: 'tolerance' as const,
      requestedAt: command.at,
      ...(note?.form ? { form: note.form } : {}),
      ...(note?.note ? { note: note.note } : {}),
    };
  });
  const clocks: ClockPatch = {};
  for (const material of codes(missing)) {
    clocks[supplementClockKey(material)] = clockOf(ctx, 'supplement', command.at, {
      value: within,
      unit: 'working-days',
    });
  }
  return { accepted, clocks };
}

/** 告知承诺制: a written commitment replaces the proof, where the matter and the material allow it. */
function committed(command: DecideAcceptance, list: MissingMaterial[]): Commitment[] | ReturnType<typeof refuse> {
  const missingKey = list.filter((item) => item.importance === 'key');
  const given = command.commitments ?? [];
  if (missingKey.some((item) => !item.commitmentEligible)) {
    return refuse(
      'key-material-missing',
      `key materials missing that no commitment can replace: ${codes(missingKey.filter((item) => !item.commitmentEligible)).join(', ')}`,
      'commitments',
    );
  }
  const notEligible = given.filter(
    (commitment) => !list.some((item) => item.materialCode === commitment.materialCode && item.commitmentEligible),
  );
  if (notEligible.length > 0) {
    return refuse(
      'commitment-not-allowed',
      `告知承诺 is not allowed (or not needed) for: ${notEligible.map((c) => c.materialCode).join(', ')}`,
      'commitments',
    );
  }
  const uncovered = list.filter((item) => !given.some((commitment) => commitment.materialCode === item.materialCode));
  if (uncovered.length > 0)
    return refuse(
      'commitment-missing',
      `materials missing without a commitment: ${codes(uncovered).join(', ')}`,
      'commitments',
    );
  if (given.length === 0)
    return refuse('commitment-missing', 'accept-with-commitment needs at least one commitment', 'commitments');
  return given.map((commitment) => ({ materialCode: commitment.materialCode, text: commitment.text, at: command.at }));
}

export const acceptanceHandlers: Handlers<'DecideAcceptance' | 'SignLandContract'> = {
  DecideAcceptance(state, command, ctx) {
    if (state.status !== 'received' && state.status !== 'awaiting-supplement') {
      return refuse('not-awaiting-acceptance', `acceptance was already decided (the case is ${state.status})`);
    }
    const notice = state.clocks.notice;
    const stopNotice: ClockPatch = notice && !notice.stoppedAt ? { notice: stopClock(notice, command.at) } : {};
    switch (command.decision) {
      case 'reject': {
        if (!command.reason?.trim()) return refuse('reason-required', '不予受理 needs a written reason', 'reason');
        if (!command.legalBasis?.trim())
          return refuse('reason-required', '不予受理 needs its legal basis', 'legalBasis');
        return drafts({ type: 'CaseReturned', reason: command.reason, legalBasis: command.legalBasis });
      }
      case 'notify-missing':
        return notifyMissing(state, ctx, command, stopNotice);
      case 'accept':
      case 'accept-with-tolerance':
      case 'accept-with-commitment':
        break;
      default: {
        const unreachable: never = command.decision;
        return unreachable;
      }
    }
    const outstanding = state.missing.filter((item) => item.reason === 'notice' && !item.suppliedAt);
    if (outstanding.length > 0) {
      return refuse(
        'documents-outstanding',
        `the notice items are not supplied yet: ${outstanding.map((item) => item.materialCode).join(', ')}`,
      );
    }
    const missing = missingMaterials(state, ctx);
    const missingKey = missing.filter((item) => item.importance === 'key');
    const handling = command.handling ?? 'normal';
    if (ctx.rules.immediateByCatalogue && handling === 'immediate') {
      // 即办件 is a property of the matter in the catalogue, not a choice of the window.
      const notImmediate = Object.values(ctx.matters).filter((matter) => matter.kind !== 'immediate');
      if (notImmediate.length > 0) {
        return refuse(
          'immediate-not-allowed',
          `handling immediate (即办件) applies only to matters the catalogue marks immediate; not: ${notImmediate.map((matter) => matter.code).join(', ')}`,
          'handling',
          notImmediate.map((matter) => matter.code),
        );
      }
    }
    const base = { countedFrom: command.at, handling };
    if (command.decision === 'accept') {
      if (missingKey.length > 0)
        return refuse(
          'key-material-missing',
          `key materials missing: ${codes(missingKey).join(', ')}`,
          'decision',
          codes(missingKey),
        );
      if (missing.length > 0) {
        return refuse(
          'materials-incomplete',
          `materials missing: ${codes(missing).join(', ')}; use notify-missing, 容缺 or 告知承诺`,
          'decision',
          codes(missing),
        );
      }
      return [acceptDraft(state, ctx, { ...base, mode: 'accept', missing: [], commitments: [], clocks: stopNotice })];
    }
    if (command.decision === 'accept-with-tolerance') {
      const result = tolerated(state, ctx, command, missing);
      if (isRejection(result)) return result;
      return [
        acceptDraft(state, ctx, {
          ...base,
          mode: 'accept-with-tolerance',
          missing: result.accepted,
          commitments: [],
          clocks: { ...stopNotice, ...result.clocks },
        }),
      ];
    }
    const commitments = committed(command, missing);
    if (isRejection(commitments)) return commitments;
    return [
      acceptDraft(state, ctx, {
        ...base,
        mode: 'accept-with-commitment',
        missing: [],
        commitments,
        clocks: stopNotice,
      }),
    ];
  },

  SignLandContract(state, command, ctx) {
    if (!ctx.template.requiresLandContract)
      return refuse('land-contract-not-required', `template ${ctx.template.id} has no land-contract stage`);
    if (state.landContract) return refuse('land-contract-already-signed', 'the land contract is already signed');
    if (!command.contractNumber.trim())
      return refuse('reason-required', 'contractNumber is required', 'contractNumber');
    const contractNumber = command.contractNumber.trim();
    const signed: Draft = { event: { type: 'LandContractSigned', contractNumber } };
    // Pre-reviewed matters turn into formal acceptance (预审转正式受理): the joint limit and the formal steps start now.
    if (!ctx.rules.formalAcceptanceAtContract || state.status !== 'in-review') return [signed];
    const limit = ctx.template.caseLimit;
    return [
      signed,
      {
        event: {
          type: 'CaseFormallyAccepted',
          contractNumber,
          clocks: {
            case: clockOf(ctx, 'case', command.at, shortened(ctx.template.caseTarget ?? limit, state.handling), limit),
          },
        },
      },
    ];
  },
};

export const acceptanceEvolvers: Evolvers<
  | 'MissingMaterialsNotified'
  | 'SecondNoticeFlagged'
  | 'CaseAccepted'
  | 'CaseReturned'
  | 'LandContractSigned'
  | 'CaseFormallyAccepted'
> = {
  MissingMaterialsNotified: (state, event) =>
    withClocks(
      {
        ...state,
        status: 'awaiting-supplement',
        notices: event.noticeNumber,
        missing: [...state.missing, ...event.items],
      },
      event.clocks,
    ),
  SecondNoticeFlagged: (state, event) => ({ ...state, flags: [...state.flags, `second-notice:${event.noticeNumber}`] }),
  CaseAccepted: (state, event) =>
    withClocks(
      {
        ...state,
        status: 'in-review',
        acceptance: { mode: event.mode, at: event.at, countedFrom: event.countedFrom },
        handling: event.handling,
        priority: event.priority,
        missing: [...state.missing, ...event.missing],
        commitments: [...state.commitments, ...event.commitments],
      },
      event.clocks,
    ),
  CaseReturned: (state, event) => ({ ...state, status: 'returned', closed: { at: event.at, reason: event.reason } }),
  LandContractSigned: (state, event) => ({
    ...state,
    landContract: { number: event.contractNumber, signedAt: event.at },
  }),
  CaseFormallyAccepted: (state, event) =>
    withClocks({ ...state, formalAcceptance: { at: event.at, contractNumber: event.contractNumber } }, event.clocks),
};
