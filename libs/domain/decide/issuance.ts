import { DEFAULT_LIMITS } from '@onewindow/catalog';
import { periodEnd, stopClock } from '../clocks';
import { isFavourable, POST_CHECK_CLOCK } from '../state';
import type { Actor, CommandBase } from '../commands';
import type { ClockPatch } from '../events';
import type { RejectionMap } from '../rejections';
import { reject, type Batch, type Handlers } from './batch';
import { hasOutstandingTolerance } from './steps';

/** 出证: the licences are issued (联合审批专用章) once every required opinion is favourable. */
export interface IssueLicence extends CommandBase {
  type: 'IssueLicence';
  licences?: Array<{ stepId: string; number: string }>;
}

export type IssuanceCommand = IssueLicence;

export type IssuanceEvent =
  | {
      type: 'LicenceIssued';
      licences: Array<{ stepId: string; number: string }>;
      /** The seal the template's decision bears (竣工联合验收: 联合验收专用章), when it names one. */
      seal?: string;
      clocks: ClockPatch;
    }
  | { type: 'CaseCompleted'; clocks: ClockPatch }
  /** Rules 2, 告知承诺: the decision stays open to checks of what was committed until the clock ends. */
  | { type: 'PostDecisionCheckOpened'; materialCodes: string[]; clocks: ClockPatch };

export const issuanceRejections = {
  'not-awaiting-issuance': 'conflict',
  'decision-withheld': 'conflict',
  'licence-for-refused-step': 'unprocessable',
} as const satisfies RejectionMap;

/** Issues the licences and completes the case; optional steps still open stop with it. */
export function issue(b: Batch, licences: Array<{ stepId: string; number: string }>, actor: Actor): void {
  const issuance = b.clock('issuance');
  const seal = b.ctx.template.issuance.seal;
  b.emit(
    {
      type: 'LicenceIssued',
      licences,
      ...(seal ? { seal } : {}),
      clocks: issuance ? { issuance: stopClock(issuance, b.at) } : {},
    },
    actor,
  );
  b.emit({ type: 'CaseCompleted', clocks: b.stopAll() }, actor);
  const unverified = b.state.commitments.filter((commitment) => !commitment.verified);
  if (b.rules2 && unverified.length > 0) {
    // 告知承诺: a later check may find a commitment false and revoke the decision, for the matters' check period.
    const limits = Object.values(b.ctx.matters).map(
      (matter) => matter.postDecisionCheckLimit ?? DEFAULT_LIMITS.postDecisionCheck,
    );
    const longest = limits.reduce((a, c) =>
      Date.parse(periodEnd(b.ctx.calendar, b.at, c, true).at) > Date.parse(periodEnd(b.ctx.calendar, b.at, a, true).at)
        ? c
        : a,
    );
    b.emit(
      {
        type: 'PostDecisionCheckOpened',
        materialCodes: unverified.map((commitment) => commitment.materialCode),
        clocks: { [POST_CHECK_CLOCK]: b.newClock('post-check', b.at, longest) },
      },
      actor,
    );
  }
}

export const issuanceHandlers: Handlers<IssuanceCommand> = {
  IssueLicence(b, command) {
    if (b.state.status !== 'awaiting-issuance')
      reject('not-awaiting-issuance', `the case is ${b.state.status}, not awaiting issuance`);
    const actor = command.actor;
    const issuer = b.ctx.template.issuance.department;
    if (!['window', 'admin'].includes(actor.role) && actor.department !== issuer) {
      reject('wrong-department', `licences of this template are issued by ${issuer}`);
    }
    if (b.state.decisionWithheld)
      reject('decision-withheld', 'the decision is withheld until the 容缺 materials arrive');
    if (hasOutstandingTolerance(b.state)) {
      reject('documents-outstanding', '容缺 materials must arrive before the decision is issued');
    }
    const unknown = (command.licences ?? [])
      .filter((licence) => !b.state.steps[licence.stepId])
      .map((licence) => licence.stepId);
    if (unknown.length > 0)
      reject('unknown-step', `licences name steps not in this case: ${unknown.join(', ')}`, 'licences');
    const refused = (command.licences ?? [])
      .filter((licence) => b.rules2 && !isFavourable(b.state.steps[licence.stepId]))
      .map((licence) => licence.stepId);
    if (refused.length > 0)
      reject(
        'licence-for-refused-step',
        `no licence for steps without approval: ${refused.join(', ')}`,
        'licences',
        refused,
      );
    issue(b, command.licences ?? [], actor);
  },
};
