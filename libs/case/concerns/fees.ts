import { z } from 'zod';
import type { FeeItem } from '@onewindow/catalog';
import type { Rejection, RejectionMap } from '../base';
import { holdClock } from '../clocks';
import {
  actsFor,
  isRejection,
  nextSuspensionId,
  refuse,
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
import type { Instant } from '@onewindow/calendar';
import { feeDue, feeStatus, toFen, unsettledFees } from '../fee-status';
import { isClosed, isFavourable, type CaseFee, type CaseState, type StepState } from '../state';
import { ENDED_STEP_STATUSES } from '../vocabulary';
import { releaseDraft } from './periods';

/**
 * 统一收费项目和标准, 统一费用减免程序: the window assesses a case's fees against the items its matters publish (a fee
 * outside the published standard is refused); each fee is then paid at the centre (三收) or waived (减免) on a
 * request decided by someone other than the clerk who assessed or asked; the licence is not issued while one is due.
 */

/** A number with at most two decimals (an amount to the 分, a quantity to the hundredth). */
const hundredths = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
      message: 'at most two decimals',
      params: { rule: 'two-decimals' },
    });
/** Yuan, to the 分; at most 10 billion (so every sum in 分 stays an exact integer). */
const yuan = () => hundredths(1e10);

const feeId = () => z.string().regex(/^f\d{1,4}$/, 'a fee id of this case, e.g. f0');

export const feeCommands = {
  AssessFees: {
    message: 'fees-assessed',
    senders: ['window'],
    description: '统一收费: the window assesses the case’s fees against the published fee items (收费项目和标准)',
    payload: (f: CaseFields) => ({
      fees: z
        .array(
          z.strictObject({
            matterCode: f.code,
            itemCode: f.code.describe('the published fee item (guide.fees[].code)'),
            quantity: hundredths(1e7)
              .refine((value) => value > 0, { message: 'more than 0' })
              .optional()
              .describe('for a per-unit item: the declared quantity in its unit, to the hundredth'),
            amountYuan: yuan()
              .optional()
              .describe('what the window charges: it must be the published standard (absent: the standard)'),
          }),
        )
        .min(1)
        .max(50),
    }),
  },
  PayFee: {
    message: 'fee-paid',
    senders: ['window', 'integrator'],
    description: '三收: a fee is paid in full at the centre’s cashier or through the payment platform',
    payload: (f: CaseFields) => ({
      feeId: feeId(),
      amountYuan: yuan().describe('the amount due (after any reduction granted)'),
      receipt: f.text(100).describe('票据号: the receipt or payment reference'),
    }),
  },
  RequestFeeWaiver: {
    message: 'fee-waiver-requested',
    senders: ['window'],
    description: '统一费用减免程序: the applicant asks, through the window, to be exempt from a fee or pay less',
    payload: (f: CaseFields) => ({
      feeId: feeId(),
      reason: f.text(),
      amountYuan: yuan().optional().describe('the amount to waive; absent: all of it'),
    }),
  },
  DecideFeeWaiver: {
    message: 'fee-waiver-decided',
    senders: ['department', 'integrator', 'supervisor'],
    description:
      '减免审核: the fee’s department or a supervisor grants or refuses a waiver (never the clerk who assessed or asked)',
    payload: (f: CaseFields) => ({ feeId: feeId(), granted: z.boolean(), reasons: f.text() }),
  },
} as const;

export const feeEvents = (f: EventKit) => {
  const fee = z.strictObject({
    feeId: z.string(),
    matterCode: f.code,
    itemCode: f.code,
    name: z.string(),
    department: f.code,
    quantity: z.number().optional(),
    unit: z.string().optional(),
    amountFen: f.count.describe('in 分'),
  });
  return {
    FeesAssessed: z.strictObject({ fees: z.array(fee) }),
    FeePaid: z.strictObject({ feeId: z.string(), amountFen: f.count, receipt: z.string() }),
    FeeWaiverRequested: z.strictObject({ feeId: z.string(), amountFen: f.count, reason: z.string() }),
    FeeWaiverDecided: z.strictObject({ feeId: z.string(), granted: z.boolean(), reasons: z.string() }),
    /** The case closed without its licence: what was still due will never be collected. */
    FeesCancelled: z.strictObject({ feeIds: z.array(z.string()), reason: z.string() }),
  } as const;
};

// A payment or a fee id that does not fit now may fit later (after an assessment or a waiver): conflict, not 422.
export const feeRejections = {
  'case-not-accepted': 'conflict',
  'fee-not-published': 'unprocessable',
  'fee-not-standard': 'unprocessable',
  'fee-already-assessed': 'conflict',
  'fee-for-no-decision': 'conflict',
  'unknown-fee': 'conflict',
  'fee-settled': 'conflict',
  'payment-amount': 'conflict',
  'waiver-already-decided': 'conflict',
  'waiver-pending': 'conflict',
  'waiver-not-provided': 'unprocessable',
  'waiver-amount': 'unprocessable',
  'no-waiver-requested': 'conflict',
  'waiver-by-assessor': 'forbidden',
  'fees-unpaid': 'conflict',
} as const satisfies RejectionMap;

declare module '../base' {
  interface CaseCommandMap extends PayloadsOf<typeof feeCommands> {}
  interface CaseEventMap extends BodiesOf<ReturnType<typeof feeEvents>> {}
  interface CaseRejectionMap extends Writable<typeof feeRejections> {}
}

/**
 * The published standard's amount, in 分, for an item and the declared quantity: integer arithmetic on 分 and
 * hundredths of the unit, half a 分 rounded up.
 */
export function standardFen(item: FeeItem, quantity: number | undefined): number | undefined {
  if ('fixedYuan' in item.amount) return quantity === undefined ? toFen(item.amount.fixedYuan) : undefined;
  if (quantity === undefined) return undefined;
  return Math.round((toFen(item.amount.perUnitYuan) * Math.round(quantity * 100)) / 100);
}

function feeOf(state: CaseState, id: string): CaseFee | undefined {
  return (state.fees ?? []).find((fee) => fee.feeId === id);
}

/** The matters of the case's template (a fee may only be for one of them). */
function caseMatters(ctx: DeciderContext): Set<string> {
  return new Set(ctx.template.steps.map((step) => step.matterCode));
}

const ENDED: ReadonlySet<string> = new Set(ENDED_STEP_STATUSES);

/** A step that is over without approval (refused, skipped, exempt, cancelled): nothing to charge for. */
function endedUnapproved(step: StepState): boolean {
  return ENDED.has(step.status) && !isFavourable(step);
}

/** A fee that still asks something, or why not: unknown, already paid or waived, or its waiver undecided. */
function openFee(state: CaseState, id: string, whilePending: string): CaseFee | Rejection {
  const fee = feeOf(state, id);
  if (!fee) return refuse('unknown-fee', `no fee ${id} on this case`, 'feeId');
  const status = feeStatus(fee);
  if (status === 'paid' || status === 'waived')
    return refuse('fee-settled', `${fee.name} is already ${status}`, 'feeId');
  if (status === 'waiver-requested')
    return refuse('waiver-pending', `a waiver of ${fee.name} awaits its decision${whilePending}`, 'feeId');
  return fee;
}

const ACCEPTED = new Set<CaseState['status']>(['in-review', 'awaiting-issuance']);

export const feeHandlers: Handlers<'AssessFees' | 'PayFee' | 'RequestFeeWaiver' | 'DecideFeeWaiver'> = {
  AssessFees(state, command, ctx) {
    if (!ACCEPTED.has(state.status))
      return refuse('case-not-accepted', `fees are assessed once the case is accepted; it is ${state.status}`);
    const matters = caseMatters(ctx);
    const assessed = new Set((state.fees ?? []).map((fee) => `${fee.matterCode}/${fee.itemCode}`));
    const fees: Array<Omit<CaseFee, 'assessedAt' | 'assessedBy'>> = [];
    for (const [index, line] of command.fees.entries()) {
      const at = `fees.${index}`;
      const matter = ctx.matters[line.matterCode];
      if (!matter || !matters.has(line.matterCode))
        return refuse('fee-not-published', `${line.matterCode} is not a matter of this case`, `${at}.matterCode`);
      const steps = Object.values(state.steps).filter((step) => step.matterCode === line.matterCode);
      if (steps.every(endedUnapproved))
        return refuse(
          'fee-for-no-decision',
          `${matter.name} will not be decided in this case (${steps.map((step) => step.status).join(', ')}): nothing to charge for`,
          `${at}.matterCode`,
        );
      const item = matter.guide?.fees.find((candidate) => candidate.code === line.itemCode);
      if (!item)
        return refuse(
          'fee-not-published',
          `${matter.name} publishes no fee item ${line.itemCode} (catalogue ${ctx.catalogVersion}): no fee outside the published items`,
          `${at}.itemCode`,
        );
      const key = `${line.matterCode}/${line.itemCode}`;
      if (assessed.has(key))
        return refuse('fee-already-assessed', `${item.name} is already assessed on this case`, `${at}.itemCode`);
      assessed.add(key);
      const perUnit = 'perUnitYuan' in item.amount ? item.amount : undefined;
      if ((perUnit !== undefined) !== (line.quantity !== undefined))
        return refuse(
          'fee-not-standard',
          perUnit
            ? `${item.name} is charged per ${perUnit.unit}: the quantity is required`
            : `${item.name} is a fixed amount: no quantity`,
          `${at}.quantity`,
        );
      const standard = standardFen(item, line.quantity)!;
      if (standard <= 0)
        return refuse('fee-not-standard', `${item.name}: the standard makes nothing to charge`, `${at}.quantity`);
      if (line.amountYuan !== undefined && toFen(line.amountYuan) !== standard)
        return refuse(
          'fee-not-standard',
          `${item.name}: the published standard (${item.standard}) makes ${(standard / 100).toFixed(2)} yuan, not ${line.amountYuan}`,
          `${at}.amountYuan`,
          { standardYuan: standard / 100 },
        );
      fees.push({
        feeId: `f${(state.fees ?? []).length + fees.length}`,
        matterCode: line.matterCode,
        itemCode: item.code,
        name: item.name,
        department: matter.department,
        ...(perUnit && line.quantity !== undefined ? { quantity: line.quantity, unit: perUnit.unit } : {}),
        amountFen: standard,
      });
    }
    return [{ event: { type: 'FeesAssessed', fees } }];
  },

  PayFee(state, command) {
    const fee = openFee(state, command.feeId, ': pay after it');
    if (isRejection(fee)) return fee;
    const due = feeDue(fee);
    if (toFen(command.amountYuan) !== due)
      return refuse(
        'payment-amount',
        `${fee.name}: ${(due / 100).toFixed(2)} yuan is due, paid in full, not ${command.amountYuan}`,
        'amountYuan',
        { dueYuan: due / 100 },
      );
    return [{ event: { type: 'FeePaid', feeId: fee.feeId, amountFen: due, receipt: command.receipt } }];
  },

  RequestFeeWaiver(state, command, ctx) {
    const fee = openFee(state, command.feeId, '');
    if (isRejection(fee)) return fee;
    if (fee.waiver?.decided)
      return refuse(
        'waiver-already-decided',
        `a waiver of ${fee.name} was already decided (one request per fee)`,
        'feeId',
      );
    const item = ctx.matters[fee.matterCode]?.guide?.fees.find((candidate) => candidate.code === fee.itemCode);
    if (!item?.waiver)
      return refuse('waiver-not-provided', `the published standard of ${fee.name} provides no waiver`, 'feeId');
    const amountFen = command.amountYuan === undefined ? fee.amountFen : toFen(command.amountYuan);
    if (amountFen <= 0 || amountFen > fee.amountFen)
      return refuse(
        'waiver-amount',
        `a waiver of ${fee.name} is more than 0 and at most ${(fee.amountFen / 100).toFixed(2)} yuan`,
        'amountYuan',
      );
    return [{ event: { type: 'FeeWaiverRequested', feeId: fee.feeId, amountFen, reason: command.reason } }];
  },

  DecideFeeWaiver(state, command, ctx) {
    const fee = feeOf(state, command.feeId);
    if (!fee) return refuse('unknown-fee', `no fee ${command.feeId} on this case`, 'feeId');
    if (!fee.waiver || fee.waiver.decided)
      return refuse('no-waiver-requested', `no waiver of ${fee.name} awaits a decision`, 'feeId');
    const actor = command.actor;
    // The fee's own department (its department or integrator key) or a supervisor; never an admin or the window.
    const authorised = actor.role === 'supervisor' || (actor.role !== 'admin' && actsFor(actor, fee.department, ctx));
    if (!authorised)
      return actor.department !== undefined
        ? refuse(
            'wrong-department',
            `a waiver of ${fee.name} is decided by ${fee.department} or a supervisor`,
            'feeId',
            {
              department: fee.department,
            },
          )
        : refuse('forbidden-role', `a waiver is decided by the fee's department or a supervisor, not ${actor.role}`);
    if (actor.id === fee.assessedBy.id || actor.id === fee.waiver.requestedBy.id)
      return refuse(
        'waiver-by-assessor',
        'a waiver is decided by someone other than the clerk who assessed the fee or asked for the waiver',
        'feeId',
      );
    return [
      {
        event: { type: 'FeeWaiverDecided', feeId: fee.feeId, granted: command.granted, reasons: command.reasons },
      },
    ];
  },
};

function patchFee(state: CaseState, id: string, patch: (fee: CaseFee) => CaseFee): CaseState {
  return { ...state, fees: (state.fees ?? []).map((fee) => (fee.feeId === id ? patch(fee) : fee)) };
}

/**
 * The issuance (Art. 44) waits for the fees, on the applicant's time: while a fee is due or its waiver undecided the
 * issuance clock is held (`awaiting-payment`), released when the last one is settled.
 */
export function holdIssuanceForFees(state: CaseState, ctx: DeciderContext, { at }: { at: Instant }): Draft[] {
  if (state.status !== 'awaiting-issuance' || !ctx.rules.clockModel2 || (state.fees ?? []).length === 0) return [];
  const issuance = state.clocks.issuance;
  if (!issuance || issuance.stoppedAt) return [];
  const held = state.suspensions.find(
    (suspension) => suspension.reason === 'awaiting-payment' && !suspension.resumedAt,
  );
  const owed = unsettledFees(state).length > 0;
  if (owed && !held) {
    const id = nextSuspensionId(state);
    return [
      {
        event: {
          type: 'ClockSuspended',
          id,
          keys: ['issuance'],
          reason: 'awaiting-payment',
          note: '费用未缴清（或减免未决），暂不出证',
          expectedWorkingDays: 0,
          clocks: { issuance: holdClock(issuance, at, id) },
        },
      },
    ];
  }
  if (!owed && held?.id) return [{ event: releaseDraft(state.clocks, ctx, at, held.id, held.keys).event }];
  return [];
}

/** A case closed without its licence (refused, withdrawn, terminated …) cancels what its fees still asked. */
export function cancelUnsettledFees(state: CaseState): Draft[] {
  if (!isClosed(state)) return [];
  const open = unsettledFees(state);
  if (open.length === 0) return [];
  return [
    {
      event: {
        type: 'FeesCancelled',
        feeIds: open.map((fee) => fee.feeId),
        reason: state.closed?.reason ?? state.status,
      },
    },
  ];
}

export const feeEvolvers: Evolvers<
  'FeesAssessed' | 'FeePaid' | 'FeeWaiverRequested' | 'FeeWaiverDecided' | 'FeesCancelled'
> = {
  FeesAssessed: (state, event) => ({
    ...state,
    fees: [
      ...(state.fees ?? []),
      ...event.fees.map((fee) => ({ ...fee, assessedAt: event.at, assessedBy: event.actor })),
    ],
  }),
  FeePaid: (state, event) =>
    patchFee(state, event.feeId, (fee) => ({
      ...fee,
      paid: { at: event.at, by: event.actor, amountFen: event.amountFen, receipt: event.receipt },
    })),
  FeeWaiverRequested: (state, event) =>
    patchFee(state, event.feeId, (fee) => ({
      ...fee,
      waiver: { requestedAt: event.at, requestedBy: event.actor, reason: event.reason, amountFen: event.amountFen },
    })),
  FeesCancelled: (state, event) => ({
    ...state,
    fees: (state.fees ?? []).map((fee) =>
      event.feeIds.includes(fee.feeId) ? { ...fee, cancelled: { at: event.at, reason: event.reason } } : fee,
    ),
  }),
  FeeWaiverDecided: (state, event) =>
    patchFee(state, event.feeId, (fee) => ({
      ...fee,
      waiver: fee.waiver && {
        ...fee.waiver,
        decided: { at: event.at, by: event.actor, granted: event.granted, reasons: event.reasons },
      },
    })),
};

/** The events that change a case's fees, as the evolvers above fold them: what the read model's fee rows follow. */
export const FEE_EVENT_TYPES: readonly string[] = Object.keys(feeEvolvers);
