import { z } from 'zod';
import type { Instant } from '@onewindow/calendar';
import { DEFAULT_LIMITS } from '@onewindow/catalog';
import type { Actor, RejectionMap } from '../base';
import { periodEnd, stopClock, type ClockPatch } from '../clocks';
import {
  clockOf,
  refuse,
  stopAll,
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
import { isFavourable, POST_CHECK_CLOCK, withClocks, type CaseState } from '../state';
import { unsettledFees } from '../fee-status';

export const issuanceCommands = {
  IssueLicence: {
    message: 'licence-issued',
    senders: ['window', 'integrator', 'department'],
    description: '出证: the licences are issued (联合审批专用章) once every required opinion is favourable',
    payload: (f: CaseFields) => ({
      licences: z
        .array(z.strictObject({ stepId: f.code, number: f.text(100) }))
        .max(100)
        .optional(),
    }),
  },
} as const;

export const issuanceEvents = (f: EventKit) => {
  const licence = z.strictObject({ stepId: z.string(), number: z.string() });
  return {
    LicenceIssued: z.strictObject({
      licences: z.array(licence),
      /** The seal the template's decision bears (竣工联合验收: 联合验收专用章), when it names one. */
      seal: z.string().optional(),
      clocks: f.clockPatch,
    }),
    CaseCompleted: z.strictObject({ clocks: f.clockPatch }),
    /** 告知承诺: the decision stays open to checks of what was committed until the clock ends. */
    PostDecisionCheckOpened: z.strictObject({ materialCodes: z.array(f.code), clocks: f.clockPatch }),
  } as const;
};

export const issuanceRejections = {
  'not-awaiting-issuance': 'conflict',
  'decision-withheld': 'conflict',
  'licence-for-refused-step': 'unprocessable',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof issuanceCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof issuanceEvents>> {}
  interface CaseRejectionMap extends Writable<typeof issuanceRejections> {}
}

/** Issues the licences and completes the case; the clocks still running stop with it. */
export function issueDrafts(
  state: CaseState,
  ctx: DeciderContext,
  at: Instant,
  licences: Array<{ stepId: string; number: string }>,
  actor: Actor,
): Draft[] {
  const issuance = state.clocks.issuance;
  const seal = ctx.template.issuance.seal;
  const stopped: ClockPatch = issuance ? { issuance: stopClock(issuance, at) } : {};
  const result: Draft[] = [
    { event: { type: 'LicenceIssued', licences, ...(seal ? { seal } : {}), clocks: stopped }, actor },
    { event: { type: 'CaseCompleted', clocks: stopAll(withClocks(state, stopped).clocks, at) }, actor },
  ];
  const unverified = state.commitments.filter((commitment) => !commitment.verified);
  if (ctx.rules.postDecisionCheck && unverified.length > 0) {
    // 告知承诺: a later check may find a commitment false and revoke the decision, for the matters' check period.
    const limits = Object.values(ctx.matters).map(
      (matter) => matter.postDecisionCheckLimit ?? DEFAULT_LIMITS.postDecisionCheck,
    );
    const end = (limit: (typeof limits)[number]) => Date.parse(periodEnd(ctx.calendar, at, limit, true).at);
    const longest = limits.reduce((a, c) => (end(c) > end(a) ? c : a));
    result.push({
      event: {
        type: 'PostDecisionCheckOpened',
        materialCodes: unverified.map((commitment) => commitment.materialCode),
        clocks: { [POST_CHECK_CLOCK]: clockOf(ctx, 'post-check', at, longest) },
      },
      actor,
    });
  }
  return result;
}

export const issuanceHandlers: Handlers<'IssueLicence'> = {
  IssueLicence(state, command, ctx) {
    if (state.status !== 'awaiting-issuance')
      return refuse('not-awaiting-issuance', `the case is ${state.status}, not awaiting issuance`);
    const actor = command.actor;
    const issuer = ctx.template.issuance.department;
    if (!['window', 'admin'].includes(actor.role) && actor.department !== issuer) {
      return refuse('wrong-department', `licences of this template are issued by ${issuer}`);
    }
    if (state.decisionWithheld)
      return refuse('decision-withheld', 'the decision is withheld until the 容缺 materials arrive');
    if (state.missing.some((item) => item.reason === 'tolerance' && !item.suppliedAt)) {
      return refuse('documents-outstanding', '容缺 materials must arrive before the decision is issued');
    }
    const unpaid = unsettledFees(state);
    if (unpaid.length > 0)
      return refuse(
        'fees-unpaid',
        `the licence waits for its fees: ${unpaid.map((fee) => `${fee.feeId} ${fee.name}`).join(', ')} (paid, or waived)`,
        undefined,
        { feeIds: unpaid.map((fee) => fee.feeId) },
      );
    const unknown = (command.licences ?? [])
      .filter((licence) => !state.steps[licence.stepId])
      .map((licence) => licence.stepId);
    if (unknown.length > 0)
      return refuse('unknown-step', `licences name steps not in this case: ${unknown.join(', ')}`, 'licences');
    const refused = (command.licences ?? [])
      .filter((licence) => ctx.rules.licencesOnlyForApproved && !isFavourable(state.steps[licence.stepId]))
      .map((licence) => licence.stepId);
    if (refused.length > 0)
      return refuse(
        'licence-for-refused-step',
        `no licence for steps without approval: ${refused.join(', ')}`,
        'licences',
        refused,
      );
    return issueDrafts(state, ctx, command.at, command.licences ?? [], actor);
  },
};

export const issuanceEvolvers: Evolvers<'LicenceIssued' | 'CaseCompleted' | 'PostDecisionCheckOpened'> = {
  LicenceIssued: (state, event) =>
    withClocks(
      { ...state, licences: [...state.licences, ...event.licences], ...(event.seal ? { seal: event.seal } : {}) },
      event.clocks,
    ),
  CaseCompleted: (state, event) =>
    withClocks({ ...state, status: 'completed', closed: { at: event.at, reason: 'completed' } }, event.clocks),
  PostDecisionCheckOpened: (state, event) => withClocks(state, event.clocks),
};
