import { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import { readySteps, type TimeLimit } from '@onewindow/catalog';
import type { Actor, Rejection, RejectionMap } from '../base';
import { countStepTime, holdClock, stopClock, type Clock } from '../clocks';
import {
  actsFor,
  clockOf,
  matterOf,
  nextSuspensionId,
  refuse,
  stopAll,
  type BodiesOf,
  type DeciderContext,
  type Draft,
  type Evolvers,
  type Writable,
} from '../context';
import type { EventKit } from '../schema-kit';
import {
  isClosed,
  isFavourable,
  isSatisfied,
  stepClockKey,
  withClocks,
  type CaseState,
  type StepState,
  type StepTime,
} from '../state';
import { SETTLED_STEP_STATUSES, SYSTEM_ACTOR, type Handling } from '../vocabulary';
import { issueDrafts } from './issuance';

/** 特办件: limits shortened to this share of the promised limit (rounded up, in the limit's own unit). */
export const SPECIAL_HANDLING_FACTOR = 0.5;

export const stepEvents = (f: EventKit) => ({
  StepStarted: z.strictObject({ stepId: z.string(), immediate: z.boolean(), clocks: f.clockPatch }),
  StepSkipped: z.strictObject({ stepId: z.string(), becauseOf: z.string() }),
  /** 审批豁免清单 (rules 2026-12c): the project meets the matter's exemption; the step is closed without review. */
  StepExempted: z.strictObject({
    stepId: z.string(),
    basis: z.string().describe('豁免依据'),
    condition: z.string().describe('the exemption met, in the published words'),
    /** The declared figures it was judged on. */
    figures: z.record(z.string(), z.number()),
  }),
  AllOpinionsReceived: z.strictObject({
    /** refusalEndsCase false: the steps refused; the decision covers the others (partial approval). */
    refused: z.array(z.string()).optional(),
    clocks: f.clockPatch,
  }),
  /** The case closed before these steps had an outcome: they are nobody's 待办 any more. */
  StepsCancelled: z.strictObject({
    stepIds: z.array(z.string()),
    reason: z.string(),
    /** The time each had used (when it had started). */
    time: z.record(z.string(), f.stepTime).optional(),
  }),
});

export const stepRejections = {
  'unknown-step': 'unprocessable',
  'wrong-department': 'forbidden',
  'forbidden-role': 'forbidden',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseEventMap extends BodiesOf<ReturnType<typeof stepEvents>> {}
  interface CaseRejectionMap extends Writable<typeof stepRejections> {}
}

/** A limit shortened for 特办件. */
export function shortened(limit: TimeLimit, handling: Handling): TimeLimit {
  return handling === 'special'
    ? { ...limit, value: Math.max(1, Math.ceil(limit.value * SPECIAL_HANDLING_FACTOR)) }
    : limit;
}

/** The promised limit of a step (the template's own target, else its matter's), shortened for 特办件. */
export function limitOf(ctx: DeciderContext, stepId: string, handling: Handling): TimeLimit | undefined {
  const target = ctx.template.steps.find((step) => step.id === stepId)?.promisedLimit;
  const limit = target ?? matterOf(ctx, stepId)?.promisedLimit;
  return limit ? shortened(limit, handling) : undefined;
}

/** 即办件: a matter the catalogue marks immediate (2026-11: also any step of a case the window handled as one). */
function isImmediate(state: CaseState, ctx: DeciderContext, stepId: string): boolean {
  return (
    matterOf(ctx, stepId)?.kind === 'immediate' || (!ctx.rules.immediateByCatalogue && state.handling === 'immediate')
  );
}

/** What a finished step used (rules 2026-12b: counted by the kernel when it finishes, and recorded). */
export function stepTimeAt(ctx: DeciderContext, clock: Clock | undefined, at: Instant): StepTime | undefined {
  return ctx.rules.countsStepTime && clock ? countStepTime(ctx.calendar, clock, at) : undefined;
}

/** The `time` field of an event that finishes a step (rules 2026-12b), or nothing. */
export function timeField(ctx: DeciderContext, clock: Clock | undefined, at: Instant): { time?: StepTime } {
  const time = stepTimeAt(ctx, clock, at);
  return time ? { time } : {};
}

/** How a standing rule of the case is applied: when, by whom, and where the steps it starts count from. */
export interface Occasion {
  at: Instant;
  actor: Actor;
  /** The first steps of an acceptance count from its `countedFrom` (Art. 32's default: the day of receipt). */
  startFrom: Instant;
}

/** A standing rule: the events the state calls for now (none when it is at rest). */
export type Policy = (state: CaseState, ctx: DeciderContext, occasion: Occasion) => Draft[];

/** The exemption a step's matter grants the project, with the figures that meet it; none when it is required. */
export function exemptionOf(
  state: CaseState,
  ctx: DeciderContext,
  stepId: string,
): { basis: string; condition: string; figures: Record<string, number> } | undefined {
  const exemption = matterOf(ctx, stepId)?.exemption;
  if (!exemption) return undefined;
  const met = exemption.anyOf.filter((limit) => {
    const declared = state.project[limit.figure];
    return declared !== undefined && declared <= limit.atMost;
  });
  if (met.length === 0) return undefined;
  const figures = Object.fromEntries(met.map((limit) => [limit.figure, state.project[limit.figure]!]));
  return { basis: exemption.basis, condition: exemption.condition, figures };
}

/** 审批豁免清单 (rules 2026-12c): at acceptance, a waiting step whose matter exempts the project is closed exempt. */
const exemptSteps: Policy = (state, ctx, { actor }) => {
  if (state.status !== 'in-review' || !ctx.rules.exemptions) return [];
  return state.stepOrder.flatMap((stepId): Draft[] => {
    if (state.steps[stepId]?.status !== 'waiting') return [];
    const exemption = exemptionOf(state, ctx, stepId);
    return exemption ? [{ event: { type: 'StepExempted', stepId, ...exemption }, actor }] : [];
  });
};

/** Starts every step whose dependencies are favourable or exempt (before the land contract, only pre-review steps). */
const startReadySteps: Policy = (state, ctx, { actor, startFrom, at }) => {
  if (state.status !== 'in-review') return [];
  const steps = Object.values(state.steps);
  const ready = readySteps(
    ctx.template,
    new Set(steps.filter(isSatisfied).map((step) => step.stepId)),
    new Set(steps.filter((step) => step.status !== 'waiting').map((step) => step.stepId)),
    state.landContract !== undefined,
  );
  return ready.flatMap((stepId): Draft[] => {
    const immediate = isImmediate(state, ctx, stepId);
    const legal = matterOf(ctx, stepId)?.legalLimit;
    const clock = clockOf(ctx, 'step', startFrom, limitOf(ctx, stepId, state.handling)!, legal);
    const started: Draft = {
      event: { type: 'StepStarted', stepId, immediate, clocks: { [stepClockKey(stepId)]: clock } },
      actor,
    };
    if (!immediate) return [started];
    // 即办件: complete on the spot.
    return [
      started,
      {
        event: {
          type: 'OpinionRecorded',
          stepId,
          opinion: 'agree',
          reasons: '即办件：材料齐全，当场办结',
          outcome: 'agreed',
          clocks: { [stepClockKey(stepId)]: stopClock(clock, at) },
          ...timeField(ctx, clock, at),
        },
        actor: SYSTEM_ACTOR,
      },
    ];
  });
};

/** Partial approval: steps that wait, directly or not, for a refused step will never start. */
const skipUnreachable: Policy = (state, ctx, { actor }) => {
  if (state.status !== 'in-review' || !ctx.rules.partialApproval || ctx.template.refusalEndsCase) return [];
  const blockedBy = new Map<string, string>();
  for (const step of ctx.template.steps) {
    if (state.steps[step.id]?.status === 'refused') blockedBy.set(step.id, step.id);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const step of ctx.template.steps) {
      if (blockedBy.has(step.id) || state.steps[step.id]?.status !== 'waiting') continue;
      const cause = step.dependsOn.find((dependency) => blockedBy.has(dependency));
      if (cause) {
        blockedBy.set(step.id, blockedBy.get(cause)!);
        grew = true;
      }
    }
  }
  return [...blockedBy]
    .filter(([stepId]) => state.steps[stepId]?.status === 'waiting')
    .map(([stepId, becauseOf]) => ({ event: { type: 'StepSkipped', stepId, becauseOf }, actor }));
};

const FINISHED: ReadonlySet<StepState['status']> = new Set(SETTLED_STEP_STATUSES);

export function hasOutstandingTolerance(state: CaseState): boolean {
  return state.missing.some((item) => item.reason === 'tolerance' && !item.suppliedAt);
}

/**
 * The decision (Art. 44 then counts for issuance): every required step favourable; with partial approval, also when
 * every required step has an outcome and some are refused, or the case is refused when none is favourable. A
 * 即办件 case is issued on the spot.
 */
const decideCase: Policy = (state, ctx, { at, actor }) => {
  if (state.status !== 'in-review') return [];
  const required = Object.values(state.steps).filter((step) => step.required);
  // 审批豁免: when every required step is exempt there is nothing to issue, and the case ends at its acceptance.
  const allExempt = required.length > 0 && required.every((step) => step.status === 'exempt');
  let refused: string[] = [];
  if (ctx.rules.partialApproval && !ctx.template.refusalEndsCase) {
    if (!required.every((step) => FINISHED.has(step.status))) return [];
    refused = required.filter((step) => step.status === 'refused').map((step) => step.stepId);
    // Refused when nothing was approved; a case whose required steps are all exempt is decided below.
    if (!required.some(isFavourable) && !allExempt) {
      return [
        {
          event: {
            type: 'CaseRefused',
            stepId: refused[0] ?? '',
            reasons: `every required step was refused: ${refused.join(', ')}`,
            clocks: stopAll(state.clocks, at),
          },
          actor,
        },
      ];
    }
  } else if (!required.every(isSatisfied)) {
    return [];
  }
  const caseClock = state.clocks.case;
  const limit = ctx.template.issuance.limit;
  let issuance = clockOf(ctx, 'issuance', at, limit, limit);
  // While 容缺 materials are awaited the decision cannot be issued; that time is the applicant's.
  const waitForMaterials = ctx.rules.issuanceWaitsForTolerance && hasOutstandingTolerance(state);
  const hold = nextSuspensionId(state);
  if (waitForMaterials) issuance = holdClock(issuance, at, hold);
  const decidedClocks = { ...(caseClock ? { case: stopClock(caseClock, at) } : {}), issuance };
  const result: Draft[] = [
    {
      event: { type: 'AllOpinionsReceived', ...(refused.length > 0 ? { refused } : {}), clocks: decidedClocks },
      actor: SYSTEM_ACTOR,
    },
  ];
  if (waitForMaterials) {
    result.push({
      event: {
        type: 'ClockSuspended',
        id: hold,
        keys: ['issuance'],
        reason: 'awaiting-materials',
        note: '容缺材料未补齐，暂不出证',
        expectedWorkingDays: 0,
        clocks: {},
      },
      actor: SYSTEM_ACTOR,
    });
  }
  if ((state.handling === 'immediate' || allExempt) && !hasOutstandingTolerance(state)) {
    // 即办件: issued on the spot, on the state the decision leaves.
    const decidedState = { ...withClocks(state, decidedClocks), status: 'awaiting-issuance' as const };
    result.push(...issueDrafts(decidedState, ctx, at, [], SYSTEM_ACTOR));
  }
  return result;
};

/** Rules 2026-12b: a closed case cancels its steps that have no outcome, each with the case's closing reason. */
const cancelOpenSteps: Policy = (state, ctx, { at, actor }) => {
  if (!ctx.rules.closingCancelsSteps || !isClosed(state)) return [];
  const open = state.stepOrder
    .map((stepId) => state.steps[stepId])
    .filter(
      (step): step is StepState => step !== undefined && !FINISHED.has(step.status) && step.status !== 'cancelled',
    );
  if (open.length === 0) return [];
  const time = Object.fromEntries(
    open.flatMap((step) => {
      const counted = step.startedAt ? stepTimeAt(ctx, state.clocks[stepClockKey(step.stepId)], at) : undefined;
      return counted ? [[step.stepId, counted]] : [];
    }),
  );
  return [
    {
      event: {
        type: 'StepsCancelled',
        stepIds: open.map((step) => step.stepId),
        reason: state.closed?.reason ?? state.status,
        ...(Object.keys(time).length > 0 ? { time } : {}),
      },
      actor,
    },
  ];
};

/** The standing rules, in the order they apply; the kernel runs them until none has anything to do. */
export const STEP_POLICIES: readonly Policy[] = [
  exemptSteps,
  startReadySteps,
  skipUnreachable,
  decideCase,
  cancelOpenSteps,
];

/**
 * Only the step's own department decides it (opinion, suspension, extension, correction). Under the 2026-11 rules the
 * window and any department key named in the role passed too.
 */
export function departmentDenied(
  state: CaseState,
  actor: Actor,
  stepId: string,
  ctx: DeciderContext,
): Rejection | undefined {
  const step = state.steps[stepId];
  if (!step) return refuse('unknown-step', `step ${stepId} is not in this case`, 'stepId');
  if (ctx.rules.ownDepartmentOnly) {
    if (actsFor(actor, step.department, ctx)) return undefined;
    const admin =
      actor.role === 'admin' ? ' (an admin key manages keys, catalogue and calendar: segregation of duties)' : '';
    return refuse(
      'wrong-department',
      `step ${stepId} belongs to ${step.department}: only its own department may decide it, not ${actor.role}${admin}`,
      'stepId',
      { stepId, department: step.department },
    );
  }
  if (actor.role === 'window' || actor.role === 'admin' || actor.role === 'system') return undefined;
  if (actor.department !== step.department) {
    return refuse(
      'wrong-department',
      `step ${stepId} belongs to ${step.department}; ${actor.department ?? actor.role} may not act on it`,
      'stepId',
    );
  }
  return undefined;
}

/**
 * What concerns the whole case (a case-wide suspension, the Art. 42 ¶2 joint extension) is decided by the lead
 * department (牵头部门); `also` names other roles that may (the supervisor records the government head's approval of
 * a joint extension).
 */
export function leadDenied(actor: Actor, ctx: DeciderContext, also: readonly string[] = []): Rejection | undefined {
  if (!ctx.rules.leadDepartmentDecidesCase) return undefined;
  const lead = ctx.template.leadDepartment;
  if (actsFor(actor, lead, ctx) || also.includes(actor.role)) return undefined;
  return refuse(
    'wrong-department',
    `the case as a whole is decided by its lead department ${lead}, not ${actor.role}`,
    'stepId',
    { department: lead },
  );
}

export const stepEvolvers: Evolvers<
  'StepStarted' | 'StepSkipped' | 'StepExempted' | 'AllOpinionsReceived' | 'StepsCancelled'
> = {
  StepStarted: (state, event) =>
    withClocks(
      patchStep(state, event.stepId, { status: 'in-review', startedAt: event.at, immediate: event.immediate }),
      event.clocks,
    ),
  StepSkipped: (state, event) => patchStep(state, event.stepId, { status: 'skipped', skippedBecause: event.becauseOf }),
  StepExempted: (state, event) =>
    patchStep(state, event.stepId, {
      status: 'exempt',
      finishedAt: event.at,
      exempt: { basis: event.basis, condition: event.condition },
    }),
  AllOpinionsReceived: (state, event) =>
    withClocks(
      { ...state, status: 'awaiting-issuance', refusedSteps: event.refused ?? state.refusedSteps },
      event.clocks,
    ),
  StepsCancelled: (state, event) =>
    event.stepIds.reduce(
      (current, stepId) =>
        patchStep(current, stepId, {
          status: 'cancelled',
          cancelled: { at: event.at, reason: event.reason },
          ...(event.time?.[stepId] ? { time: event.time[stepId] } : {}),
        }),
      state,
    ),
};

export function patchStep(state: CaseState, stepId: string, patch: Partial<StepState>): CaseState {
  const step = state.steps[stepId];
  return step ? { ...state, steps: { ...state.steps, [stepId]: { ...step, ...patch } } } : state;
}
