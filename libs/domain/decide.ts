import type { Instant, WorkingDayCalculator } from '../calendar/types';
import type { MatterSpec, TemplateSpec, TimeLimit } from '../catalog/types';
import { assessDocuments, readySteps } from '../catalog/validate';
import {
  computeClock,
  extendClock,
  newClock,
  pendingAlarms,
  resumeClock,
  stopClock,
  suspendClock,
  type ClockSettings,
} from './clocks';
import type {
  Actor,
  CaseCommand,
  CheckClocks,
  DecideAcceptance,
  GrantExtension,
  IssueLicence,
  RecordOpinion,
  ResumeClock,
  SignLandContract,
  SubmitCase,
  SubmittedDocument,
  SupplementDocuments,
  SuspendClock,
  VerifyCommitment,
  Withdraw,
} from './commands';
import type { CaseEvent, ClockPatch } from './events';
import { evolve } from './evolve';
import type { Rejection, RejectionCode } from './rejections';
import {
  isClosed,
  isFavourable,
  referralClockKey,
  stepClockKey,
  supplementClockKey,
  type CaseState,
  type Clock,
  type ClockKey,
  type MissingItem,
} from './state';

export interface DeciderContext {
  template: TemplateSpec;
  matters: Readonly<Record<string, MatterSpec>>;
  calendar: WorkingDayCalculator;
  catalogVersion: string;
}

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

/** Art. 32: the one-time notice is due within 5 working days of receipt. */
export const ONE_TIME_NOTICE_LIMIT: TimeLimit = { value: 5, unit: 'working-days' };
/** 特办件: limits shortened to this share of the promised limit (rounded up). */
export const SPECIAL_HANDLING_FACTOR = 0.5;
const SYSTEM: Actor = { id: 'system', role: 'system' };
const MAX_PERIOD_DAYS = 365;

class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

function reject(code: RejectionCode, message: string, field?: string, details?: unknown): never {
  throw new Rejected({ code, message, ...(field ? { field } : {}), ...(details === undefined ? {} : { details }) });
}

type EventBody = CaseEvent extends infer E
  ? E extends CaseEvent
    ? Omit<E, 'at' | 'actor' | 'commandId'>
    : never
  : never;

/** Collects the events of one decision, folding each into the state as it goes so later rules see it. */
class Batch {
  readonly events: CaseEvent[] = [];

  constructor(
    public state: CaseState,
    readonly command: CaseCommand,
    readonly ctx: DeciderContext,
  ) {}

  get at(): Instant {
    return this.command.at;
  }

  emit(body: EventBody, actor: Actor = this.command.actor): void {
    const event = { ...body, at: this.command.at, actor, commandId: this.command.commandId };
    this.events.push(event);
    this.state = evolve(this.state, event);
  }

  get settings(): ClockSettings {
    return {
      warningThresholdWorkingDays: this.ctx.template.warningThresholdWorkingDays,
      supervisionGraceWorkingDays: this.ctx.template.supervisionGraceWorkingDays,
    };
  }

  clock(key: ClockKey): Clock | undefined {
    return this.state.clocks[key];
  }

  matterOf(stepId: string): MatterSpec {
    const step = this.ctx.template.steps.find((candidate) => candidate.id === stepId);
    const matter = step ? this.ctx.matters[step.matterCode] : undefined;
    if (!matter) reject('unknown-step', `step ${stepId} is not in template ${this.ctx.template.id}`, 'stepId');
    return matter;
  }

  /** Stops every running clock: the case is closing. */
  stopAll(): ClockPatch {
    return Object.fromEntries(
      Object.entries(this.state.clocks)
        .filter(([, clock]) => !clock.stoppedAt)
        .map(([key, clock]) => [key, stopClock(clock, this.at)]),
    );
  }
}

export function decide(state: CaseState, command: CaseCommand, ctx: DeciderContext): Decision {
  try {
    const batch = new Batch(state, command, ctx);
    if (state.handledCommandIds.includes(command.commandId)) {
      reject('duplicate-command', `command ${command.commandId} was already handled`, 'commandId');
    }
    if (command.type !== 'SubmitCase' && state.status === 'draft')
      reject('case-not-submitted', 'the case has not been submitted');
    const afterClose =
      command.type === 'VerifyCommitment' || command.type === 'CheckClocks' || command.type === 'RecomputeDeadlines';
    if (isClosed(state) && !afterClose) reject('case-closed', `the case is ${state.status}`);
    switch (command.type) {
      case 'SubmitCase':
        submit(batch, command);
        break;
      case 'DecideAcceptance':
        decideAcceptance(batch, command);
        break;
      case 'SupplementDocuments':
        supplement(batch, command);
        break;
      case 'RecordOpinion':
        recordOpinion(batch, command);
        break;
      case 'SuspendClock':
        suspend(batch, command);
        break;
      case 'ResumeClock':
        resume(batch, command);
        break;
      case 'GrantExtension':
        grantExtension(batch, command);
        break;
      case 'SignLandContract':
        signLandContract(batch, command);
        break;
      case 'VerifyCommitment':
        verifyCommitment(batch, command);
        break;
      case 'Withdraw':
        withdraw(batch, command);
        break;
      case 'RecomputeDeadlines':
        recompute(batch);
        break;
      case 'IssueLicence':
        issueLicence(batch, command);
        break;
      case 'CheckClocks':
        checkClocks(batch, command);
        break;
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
    return { ok: true, events: batch.events };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------- submission

function submit(b: Batch, command: SubmitCase): void {
  if (b.state.status !== 'draft') reject('case-exists', `case ${b.state.caseId} was already submitted`);
  if (command.templateId !== b.ctx.template.id) {
    reject('unknown-template', `template ${command.templateId} is not ${b.ctx.template.id}`, 'templateId');
  }
  if (Date.parse(command.receivedAt) > Date.parse(command.at)) {
    reject('received-in-future', 'receivedAt lies in the future', 'receivedAt');
  }
  const assessment = assessDocuments(b.ctx.template, b.ctx.matters, command.documents);
  if (assessment.unknownMaterials.length > 0 || assessment.unknownSteps.length > 0) {
    reject(
      'unknown-material',
      `documents name materials or steps that template ${b.ctx.template.id} does not use: ${[...assessment.unknownMaterials, ...assessment.unknownSteps].join(', ')}`,
      'documents',
      { unknownMaterials: assessment.unknownMaterials, unknownSteps: assessment.unknownSteps },
    );
  }
  b.emit({
    type: 'CaseSubmitted',
    caseId: command.caseId,
    templateId: command.templateId,
    catalogVersion: b.ctx.catalogVersion,
    applicant: command.applicant,
    project: command.project,
    documents: command.documents,
    receivedAt: command.receivedAt,
    landContractSigned: command.landContractSigned === true,
    steps: b.ctx.template.steps.map((step) => ({
      stepId: step.id,
      matterCode: step.matterCode,
      department: b.ctx.matters[step.matterCode]?.department ?? 'unknown',
      phase: step.phase,
      required: step.required,
    })),
    clocks: { notice: newClock('notice', command.receivedAt, ONE_TIME_NOTICE_LIMIT, b.ctx.calendar, b.settings) },
  });
}

// ---------------------------------------------------------------------------------------------------- acceptance

interface MissingMaterial {
  materialCode: string;
  stepId: string;
  importance: 'key' | 'secondary';
  tolerable: boolean;
  commitmentEligible: boolean;
}

/** Documents on file, the land contract counting as a document once signed. */
function documentsOnFile(state: CaseState): SubmittedDocument[] {
  const supplied = state.missing
    .filter((item) => item.suppliedAt)
    .map((item) => ({ materialCode: item.materialCode, ...(item.stepId ? { stepId: item.stepId } : {}) }));
  return [...state.documents, ...supplied, ...(state.landContract ? [{ materialCode: 'land-contract' }] : [])];
}

/**
 * What is missing for acceptance. Before the land contract (拿地即开工) the contract itself cannot be on file, so it
 * is not counted missing: the formal steps wait for `SignLandContract`.
 */
function missingMaterials(b: Batch): MissingMaterial[] {
  const assessment = assessDocuments(b.ctx.template, b.ctx.matters, documentsOnFile(b.state));
  const waitForContract = b.ctx.template.requiresLandContract && !b.state.landContract;
  const committed = new Set(b.state.commitments.map((commitment) => commitment.materialCode));
  return assessment.steps.flatMap((step) => {
    const matter = b.ctx.matters[step.matterCode];
    return (matter?.materials ?? [])
      .filter((material) => !step.present.includes(material.code))
      .filter((material) => !(waitForContract && material.code === 'land-contract'))
      .filter((material) => !committed.has(material.code))
      .map((material) => ({
        materialCode: material.code,
        stepId: step.stepId,
        importance: material.importance,
        tolerable: step.missingTolerable.includes(material.code),
        commitmentEligible: step.commitmentEligible.includes(material.code),
      }));
  });
}

function codes(items: readonly MissingMaterial[]): string[] {
  return [...new Set(items.map((item) => item.materialCode))];
}

function decideAcceptance(b: Batch, command: DecideAcceptance): void {
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
    case 'notify-missing': {
      const items = command.missing ?? [];
      if (items.length === 0)
        reject('missing-items-required', 'the one-time notice must list every missing item', 'missing');
      const known = new Set(
        Object.values(b.ctx.matters).flatMap((matter) => matter.materials.map((material) => material.code)),
      );
      const unknown = items.filter((item) => !known.has(item.materialCode)).map((item) => item.materialCode);
      if (unknown.length > 0)
        reject('unknown-material', `not materials of this template: ${unknown.join(', ')}`, 'missing');
      const noticeNumber = b.state.notices + 1;
      // Art. 32 wants everything in ONE notice: a second one is allowed but flagged for supervision.
      if (noticeNumber > 1) b.emit({ type: 'SecondNoticeFlagged', noticeNumber });
      b.emit({
        type: 'MissingMaterialsNotified',
        noticeNumber,
        items: items.map((item) => ({ ...item, reason: 'notice' as const, requestedAt: b.at })),
        clocks: stopNotice,
      });
      return;
    }
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
  let accepted: MissingItem[] = [];
  const commitments: Array<{ materialCode: string; text: string; at: Instant }> = [];
  const clocks: ClockPatch = { ...stopNotice };

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
  } else if (command.decision === 'accept-with-tolerance') {
    // 容缺受理: key materials complete, only secondary materials on the 容缺 list missing, a signed commitment letter.
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
      reject(
        'not-tolerable',
        `not on the 容缺 list: ${codes(notTolerable).join(', ')}`,
        'decision',
        codes(notTolerable),
      );
    }
    const within = command.supplementWithinWorkingDays;
    if (within === undefined || !Number.isInteger(within) || within < 1) {
      reject(
        'supplement-deadline-required',
        'supplementWithinWorkingDays must be a whole number ≥ 1',
        'supplementWithinWorkingDays',
      );
    }
    const limit = Math.min(...missing.map((item) => limitOf(b, item.stepId, handling).value));
    if (within > limit) {
      reject(
        'supplement-deadline-too-late',
        `the supplement deadline may not pass the promised limit (${limit} working days)`,
        'supplementWithinWorkingDays',
      );
    }
    const notes = new Map((command.missing ?? []).map((item) => [item.materialCode, item]));
    accepted = missing.map((item) => {
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
    for (const code of codes(missing)) {
      clocks[supplementClockKey(code)] = newClock(
        'supplement',
        b.at,
        { value: within, unit: 'working-days' },
        b.ctx.calendar,
        b.settings,
      );
    }
  } else {
    // 告知承诺制: a written commitment replaces the proof, where the matter and the material allow it.
    const given = command.commitments ?? [];
    if (missingKey.some((item) => !item.commitmentEligible)) {
      reject(
        'key-material-missing',
        `key materials missing that no commitment can replace: ${codes(missingKey.filter((item) => !item.commitmentEligible)).join(', ')}`,
        'commitments',
      );
    }
    const notEligible = given.filter(
      (commitment) => !missing.some((item) => item.materialCode === commitment.materialCode && item.commitmentEligible),
    );
    if (notEligible.length > 0) {
      reject(
        'commitment-not-allowed',
        `告知承诺 is not allowed (or not needed) for: ${notEligible.map((c) => c.materialCode).join(', ')}`,
        'commitments',
      );
    }
    const uncovered = missing.filter(
      (item) => !given.some((commitment) => commitment.materialCode === item.materialCode),
    );
    if (uncovered.length > 0)
      reject(
        'commitment-missing',
        `materials missing without a commitment: ${codes(uncovered).join(', ')}`,
        'commitments',
      );
    if (given.length === 0)
      reject('commitment-missing', 'accept-with-commitment needs at least one commitment', 'commitments');
    commitments.push(
      ...given.map((commitment) => ({ materialCode: commitment.materialCode, text: commitment.text, at: b.at })),
    );
  }
  accept(b, command.decision, b.at, handling, accepted, commitments, clocks);
}

function limitOf(b: Batch, stepId: string, handling: CaseState['handling']): TimeLimit {
  const limit = b.matterOf(stepId).promisedLimit;
  return handling === 'special'
    ? { ...limit, value: Math.max(1, Math.ceil(limit.value * SPECIAL_HANDLING_FACTOR)) }
    : limit;
}

function accept(
  b: Batch,
  mode: NonNullable<CaseState['acceptance']>['mode'],
  countedFrom: Instant,
  handling: CaseState['handling'],
  missing: MissingItem[],
  commitments: Array<{ materialCode: string; text: string; at: Instant }>,
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
      clocks: { ...clocks, case: newClock('case', countedFrom, b.ctx.template.caseLimit, b.ctx.calendar, b.settings) },
    },
    actor,
  );
  startReadySteps(b, countedFrom);
}

// ---------------------------------------------------------------------------------------------------- steps

/** Starts every step whose dependencies are favourable (and, before the land contract, only pre-review steps). */
function startReadySteps(b: Batch, startFrom: Instant = b.at): void {
  if (b.state.status !== 'in-review') return;
  for (;;) {
    const steps = Object.values(b.state.steps);
    const ready = readySteps(
      b.ctx.template,
      new Set(steps.filter(isFavourable).map((step) => step.stepId)),
      new Set(steps.filter((step) => step.status !== 'waiting').map((step) => step.stepId)),
      b.state.landContract !== undefined,
    );
    if (ready.length === 0) break;
    for (const stepId of ready) {
      const matter = b.matterOf(stepId);
      const immediate = matter.kind === 'immediate' || b.state.handling === 'immediate';
      const clock = newClock('step', startFrom, limitOf(b, stepId, b.state.handling), b.ctx.calendar, b.settings);
      b.emit({ type: 'StepStarted', stepId, immediate, clocks: { [stepClockKey(stepId)]: clock } });
      if (immediate) {
        // 即办件: complete on the spot.
        b.emit(
          {
            type: 'OpinionRecorded',
            stepId,
            opinion: 'agree',
            reasons: '即办件：材料齐全，当场办结',
            outcome: 'agreed',
            clocks: { [stepClockKey(stepId)]: stopClock(clock, b.at) },
          },
          SYSTEM,
        );
      }
    }
  }
  checkAllOpinions(b);
}

/** Every required step favourable: the decision is made and the issuing step (出证) starts (Art. 44). */
function checkAllOpinions(b: Batch): void {
  if (b.state.status !== 'in-review') return;
  const required = Object.values(b.state.steps).filter((step) => step.required);
  if (!required.every(isFavourable)) return;
  const caseClock = b.clock('case');
  b.emit(
    {
      type: 'AllOpinionsReceived',
      clocks: {
        ...(caseClock ? { case: stopClock(caseClock, b.at) } : {}),
        issuance: newClock('issuance', b.at, b.ctx.template.issuance.limit, b.ctx.calendar, b.settings),
      },
    },
    SYSTEM,
  );
  if (b.state.handling === 'immediate' && !hasOutstandingTolerance(b.state)) issue(b, [], SYSTEM);
}

function hasOutstandingTolerance(state: CaseState): boolean {
  return state.missing.some((item) => item.reason === 'tolerance' && !item.suppliedAt);
}

function assertDepartment(b: Batch, stepId: string): void {
  const step = b.state.steps[stepId];
  if (!step) reject('unknown-step', `step ${stepId} is not in this case`, 'stepId');
  const actor = b.command.actor;
  if (actor.role === 'window' || actor.role === 'admin' || actor.role === 'system') return;
  if (actor.department !== step.department) {
    reject(
      'wrong-department',
      `step ${stepId} belongs to ${step.department}; ${actor.department ?? actor.role} may not act on it`,
      'stepId',
    );
  }
}

function recordOpinion(b: Batch, command: RecordOpinion): void {
  assertDepartment(b, command.stepId);
  const step = b.state.steps[command.stepId];
  const matter = b.matterOf(command.stepId);
  const key = stepClockKey(command.stepId);
  const clock = b.clock(key);
  if (command.higherOrgan) {
    if (step.status !== 'referred')
      reject('not-referred', `step ${command.stepId} is not waiting for a higher organ`, 'higherOrgan');
  } else if (step.status === 'agreed' || step.status === 'deemed-consent' || step.status === 'refused') {
    reject('opinion-already-given', `step ${command.stepId} already has its outcome (${step.status})`, 'stepId');
  } else if (step.status !== 'in-review') {
    reject('step-not-in-review', `step ${command.stepId} is ${step.status}`, 'stepId');
  }
  const stopped: ClockPatch = {};
  if (clock && !clock.stoppedAt) stopped[key] = stopClock(clock, b.at);
  const referral = b.clock(referralClockKey(command.stepId));
  if (referral && !referral.stoppedAt) stopped[referralClockKey(command.stepId)] = stopClock(referral, b.at);
  const base = {
    type: 'OpinionRecorded' as const,
    stepId: command.stepId,
    opinion: command.opinion,
    ...(command.reasons?.trim() ? { reasons: command.reasons.trim() } : {}),
    ...(command.higherOrgan ? { higherOrgan: true } : {}),
  };
  switch (command.opinion) {
    case 'agree':
      b.emit({ ...base, outcome: 'agreed', clocks: stopped });
      startReadySteps(b);
      return;
    case 'disagree': {
      if (!command.reasons?.trim()) {
        if (!matter.disagreeWithoutReasonsMeansConsent)
          reject('reasons-required', '不同意 needs its reasons', 'reasons');
        // Local rule: a "disagree" with no reasons counts as consent.
        b.emit({ ...base, outcome: 'deemed-consent', deemedBy: 'disagree-without-reasons', clocks: stopped });
        startReadySteps(b);
        return;
      }
      b.emit({ ...base, outcome: 'refused', clocks: stopped });
      if (b.ctx.template.refusalEndsCase && step.required) {
        b.emit({ type: 'CaseRefused', stepId: command.stepId, reasons: command.reasons.trim(), clocks: b.stopAll() });
      }
      return;
    }
    case 'agree-refer-upward': {
      if (command.higherOrgan) reject('not-referred', 'a higher organ answers agree or disagree', 'opinion');
      // 上报件 (Art. 43): the step waits for the higher organ, on a clock of its own.
      const limit = matter.referralLimit ?? { value: 20, unit: 'working-days' };
      b.emit({
        ...base,
        outcome: 'referred',
        clocks: {
          ...stopped,
          [referralClockKey(command.stepId)]: newClock('referral', b.at, limit, b.ctx.calendar, b.settings),
        },
      });
      return;
    }
    case 'request-correction': {
      const corrections = command.corrections ?? [];
      if (corrections.length === 0) reject('corrections-required', '补正 must list what to correct', 'corrections');
      if (!clock) reject('step-not-in-review', `step ${command.stepId} has no clock`, 'stepId');
      // 补正 is the applicant's delay: the step's clock stops until the corrected materials arrive.
      b.emit({ ...base, corrections, outcome: 'awaiting-correction', clocks: {} });
      b.emit({
        type: 'ClockSuspended',
        keys: [key],
        reason: 'correction',
        note: corrections.join(', '),
        expectedWorkingDays: 0,
        clocks: { [key]: suspendClock(clock, b.at) },
      });
      return;
    }
    case 'absent':
      if (matter.absentMeansConsent) {
        // 缺席默认: absent from the joint review meeting, taken to consent.
        b.emit({ ...base, outcome: 'deemed-consent', deemedBy: 'absent', clocks: stopped });
        startReadySteps(b);
      } else {
        b.emit({ ...base, outcome: 'escalated', clocks: {} });
      }
      return;
    default: {
      const unreachable: never = command.opinion;
      return unreachable;
    }
  }
}

// ---------------------------------------------------------------------------------------------------- documents

function supplement(b: Batch, command: SupplementDocuments): void {
  if (command.documents.length === 0) reject('documents-required', 'at least one document is required', 'documents');
  const known = new Set(
    Object.values(b.ctx.matters).flatMap((matter) => matter.materials.map((material) => material.code)),
  );
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
  // 补正: when a step's corrections are all in, its clock resumes.
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
  // 补办件: once everything in the notice is in, the case is accepted and its clock starts the day after.
  if (b.state.status === 'awaiting-supplement' && !stillOpen.some((item) => item.reason === 'notice')) {
    accept(b, 'after-supplement', b.at, 'normal', [], [], {});
  }
}

function signLandContract(b: Batch, command: SignLandContract): void {
  if (!b.ctx.template.requiresLandContract)
    reject('land-contract-not-required', `template ${b.ctx.template.id} has no land-contract stage`);
  if (b.state.landContract) reject('land-contract-already-signed', 'the land contract is already signed');
  if (!command.contractNumber.trim()) reject('reason-required', 'contractNumber is required', 'contractNumber');
  b.emit({ type: 'LandContractSigned', contractNumber: command.contractNumber.trim() });
  // Pre-reviewed matters turn into formal acceptance: the formal steps start now.
  startReadySteps(b);
}

function verifyCommitment(b: Batch, command: VerifyCommitment): void {
  const commitment = b.state.commitments.find(
    (candidate) => candidate.materialCode === command.materialCode && !candidate.verified,
  );
  if (!commitment) reject('unknown-commitment', `no unverified commitment for ${command.materialCode}`, 'materialCode');
  b.emit({
    type: 'CommitmentVerified',
    materialCode: command.materialCode,
    result: command.result,
    note: command.note,
  });
  if (command.result === 'true') return;
  // 告知承诺制: a false commitment writes a credit event and ends the case or revokes the decision.
  b.emit({ type: 'CreditEventRecorded', materialCode: command.materialCode, note: command.note });
  if (b.state.status === 'completed') {
    b.emit({ type: 'DecisionRevoked', reason: `false commitment: ${command.materialCode}: ${command.note}` });
  } else if (!isClosed(b.state)) {
    b.emit({
      type: 'CaseTerminated',
      reason: `false commitment: ${command.materialCode}: ${command.note}`,
      clocks: b.stopAll(),
    });
  }
}

function withdraw(b: Batch, command: Withdraw): void {
  if (!command.reason.trim()) reject('reason-required', 'a withdrawal states its reason', 'reason');
  b.emit({ type: 'CaseWithdrawn', reason: command.reason.trim(), clocks: b.stopAll() });
}

function issueLicence(b: Batch, command: IssueLicence): void {
  if (b.state.status !== 'awaiting-issuance')
    reject('not-awaiting-issuance', `the case is ${b.state.status}, not awaiting issuance`);
  const actor = command.actor;
  const issuer = b.ctx.template.issuance.department;
  if (!['window', 'admin'].includes(actor.role) && actor.department !== issuer) {
    reject('wrong-department', `licences of this template are issued by ${issuer}`);
  }
  if (b.state.decisionWithheld) reject('decision-withheld', 'the decision is withheld until the 容缺 materials arrive');
  if (hasOutstandingTolerance(b.state)) {
    reject('documents-outstanding', '容缺 materials must arrive before the decision is issued');
  }
  const unknown = (command.licences ?? [])
    .filter((licence) => !b.state.steps[licence.stepId])
    .map((licence) => licence.stepId);
  if (unknown.length > 0)
    reject('unknown-step', `licences name steps not in this case: ${unknown.join(', ')}`, 'licences');
  issue(b, command.licences ?? [], actor);
}

function issue(b: Batch, licences: Array<{ stepId: string; number: string }>, actor: Actor): void {
  const issuance = b.clock('issuance');
  b.emit({ type: 'LicenceIssued', licences, clocks: issuance ? { issuance: stopClock(issuance, b.at) } : {} }, actor);
  // Optional steps still open when the licence is issued stop with the case.
  b.emit({ type: 'CaseCompleted', clocks: b.stopAll() }, actor);
}

// ---------------------------------------------------------------------------------------------------- clocks

function suspend(b: Batch, command: SuspendClock): void {
  if (
    !Number.isInteger(command.expectedWorkingDays) ||
    command.expectedWorkingDays < 1 ||
    command.expectedWorkingDays > MAX_PERIOD_DAYS
  ) {
    reject(
      'invalid-period',
      `expectedWorkingDays must be a whole number from 1 to ${MAX_PERIOD_DAYS}`,
      'expectedWorkingDays',
    );
  }
  if (!command.note.trim())
    reject('reason-required', 'a suspension is told to the applicant in writing: note is required', 'note');
  let keys: ClockKey[];
  if (command.stepId) {
    assertDepartment(b, command.stepId);
    if (!b.matterOf(command.stepId).suspensionAllowed)
      reject('suspension-not-allowed', `matter of step ${command.stepId} does not allow suspension`, 'stepId');
    const clock = b.clock(stepClockKey(command.stepId));
    if (!clock || clock.stoppedAt)
      reject('step-not-in-review', `step ${command.stepId} has no running clock`, 'stepId');
    if (clock.suspendedSince) reject('already-suspended', `step ${command.stepId} is already suspended`, 'stepId');
    keys = [stepClockKey(command.stepId)];
  } else {
    keys = Object.entries(b.state.clocks)
      .filter(
        ([key, clock]) => (key === 'case' || key.startsWith('step:')) && !clock.stoppedAt && !clock.suspendedSince,
      )
      .map(([key]) => key);
    if (keys.length === 0) reject('nothing-to-suspend', 'no running clock to suspend');
  }
  b.emit({
    type: 'ClockSuspended',
    keys,
    reason: command.reason,
    note: command.note.trim(),
    expectedWorkingDays: command.expectedWorkingDays,
    clocks: Object.fromEntries(keys.map((key) => [key, suspendClock(b.clock(key)!, b.at)])),
  });
}

function resume(b: Batch, command: ResumeClock): void {
  const open = [...b.state.suspensions]
    .reverse()
    .find(
      (suspension) =>
        !suspension.resumedAt &&
        (command.stepId ? suspension.keys.includes(stepClockKey(command.stepId)) : suspension.keys.includes('case')),
    );
  if (command.stepId) assertDepartment(b, command.stepId);
  if (!open)
    reject(
      'not-suspended',
      command.stepId ? `step ${command.stepId} is not suspended` : 'the case is not suspended',
      'stepId',
    );
  if (open.reason === 'correction')
    reject('awaiting-correction', 'a 补正 suspension ends when the corrected materials arrive', 'stepId');
  const keys = open.keys.filter((key) => b.clock(key)?.suspendedSince && !b.clock(key)?.stoppedAt);
  const clocks = Object.fromEntries(
    keys.map((key) => [key, resumeClock(b.clock(key)!, b.at, b.ctx.calendar, b.settings)]),
  );
  const first = keys[0];
  const excluded = first ? clocks[first].suspendedDays - b.clock(first)!.suspendedDays : 0;
  b.emit({ type: 'ClockResumed', keys: open.keys, excludedDays: excluded, clocks });
}

function grantExtension(b: Batch, command: GrantExtension): void {
  if (!command.reason.trim()) reject('reason-required', 'Art. 42: the reason is told to the applicant', 'reason');
  if (!command.approvedBy.trim())
    reject('approval-required', 'Art. 42: an extension needs the approval of the head', 'approvedBy');
  const key = command.stepId ? stepClockKey(command.stepId) : 'case';
  let limit: TimeLimit | undefined;
  if (command.stepId) {
    assertDepartment(b, command.stepId);
    const step = b.state.steps[command.stepId];
    limit = b.matterOf(command.stepId).extensionLimit;
    if (!limit) reject('extension-not-allowed', `matter of step ${command.stepId} allows no extension`, 'stepId');
    if (step.extended) reject('extension-already-granted', 'Art. 42 ¶1 allows one extension', 'stepId');
  } else {
    limit = b.ctx.template.caseExtensionLimit;
    if (!limit) reject('extension-not-allowed', `template ${b.ctx.template.id} allows no case extension`);
    if (b.state.caseExtension)
      reject('extension-already-granted', 'Art. 42 ¶2 allows one extension of the joint limit');
  }
  const clock = b.clock(key);
  if (!clock || clock.stoppedAt) reject('step-not-in-review', 'there is no running period to extend', 'stepId');
  // An extension asked for after the deadline is granted but the period already counts as overdue.
  const afterDeadline = Date.parse(b.at) > Date.parse(clock.deadline);
  b.emit({
    type: 'ExtensionGranted',
    ...(command.stepId ? { stepId: command.stepId } : {}),
    reason: command.reason.trim(),
    approvedBy: command.approvedBy.trim(),
    afterDeadline,
    clocks: { [key]: extendClock(clock, limit.value, b.at, b.ctx.calendar, b.settings) },
  });
}

function recompute(b: Batch): void {
  const changed: ClockPatch = {};
  for (const [key, clock] of Object.entries(b.state.clocks)) {
    if (clock.stoppedAt) continue;
    const next = computeClock(clock, b.ctx.calendar, b.settings);
    if (
      next.deadline !== clock.deadline ||
      next.provisional !== clock.provisional ||
      next.warningAt !== clock.warningAt ||
      next.redAt !== clock.redAt
    ) {
      changed[key] = {
        ...next,
        fired: {
          warning:
            clock.fired.warning && next.warningAt !== undefined && Date.parse(next.warningAt) <= Date.parse(b.at),
          due: clock.fired.due && Date.parse(next.deadline) <= Date.parse(b.at),
          red: clock.fired.red && next.redAt !== undefined && Date.parse(next.redAt) <= Date.parse(b.at),
        },
      };
    }
  }
  if (Object.keys(changed).length > 0)
    b.emit({ type: 'DeadlinesRecomputed', calendarVersion: b.ctx.calendar.version, clocks: changed });
}

/** Clock alarms that matter in the current state, earliest first. */
function liveAlarms(state: CaseState): Array<{ key: ClockKey; alarm: 'warning' | 'due' | 'red'; at: Instant }> {
  return Object.entries(state.clocks)
    .filter(([key]) => {
      if (key === 'notice') return state.status === 'received';
      if (key.startsWith('supplement:')) {
        const code = key.slice('supplement:'.length);
        return (
          !isClosed(state) &&
          state.missing.some((item) => item.materialCode === code && item.reason === 'tolerance' && !item.suppliedAt)
        );
      }
      return !isClosed(state);
    })
    .flatMap(([key, clock]) =>
      pendingAlarms(clock)
        .filter((alarm) =>
          clock.purpose !== 'notice' && clock.purpose !== 'supplement' ? true : alarm.alarm === 'due',
        )
        .map((alarm) => ({ key, ...alarm })),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The earliest instant at which `CheckClocks` would produce events; undefined when nothing is pending. */
export function nextWakeUp(state: CaseState): Instant | undefined {
  return liveAlarms(state)[0]?.at;
}

function fire(clock: Clock, alarm: 'warning' | 'due' | 'red'): Clock {
  return { ...clock, fired: { ...clock.fired, [alarm]: true } };
}

function checkClocks(b: Batch, command: CheckClocks): void {
  const now = Date.parse(command.at);
  for (let guard = 0; guard < 1000; guard += 1) {
    const next = liveAlarms(b.state).find((alarm) => Date.parse(alarm.at) <= now);
    if (!next) return;
    const clock = b.clock(next.key)!;
    const fired = { [next.key]: fire(clock, next.alarm) };
    if (next.key === 'notice') {
      // Art. 32: no notice within 5 working days: accepted from the day the materials were received.
      accept(b, 'by-default', b.state.receivedAt, 'normal', [], [], fired, SYSTEM);
      continue;
    }
    if (clock.purpose === 'supplement') {
      missedSupplement(b, next.key.slice('supplement:'.length), fired);
      continue;
    }
    const level = next.alarm === 'due' ? 'yellow' : next.alarm;
    b.emit({ type: 'AlertRaised', key: next.key, level, clocks: fired }, SYSTEM);
    if (next.alarm !== 'due') continue;
    if (next.key.startsWith('step:')) timeout(b, next.key.slice('step:'.length));
    if (next.key.startsWith('referral:')) {
      b.emit({ type: 'StepEscalated', stepId: next.key.slice('referral:'.length), rule: 'referral-timeout' }, SYSTEM);
    }
  }
}

/** A department did not answer by its deadline: 超时默认 where the matter allows it, else 督办. */
function timeout(b: Batch, stepId: string): void {
  const step = b.state.steps[stepId];
  if (!step || step.status !== 'in-review') return;
  const matter = b.matterOf(stepId);
  if (matter.timeoutRule === 'deemed-consent') {
    const key = stepClockKey(stepId);
    b.emit(
      { type: 'StepDeemedConsented', stepId, rule: 'timeout', clocks: { [key]: stopClock(b.clock(key)!, b.at) } },
      SYSTEM,
    );
    startReadySteps(b);
  } else if (!step.escalated) {
    b.emit({ type: 'StepEscalated', stepId, rule: 'timeout' }, SYSTEM);
  }
}

function missedSupplement(b: Batch, materialCode: string, fired: ClockPatch): void {
  const items = b.state.missing.filter(
    (item) => item.materialCode === materialCode && item.reason === 'tolerance' && !item.suppliedAt,
  );
  b.emit({ type: 'SupplementDeadlineMissed', materialCodes: [materialCode], clocks: fired }, SYSTEM);
  const terminate = items.some(
    (item) => (item.stepId ? b.matterOf(item.stepId).missedSupplementRule : 'terminate') === 'terminate',
  );
  if (terminate) {
    b.emit(
      {
        type: 'CaseTerminated',
        reason: `容缺 material ${materialCode} not supplied by its deadline`,
        clocks: b.stopAll(),
      },
      SYSTEM,
    );
  } else if (!b.state.decisionWithheld) {
    b.emit({ type: 'DecisionWithheld', materialCodes: [materialCode] }, SYSTEM);
  }
}
