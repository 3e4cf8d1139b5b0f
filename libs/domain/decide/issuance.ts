import { stopClock } from '../clocks';
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
  | { type: 'LicenceIssued'; licences: Array<{ stepId: string; number: string }>; clocks: ClockPatch }
  | { type: 'CaseCompleted'; clocks: ClockPatch };

export const issuanceRejections = {
  'not-awaiting-issuance': 'conflict',
  'decision-withheld': 'conflict',
} as const satisfies RejectionMap;

/** Issues the licences and completes the case; optional steps still open stop with it. */
export function issue(b: Batch, licences: Array<{ stepId: string; number: string }>, actor: Actor): void {
  const issuance = b.clock('issuance');
  b.emit({ type: 'LicenceIssued', licences, clocks: issuance ? { issuance: stopClock(issuance, b.at) } : {} }, actor);
  b.emit({ type: 'CaseCompleted', clocks: b.stopAll() }, actor);
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
    issue(b, command.licences ?? [], actor);
  },
};
