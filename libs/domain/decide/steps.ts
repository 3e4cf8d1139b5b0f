import type { Instant } from '../../calendar/types';
import type { TimeLimit } from '../../catalog/types';
import { readySteps } from '../../catalog/validate';
import { newClock, stopClock } from '../clocks';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { isFavourable, stepClockKey, type CaseState } from '../state';
import { SYSTEM_ACTOR } from '../vocabulary';
import { reject, type Batch } from './batch';
import { issue } from './issuance';

/** 特办件: limits shortened to this share of the promised limit (rounded up). */
export const SPECIAL_HANDLING_FACTOR = 0.5;

export type StepEvent =
  | { type: 'StepStarted'; stepId: string; immediate: boolean; clocks: ClockPatch }
  | { type: 'AllOpinionsReceived'; clocks: ClockPatch };

export const stepRejections = {
  'unknown-step': 'unprocessable',
  'wrong-department': 'forbidden',
  'forbidden-role': 'forbidden',
} as const satisfies RejectionMap;

/** The promised limit of a step's matter, shortened for 特办件. */
export function limitOf(b: Batch, stepId: string, handling: CaseState['handling']): TimeLimit {
  const limit = b.matterOf(stepId).promisedLimit;
  return handling === 'special'
    ? { ...limit, value: Math.max(1, Math.ceil(limit.value * SPECIAL_HANDLING_FACTOR)) }
    : limit;
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
          SYSTEM_ACTOR,
        );
      }
    }
  }
  checkAllOpinions(b);
}

/** Every required step favourable: the decision is made and the issuing step (出证) starts (Art. 44). */
export function checkAllOpinions(b: Batch): void {
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
    SYSTEM_ACTOR,
  );
  if (b.state.handling === 'immediate' && !hasOutstandingTolerance(b.state)) issue(b, [], SYSTEM_ACTOR);
}

export function hasOutstandingTolerance(state: CaseState): boolean {
  return state.missing.some((item) => item.reason === 'tolerance' && !item.suppliedAt);
}

/** Only the step's own department acts on it (and the window, admin and timers, under the 2026-11 rules). */
export function assertDepartment(b: Batch, stepId: string): void {
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
