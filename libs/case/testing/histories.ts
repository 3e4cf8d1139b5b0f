import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { findTemplate, materialCodesOfTemplate, mattersOfTemplate, type CatalogSnapshot } from '@onewindow/catalog';
import type { Actor, CaseCommand } from '../base';
import type { KernelContext } from '../kernel';
import { isFinished, type CaseState } from '../state';
import { SUSPENSION_REASONS, SYSTEM_ACTOR, type OpinionKind } from '../vocabulary';

/**
 * Random case histories for property tests: commands a service centre could send (valid and not), at moments a
 * real case could see them, with timers that fire on time, late, or not before the next message. Seeded, so a
 * failure names the seed that reproduces it.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryGenerator {
  next(): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  int(min: number, max: number): number;
}

export function generator(seed: number): HistoryGenerator {
  const next = random(seed);
  return {
    next,
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

export const WINDOW: Actor = { id: 'window-1', role: 'window' };
export const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export function departmentActor(code: string): Actor {
  return { id: `reviewer-${code}`, role: `department:${code}`, department: code };
}

export function kernelContext(
  catalog: CatalogSnapshot,
  templateId: string,
  calendar = new WorkingCalendar(chinaNationalCalendar()),
): KernelContext {
  const template = findTemplate(catalog, templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  return { template, matters: mattersOfTemplate(catalog, templateId), calendar, catalogVersion: catalog.version };
}

/** One input of a history: a message or a timer's clock check, with the instant it arrives. */
export type HistoryInput = CaseCommand;

export interface HistoryOptions {
  catalog: CatalogSnapshot;
  seed: number;
  rulesVersion: 1 | 2 | 3;
  /** How many inputs after the submission (default 10..40). */
  length?: number;
  templateId?: string;
  /** The instant the case is received (default: a day of 2026). */
  start?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A random history: the submission, then inputs chosen from what the state allows (and sometimes what it does not),
 * each decided by `apply` before the next is chosen, so every later input sees the case as it became. `apply` is the
 * decider under test: it returns the state after the input (unchanged when refused).
 */
export function randomHistory(
  options: HistoryOptions,
  apply: (state: CaseState | undefined, input: HistoryInput) => CaseState,
): { templateId: string; inputs: HistoryInput[]; state: CaseState } {
  const g = generator(options.seed);
  const templateId = options.templateId ?? g.pick(options.catalog.templates.map((template) => template.id));
  const context = kernelContext(options.catalog, templateId);
  const template = context.template;
  const materials = materialCodesOfTemplate(options.catalog, templateId);
  let now = options.start ?? Date.parse('2026-01-05T01:00:00Z') + g.int(0, 300) * DAY + g.int(0, 9) * HOUR;
  let counter = 0;
  const id = () => `c${options.seed}-${++counter}`;
  const inputs: HistoryInput[] = [];
  const left = materials.filter((code) => !g.chance(0.12) && code !== template.landContractMaterial);
  const submit: HistoryInput = {
    type: 'SubmitCase',
    commandId: id(),
    at: new Date(now).toISOString(),
    actor: WINDOW,
    caseId: `H-${options.seed}`,
    templateId,
    applicant: {
      name: '某公司',
      creditCode: '91310000MA1FL0000X',
      ...(g.chance(0.1) ? { creditRecord: 'bad' as const } : {}),
    },
    project: { name: '某项目', ...(g.chance(0.3) ? { code: `P-${options.seed % 7}` } : {}) },
    documents: left.map((materialCode) => ({ materialCode })),
    receivedAt: new Date(now - (g.chance(0.2) ? g.int(1, 12) * DAY : 0)).toISOString(),
    ...(template.requiresLandContract && g.chance(0.2) ? { landContractSigned: true } : {}),
    rulesVersion: options.rulesVersion,
  };
  inputs.push(submit);
  let state = apply(undefined, submit);
  const length = options.length ?? g.int(10, 40);
  const departments = [...new Set(Object.values(context.matters).map((matter) => matter.department))];
  const someone = (): Actor =>
    g.pick<Actor>([
      WINDOW,
      ADMIN,
      SUPERVISOR,
      departmentActor(g.pick(departments)),
      { id: 'int-1', role: 'integrator' },
    ]);
  let afterClose = 0;
  for (let i = 0; i < length; i += 1) {
    // A closed case takes a few more inputs (late messages, the post-decision check), then the history ends.
    if (isFinished(state) && (afterClose += 1) > 3) break;
    now += g.pick([HOUR, 3 * HOUR, DAY, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 12 * DAY]);
    const at = new Date(now).toISOString();
    const steps = state.stepOrder.map((stepId) => state.steps[stepId]);
    const inReview = steps.filter((step) => step.status === 'in-review');
    const anyStep = steps.length > 0 ? g.pick(steps) : undefined;
    const ownOf = (department: string) => (g.chance(0.85) ? departmentActor(department) : someone());
    const choices: Array<() => HistoryInput | undefined> = [
      // A timer: on time (the next wake-up), or whatever is due by now.
      () => ({ type: 'CheckClocks', commandId: id(), at, actor: SYSTEM_ACTOR, firedAt: at }),
      () => {
        const missing = state.status === 'received' || state.status === 'awaiting-supplement';
        if (!missing && !g.chance(0.1)) return undefined;
        const decision = g.pick([
          'accept',
          'accept',
          'accept',
          'accept-with-tolerance',
          'accept-with-tolerance',
          'accept-with-commitment',
          'notify-missing',
          'notify-missing',
          ...(g.chance(0.3) ? (['reject'] as const) : []),
        ] as const);
        const absent = materials.filter((code) => !state.documents.some((document) => document.materialCode === code));
        return {
          type: 'DecideAcceptance',
          commandId: id(),
          at,
          actor: g.chance(0.9) ? WINDOW : someone(),
          decision,
          ...(decision === 'notify-missing' || decision === 'accept-with-tolerance'
            ? { missing: absent.filter(() => g.chance(0.85)).map((materialCode) => ({ materialCode })) }
            : {}),
          ...(decision === 'accept-with-tolerance'
            ? { supplementWithinWorkingDays: g.int(1, 8), commitmentLetter: g.chance(0.9) }
            : {}),
          ...(decision === 'accept-with-commitment'
            ? { commitments: absent.map((materialCode) => ({ materialCode, text: '承诺' })) }
            : {}),
          ...(decision === 'reject' ? { reason: '不符合条件', legalBasis: '行政许可法第三十二条' } : {}),
          ...(g.chance(0.1) ? { handling: g.pick(['special', 'immediate'] as const) } : {}),
        };
      },
      () => {
        const open = state.missing.filter((item) => !item.suppliedAt);
        if (open.length === 0 && !g.chance(0.05)) return undefined;
        const items = open.length > 0 ? open.filter(() => g.chance(0.7)) : [{ materialCode: g.pick(materials) }];
        if (items.length === 0) return undefined;
        return {
          type: 'SupplementDocuments',
          commandId: id(),
          at,
          actor: WINDOW,
          documents: items.map((item) => ({ materialCode: item.materialCode })),
        };
      },
      () => {
        const step = inReview.length > 0 ? g.pick(inReview) : anyStep;
        if (!step) return undefined;
        const opinion = g.pick<OpinionKind>([
          'agree',
          'agree',
          'agree',
          'agree',
          'disagree',
          'agree-refer-upward',
          'request-correction',
          'absent',
        ]);
        const matter = context.matters[step.matterCode];
        return {
          type: 'RecordOpinion',
          commandId: id(),
          at,
          actor: ownOf(step.department),
          stepId: step.stepId,
          opinion,
          ...(opinion === 'disagree' && g.chance(0.8) ? { reasons: '不符合规划条件' } : {}),
          ...(opinion === 'request-correction'
            ? { corrections: [g.chance(0.9) && matter ? g.pick(matter.materials).code : 'no-such-material'] }
            : {}),
          ...(step.status === 'referred'
            ? { higherOrgan: true, opinion: g.pick(['agree', 'disagree'] as const), reasons: '上级意见' }
            : {}),
        };
      },
      () => {
        if (!anyStep) return undefined;
        const wholeCase = g.chance(0.25);
        return {
          type: 'SuspendClock',
          commandId: id(),
          at,
          actor: wholeCase ? departmentActor(template.leadDepartment) : ownOf(anyStep.department),
          ...(wholeCase ? {} : { stepId: anyStep.stepId }),
          reason: g.pick(SUSPENSION_REASONS),
          note: '专家评审',
          expectedWorkingDays: g.int(1, 15),
        };
      },
      () => {
        const open = state.suspensions.filter((suspension) => !suspension.resumedAt);
        if (open.length === 0) return undefined;
        const suspension = g.pick(open);
        const stepId = suspension.stepId;
        return {
          type: 'ResumeClock',
          commandId: id(),
          at,
          actor: stepId
            ? ownOf(state.steps[stepId]?.department ?? template.leadDepartment)
            : departmentActor(template.leadDepartment),
          ...(stepId ? { stepId } : {}),
        };
      },
      () => {
        const step = g.chance(0.7) && inReview.length > 0 ? g.pick(inReview) : undefined;
        return {
          type: 'GrantExtension',
          commandId: id(),
          at,
          actor: step ? ownOf(step.department) : g.pick([SUPERVISOR, departmentActor(template.leadDepartment)]),
          ...(step ? { stepId: step.stepId } : {}),
          reason: '情况复杂',
          approvedBy: '局长',
        };
      },
      () =>
        template.requiresLandContract && !state.landContract
          ? { type: 'SignLandContract', commandId: id(), at, actor: WINDOW, contractNumber: `HT-${options.seed}` }
          : undefined,
      () =>
        state.status === 'awaiting-issuance' || g.chance(0.05)
          ? {
              type: 'IssueLicence',
              commandId: id(),
              at,
              actor: g.chance(0.9) ? WINDOW : someone(),
              licences: steps
                .filter(() => g.chance(0.5))
                .map((step) => ({ stepId: step.stepId, number: `L-${step.stepId}` })),
            }
          : undefined,
      () =>
        g.chance(0.06) ? { type: 'Withdraw', commandId: id(), at, actor: WINDOW, reason: '申请人撤回' } : undefined,
      () => {
        const open = state.commitments.filter((commitment) => !commitment.verified);
        if (open.length === 0) return undefined;
        return {
          type: 'VerifyCommitment',
          commandId: id(),
          at,
          actor: WINDOW,
          materialCode: g.pick(open).materialCode,
          result: g.chance(0.8) ? 'true' : 'false',
          note: '核查',
        };
      },
      () =>
        inReview.length > 0
          ? {
              type: 'UrgeStep',
              commandId: id(),
              at,
              actor: g.chance(0.9) ? SUPERVISOR : someone(),
              stepId: g.pick(inReview).stepId,
              note: '督办',
            }
          : undefined,
      () =>
        inReview.length > 0
          ? {
              type: 'HoldJointReview',
              commandId: id(),
              at,
              actor: g.chance(0.5) ? WINDOW : departmentActor(template.leadDepartment),
              present: departments.filter(() => g.chance(0.6)),
            }
          : undefined,
      () => {
        const step = inReview.length > 0 ? g.pick(inReview) : undefined;
        if (!step) return undefined;
        const hearing = step.hearing;
        if (!hearing)
          return {
            type: 'NotifyHearingRight',
            commandId: id(),
            at,
            actor: ownOf(step.department),
            stepId: step.stepId,
          };
        if (!hearing.requestedAt)
          return {
            type: 'RequestHearing',
            commandId: id(),
            at,
            actor: WINDOW,
            stepId: step.stepId,
            requestedBy: '申请人',
          };
        if (!hearing.scheduledFor)
          return {
            type: 'ScheduleHearing',
            commandId: id(),
            at,
            actor: ownOf(step.department),
            stepId: step.stepId,
            scheduledFor: new Date(now + g.int(8, 20) * DAY).toISOString(),
            place: '听证室',
          };
        return {
          type: 'HoldHearing',
          commandId: id(),
          at,
          actor: ownOf(step.department),
          stepId: step.stepId,
          record: '听证笔录',
        };
      },
      () => (g.chance(0.1) ? { type: 'RecomputeDeadlines', commandId: id(), at, actor: SYSTEM_ACTOR } : undefined),
    ];
    // Most of a case's life is acceptance and opinions: those come first more often than the rest.
    const [timer, acceptance, supplement, opinion] = choices;
    const likely =
      state.status === 'received' || state.status === 'awaiting-supplement'
        ? [acceptance, acceptance, supplement, timer]
        : state.status === 'in-review'
          ? [opinion, opinion, opinion, supplement]
          : [];
    let input: HistoryInput | undefined;
    if (likely.length > 0 && g.chance(0.55)) input = g.pick(likely)();
    for (let tries = 0; tries < 20 && !input; tries += 1) input = g.pick(choices)();
    if (!input) continue;
    inputs.push(input);
    state = apply(state, input);
  }
  return { templateId, inputs, state };
}
