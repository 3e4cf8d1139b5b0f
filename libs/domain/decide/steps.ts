import type { Instant } from '@onewindow/calendar';
import type { TimeLimit } from '@onewindow/catalog';
import { readySteps } from '@onewindow/catalog';
import { holdClock, stopClock } from '../clocks';
import type { Actor } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { isFavourable, stepClockKey, type CaseState, type StepState } from '../state';
import { SYSTEM_ACTOR } from '../vocabulary';
import { reject, type Batch } from './batch';
import { issue } from './issuance';

/** 特办件: limits shortened to this share of the promised limit (rounded up, in the limit's own unit). */
export const SPECIAL_HANDLING_FACTOR = 0.5;

export type StepEvent =
  | { type: 'StepStarted'; stepId: string; immediate: boolean; clocks: ClockPatch }
  | { type: 'StepSkipped'; stepId: string; becauseOf: string }
  | {
      type: 'AllOpinionsReceived';
      /** Rules 2, refusalEndsCase false: the steps refused; the decision covers the others (partial approval). */
      refused?: string[];
      clocks: ClockPatch;
    };

export const stepRejections = {
  'unknown-step': 'unprocessable',
  'wrong-department': 'forbidden',
  'forbidden-role': 'forbidden',
} as const satisfies RejectionMap;

/** A limit shortened for 特办件. */
export function shortened(limit: TimeLimit, handling: CaseState['handling']): TimeLimit {
  return handling === 'special'
    ? { ...limit, value: Math.max(1, Math.ceil(limit.value * SPECIAL_HANDLING_FACTOR)) }
    : limit;
}

/** The promised limit of a step (the template's own target, else its matter's), shortened for 特办件. */
export function limitOf(b: Batch, stepId: string, handling: CaseState['handling']): TimeLimit {
  const target = b.ctx.template.steps.find((step) => step.id === stepId)?.promisedLimit;
  return shortened(target ?? b.matterOf(stepId).promisedLimit, handling);
}

/** Rules 2, 即办件: only matters the catalogue marks immediate are done on the spot. */
function isImmediate(b: Batch, stepId: string): boolean {
  return b.matterOf(stepId).kind === 'immediate' || (!b.rules2 && b.state.handling === 'immediate');
}

/** Starts every step whose dependencies are favourable (and, before the land contract, only pre-review steps). */
export function startReadySteps(b: Batch, startFrom: Instant = b.at): void {
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
      const immediate = isImmediate(b, stepId);
      const legal = b.matterOf(stepId).legalLimit;
      const clock = b.newClock('step', startFrom, limitOf(b, stepId, b.state.handling), legal);
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
          SYSTEM_ACTOR,
        );
      }
    }
  }
  checkAllOpinions(b);
}

/** Rules 2: steps that wait, directly or not, for a refused step: they will never start. */
function unreachable(b: Batch): Array<{ stepId: string; becauseOf: string }> {
  const blockedBy = new Map<string, string>();
  for (const step of b.ctx.template.steps) {
    if (b.state.steps[step.id]?.status === 'refused') blockedBy.set(step.id, step.id);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const step of b.ctx.template.steps) {
      if (blockedBy.has(step.id) || b.state.steps[step.id]?.status !== 'waiting') continue;
      const cause = step.dependsOn.find((dependency) => blockedBy.has(dependency));
      if (cause) {
        blockedBy.set(step.id, blockedBy.get(cause)!);
        grew = true;
      }
    }
  }
  return [...blockedBy]
    .filter(([stepId]) => b.state.steps[stepId]?.status === 'waiting')
    .map(([stepId, becauseOf]) => ({ stepId, becauseOf }));
}

const FINISHED: ReadonlySet<StepState['status']> = new Set(['agreed', 'deemed-consent', 'refused', 'skipped']);

/**
 * The decision (Art. 44 then counts for issuance): every required step favourable; under rules 2 with
 * refusalEndsCase false, also when every required step has an outcome and some are refused (partial approval), or
 * the case is refused when none is favourable.
 */
export function checkAllOpinions(b: Batch): void {
  if (b.state.status !== 'in-review') return;
  let refused: string[] = [];
  if (b.rules2 && !b.ctx.template.refusalEndsCase) {
    for (const skipped of unreachable(b)) b.emit({ type: 'StepSkipped', ...skipped });
    const required = Object.values(b.state.steps).filter((step) => step.required);
    if (!required.every((step) => FINISHED.has(step.status))) return;
    refused = required.filter((step) => step.status === 'refused').map((step) => step.stepId);
    if (!required.some(isFavourable)) {
      b.emit({
        type: 'CaseRefused',
        stepId: refused[0] ?? '',
        reasons: `every required step was refused: ${refused.join(', ')}`,
        clocks: b.stopAll(),
      });
      return;
    }
  } else {
    const required = Object.values(b.state.steps).filter((step) => step.required);
    if (!required.every(isFavourable)) return;
  }
  const caseClock = b.clock('case');
  const limit = b.ctx.template.issuance.limit;
  let issuance = b.newClock('issuance', b.at, limit, limit);
  // Rules 2: while 容缺 materials are awaited the decision cannot be issued; that time is the applicant's.
  const waitForMaterials = b.rules2 && hasOutstandingTolerance(b.state);
  const hold = b.nextSuspensionId();
  if (waitForMaterials) issuance = holdClock(issuance, b.at, hold);
  b.emit(
    {
      type: 'AllOpinionsReceived',
      ...(refused.length > 0 ? { refused } : {}),
      clocks: { ...(caseClock ? { case: stopClock(caseClock, b.at) } : {}), issuance },
    },
    SYSTEM_ACTOR,
  );
  if (waitForMaterials) {
    b.emit(
      {
        type: 'ClockSuspended',
        id: hold,
        keys: ['issuance'],
        reason: 'awaiting-materials',
        note: '容缺材料未补齐，暂不出证',
        expectedWorkingDays: 0,
        clocks: {},
      },
      SYSTEM_ACTOR,
    );
  }
  if (b.state.handling === 'immediate' && !hasOutstandingTolerance(b.state)) issue(b, [], SYSTEM_ACTOR);
}

export function hasOutstandingTolerance(state: CaseState): boolean {
  return state.missing.some((item) => item.reason === 'tolerance' && !item.suppliedAt);
}

/** Who acts for a department: its `department:<code>` key, an `integrator:<code>` key, or an admin. */
function actsFor(actor: Actor, department: string): boolean {
  return actor.role === 'admin' || actor.role === 'system' || actor.department === department;
}

/**
 * Only the step's own department decides it (opinion, suspension, extension, correction). Under the 2026-11 rules
 * the window and any department key named in the role passed too; rules 2 admit only the department's own keys.
 */
export function assertDepartment(b: Batch, stepId: string): void {
  const step = b.state.steps[stepId];
  if (!step) reject('unknown-step', `step ${stepId} is not in this case`, 'stepId');
  const actor = b.command.actor;
  if (b.rules2) {
    if (actsFor(actor, step.department)) return;
    reject(
      'wrong-department',
      `step ${stepId} belongs to ${step.department}: only its own department may decide it, not ${actor.role}`,
      'stepId',
      { stepId, department: step.department },
    );
  }
  if (actor.role === 'window' || actor.role === 'admin' || actor.role === 'system') return;
  if (actor.department !== step.department) {
    reject(
      'wrong-department',
      `step ${stepId} belongs to ${step.department}; ${actor.department ?? actor.role} may not act on it`,
      'stepId',
    );
  }
}

/**
 * Rules 2: what concerns the whole case (a case-wide suspension, the Art. 42 ¶2 joint extension) is decided by the
 * lead department (牵头部门); `also` names other roles that may (the supervisor records the government head's
 * approval of a joint extension).
 */
export function assertLeadDepartment(b: Batch, also: readonly string[] = []): void {
  if (!b.rules2) return;
  const actor = b.command.actor;
  const lead = b.ctx.template.leadDepartment;
  if (actsFor(actor, lead) || also.includes(actor.role)) return;
  reject(
    'wrong-department',
    `the case as a whole is decided by its lead department ${lead}, not ${actor.role}`,
    'stepId',
    { department: lead },
  );
}
