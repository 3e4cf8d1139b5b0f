import type { Instant } from '@onewindow/calendar';
import { newClock, periodEnd, stopClock } from '../clocks';
import type { Actor, CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { supplementClockKey, type Commitment, type MissingItem } from '../state';
import type { AcceptanceDecision, Handling } from '../vocabulary';
import { reject, type Batch, type Handlers } from './batch';
import { codes, knownMaterials, landContractMaterial, missingMaterials, type MissingMaterial } from './materials';
import { limitOf, shortened, startReadySteps } from './steps';

export interface MissingItemInput {
  materialCode: string;
  stepId?: string;
  /** Form required, e.g. 原件 / 复印件 / 电子证照. */
  form?: string;
  note?: string;
}

export interface CommitmentInput {
  /** The material (or condition) the commitment replaces. */
  materialCode: string;
  text: string;
}

export interface DecideAcceptance extends CommandBase {
  type: 'DecideAcceptance';
  decision: AcceptanceDecision;
  /** notify-missing and accept-with-tolerance: every missing item, in one notice. */
  missing?: MissingItemInput[];
  /** accept-with-tolerance: working days the applicant has to supply the missing items. */
  supplementWithinWorkingDays?: number;
  /** accept-with-tolerance: the applicant signed the 容缺受理承诺书. */
  commitmentLetter?: boolean;
  /** accept-with-commitment: what the applicant commits to instead of proving. */
  commitments?: CommitmentInput[];
  /** reject: written reason and legal basis. */
  reason?: string;
  legalBasis?: string;
  /** 即办件 / 特办件 handling; default normal (承诺件 / 联办件 by the template). */
  handling?: Handling;
}

/** 拿地即开工: the land contract is signed; pre-reviewed matters turn into formal acceptance. */
export interface SignLandContract extends CommandBase {
  type: 'SignLandContract';
  contractNumber: string;
}

export type AcceptanceCommand = DecideAcceptance | SignLandContract;

export type AcceptanceMode =
  Exclude<AcceptanceDecision, 'notify-missing' | 'reject'> | 'by-default' | 'after-supplement';

export type AcceptanceEvent =
  | { type: 'MissingMaterialsNotified'; items: MissingItem[]; noticeNumber: number; clocks: ClockPatch }
  | { type: 'SecondNoticeFlagged'; noticeNumber: number }
  | {
      type: 'CaseAccepted';
      mode: AcceptanceMode;
      countedFrom: Instant;
      handling: Handling;
      priority: boolean;
      missing: MissingItem[];
      commitments: Commitment[];
      clocks: ClockPatch;
    }
  | { type: 'CaseReturned'; reason: string; legalBasis: string }
  | { type: 'LandContractSigned'; contractNumber: string }
  /** Rules 2, 拿地即开工: 预审转正式受理 at the land contract's signing; the joint limit counts from here. */
  | { type: 'CaseFormallyAccepted'; contractNumber: string; clocks: ClockPatch };

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

/**
 * The whole-case clock (joint limit, Art. 42 ¶2). Rules 2: shortened for 特办件 like the steps (the legal limit stays),
 * and in 拿地即开工 it waits for formal acceptance: the land-listing time is not the departments'.
 */
function caseClock(b: Batch, countedFrom: Instant, handling: Handling): ClockPatch {
  const limit = b.ctx.template.caseLimit;
  if (!b.rules2) return { case: newClock('case', countedFrom, limit, b.ctx.calendar, b.settings) };
  if (landContractMaterial(b) && !b.state.landContract) return {};
  return { case: b.newClock('case', countedFrom, shortened(b.ctx.template.caseTarget ?? limit, handling), limit) };
}

/** 受理: the case is accepted; its clock counts from `countedFrom` and the ready steps start. */
export function accept(
  b: Batch,
  mode: AcceptanceMode,
  countedFrom: Instant,
  handling: Handling,
  missing: MissingItem[],
  commitments: Commitment[],
  clocks: ClockPatch,
  actor: Actor = b.command.actor,
): void {
  b.emit(
    {
      type: 'CaseAccepted',
      mode,
      countedFrom,
      handling,
      priority: handling === 'special',
      missing,
      commitments,
      clocks: { ...clocks, ...caseClock(b, countedFrom, handling) },
    },
    actor,
  );
  startReadySteps(b, countedFrom);
}

function notifyMissing(b: Batch<DecideAcceptance>, command: DecideAcceptance, stopNotice: ClockPatch): void {
  const items = command.missing ?? [];
  if (items.length === 0)
    reject('missing-items-required', 'the one-time notice must list every missing item', 'missing');
  const known = knownMaterials(b);
  const unknown = items.filter((item) => !known.has(item.materialCode)).map((item) => item.materialCode);
  if (unknown.length > 0)
    reject('unknown-material', `not materials of this template: ${unknown.join(', ')}`, 'missing');
  if (b.rules2) {
    // Art. 32 一次性告知: the notice names every key material still missing, so none can be missing at acceptance.
    const listed = new Set(items.map((item) => item.materialCode));
    const left = codes(
      missingMaterials(b).filter((item) => item.importance === 'key' && !listed.has(item.materialCode)),
    );
    if (left.length > 0) {
      reject(
        'notice-incomplete',
        `Art. 32: the one-time notice must list every missing key material; it leaves out ${left.join(', ')}`,
        'missing',
        left,
      );
    }
  }
  const noticeNumber = b.state.notices + 1;
  // Art. 32 wants everything in ONE notice: a second one is allowed but flagged for supervision.
  if (noticeNumber > 1) b.emit({ type: 'SecondNoticeFlagged', noticeNumber });
  b.emit({
    type: 'MissingMaterialsNotified',
    noticeNumber,
    items: items.map((item) => ({ ...item, reason: 'notice' as const, requestedAt: b.at })),
    clocks: stopNotice,
  });
}

/** 容缺受理: key materials complete, only secondary materials on the 容缺 list missing, a signed commitment letter. */
function tolerated(b: Batch<DecideAcceptance>, command: DecideAcceptance, missing: MissingMaterial[]) {
  const missingKey = missing.filter((item) => item.importance === 'key');
  const handling = command.handling ?? 'normal';
  if (b.state.applicant.creditRecord === 'bad')
    reject('bad-credit', 'applicants with a bad credit record may not use 容缺受理');
  if (command.commitmentLetter !== true)
    reject('commitment-letter-required', 'the applicant must sign the 容缺受理承诺书', 'commitmentLetter');
  if (missingKey.length > 0)
    reject(
      'key-material-missing',
      `容缺受理 needs every key material: ${codes(missingKey).join(', ')}`,
      'decision',
      codes(missingKey),
    );
  if (missing.length === 0) reject('nothing-missing', 'nothing is missing: accept normally', 'decision');
  const notTolerable = missing.filter((item) => !item.tolerable);
  if (notTolerable.length > 0) {
    reject('not-tolerable', `not on the 容缺 list: ${codes(notTolerable).join(', ')}`, 'decision', codes(notTolerable));
  }
  const within = command.supplementWithinWorkingDays;
  if (within === undefined || !Number.isInteger(within) || within < 1) {
    reject(
      'supplement-deadline-required',
      'supplementWithinWorkingDays must be a whole number ≥ 1',
      'supplementWithinWorkingDays',
    );
  }
  if (b.rules2) {
    // Like with like: the supplement deadline (working days) against each step's promised deadline, in its unit.
    const due = periodEnd(b.ctx.calendar, b.at, { value: within, unit: 'working-days' }, true).at;
    const earliest = missing
      .map((item) => periodEnd(b.ctx.calendar, b.at, limitOf(b, item.stepId, handling), true).at)
      .reduce((a, c) => (Date.parse(c) < Date.parse(a) ? c : a));
    if (Date.parse(due) > Date.parse(earliest)) {
      reject(
        'supplement-deadline-too-late',
        `the supplement deadline (${due}) may not pass the promised limit (${earliest})`,
        'supplementWithinWorkingDays',
      );
    }
  } else {
    const limit = Math.min(...missing.map((item) => limitOf(b, item.stepId, handling).value));
    if (within > limit) {
      reject(
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
      requestedAt: b.at,
      ...(note?.form ? { form: note.form } : {}),
      ...(note?.note ? { note: note.note } : {}),
    };
  });
  const clocks: ClockPatch = {};
  for (const code of codes(missing)) {
    clocks[supplementClockKey(code)] = b.newClock('supplement', b.at, { value: within, unit: 'working-days' });
  }
  return { accepted, clocks };
}

/** 告知承诺制: a written commitment replaces the proof, where the matter and the material allow it. */
function committed(b: Batch<DecideAcceptance>, command: DecideAcceptance, list: MissingMaterial[]): Commitment[] {
  const missingKey = list.filter((item) => item.importance === 'key');
  const given = command.commitments ?? [];
  if (missingKey.some((item) => !item.commitmentEligible)) {
    reject(
      'key-material-missing',
      `key materials missing that no commitment can replace: ${codes(missingKey.filter((item) => !item.commitmentEligible)).join(', ')}`,
      'commitments',
    );
  }
  const notEligible = given.filter(
    (commitment) => !list.some((item) => item.materialCode === commitment.materialCode && item.commitmentEligible),
  );
  if (notEligible.length > 0) {
    reject(
      'commitment-not-allowed',
      `告知承诺 is not allowed (or not needed) for: ${notEligible.map((c) => c.materialCode).join(', ')}`,
      'commitments',
    );
  }
  const uncovered = list.filter((item) => !given.some((commitment) => commitment.materialCode === item.materialCode));
  if (uncovered.length > 0)
    reject(
      'commitment-missing',
      `materials missing without a commitment: ${codes(uncovered).join(', ')}`,
      'commitments',
    );
  if (given.length === 0)
    reject('commitment-missing', 'accept-with-commitment needs at least one commitment', 'commitments');
  return given.map((commitment) => ({ materialCode: commitment.materialCode, text: commitment.text, at: b.at }));
}

export const acceptanceHandlers: Handlers<AcceptanceCommand> = {
  DecideAcceptance(b, command) {
    if (b.state.status !== 'received' && b.state.status !== 'awaiting-supplement') {
      reject('not-awaiting-acceptance', `acceptance was already decided (the case is ${b.state.status})`);
    }
    const notice = b.clock('notice');
    const stopNotice: ClockPatch = notice && !notice.stoppedAt ? { notice: stopClock(notice, b.at) } : {};
    switch (command.decision) {
      case 'reject': {
        if (!command.reason?.trim()) reject('reason-required', '不予受理 needs a written reason', 'reason');
        if (!command.legalBasis?.trim()) reject('reason-required', '不予受理 needs its legal basis', 'legalBasis');
        b.emit({ type: 'CaseReturned', reason: command.reason, legalBasis: command.legalBasis });
        return;
      }
      case 'notify-missing':
        notifyMissing(b, command, stopNotice);
        return;
      case 'accept':
      case 'accept-with-tolerance':
      case 'accept-with-commitment':
        break;
      default: {
        const unreachable: never = command.decision;
        return unreachable;
      }
    }
    const outstanding = b.state.missing.filter((item) => item.reason === 'notice' && !item.suppliedAt);
    if (outstanding.length > 0) {
      reject(
        'documents-outstanding',
        `the notice items are not supplied yet: ${outstanding.map((item) => item.materialCode).join(', ')}`,
      );
    }
    const missing = missingMaterials(b);
    const missingKey = missing.filter((item) => item.importance === 'key');
    const handling = command.handling ?? 'normal';
    if (b.rules2 && handling === 'immediate') {
      // 即办件 is a property of the matter in the catalogue, not a choice of the window.
      const notImmediate = Object.values(b.ctx.matters).filter((matter) => matter.kind !== 'immediate');
      if (notImmediate.length > 0) {
        reject(
          'immediate-not-allowed',
          `handling immediate (即办件) applies only to matters the catalogue marks immediate; not: ${notImmediate.map((matter) => matter.code).join(', ')}`,
          'handling',
          notImmediate.map((matter) => matter.code),
        );
      }
    }
    if (command.decision === 'accept') {
      if (missingKey.length > 0)
        reject(
          'key-material-missing',
          `key materials missing: ${codes(missingKey).join(', ')}`,
          'decision',
          codes(missingKey),
        );
      if (missing.length > 0) {
        reject(
          'materials-incomplete',
          `materials missing: ${codes(missing).join(', ')}; use notify-missing, 容缺 or 告知承诺`,
          'decision',
          codes(missing),
        );
      }
      accept(b, 'accept', b.at, handling, [], [], { ...stopNotice });
    } else if (command.decision === 'accept-with-tolerance') {
      const { accepted, clocks } = tolerated(b, command, missing);
      accept(b, 'accept-with-tolerance', b.at, handling, accepted, [], { ...stopNotice, ...clocks });
    } else {
      accept(b, 'accept-with-commitment', b.at, handling, [], committed(b, command, missing), { ...stopNotice });
    }
  },

  SignLandContract(b, command) {
    if (!b.ctx.template.requiresLandContract)
      reject('land-contract-not-required', `template ${b.ctx.template.id} has no land-contract stage`);
    if (b.state.landContract) reject('land-contract-already-signed', 'the land contract is already signed');
    if (!command.contractNumber.trim()) reject('reason-required', 'contractNumber is required', 'contractNumber');
    const contractNumber = command.contractNumber.trim();
    b.emit({ type: 'LandContractSigned', contractNumber });
    // Pre-reviewed matters turn into formal acceptance (预审转正式受理): the joint limit and the formal steps start now.
    if (b.rules2 && b.state.status === 'in-review') {
      const limit = b.ctx.template.caseLimit;
      b.emit({
        type: 'CaseFormallyAccepted',
        contractNumber,
        clocks: {
          case: b.newClock('case', b.at, shortened(b.ctx.template.caseTarget ?? limit, b.state.handling), limit),
        },
      });
    }
    startReadySteps(b);
  },
};
