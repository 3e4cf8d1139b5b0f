import { z } from 'zod';
import { HANDLING_KINDS, LIMIT_UNITS } from '@onewindow/catalog';
import type { EventKit } from './schema-kit';
import {
  CASE_STATUSES,
  FEE_STATUSES,
  OPINION_KINDS,
  STEP_STATUSES,
  SUSPENSION_CAUSES,
  VERIFICATION_RESULTS,
  WARNING_LEVELS,
} from './vocabulary';

/**
 * The schemas of a case's views (what the API answers for a case), built from the kit on each call: the API builds
 * them once (`@onewindow/case/schemas`); the workflow sandbox, which runs `caseView`, never builds any.
 */
export function viewSchemas(kit: EventKit) {
  const f = kit;
  const stepTime = kit.stepTime;
  const { instant, count, actor, applicant, project } = f;
  const warningLevelSchema = z.enum(WARNING_LEVELS).describe('none, 预警 warning, 黄牌 yellow (overdue), 红牌 red');

  const clockViewSchema = z
    .strictObject({
      deadline: instant,
      provisional: z.boolean().describe('counted across a year with no published holiday notice'),
      remainingWorkingDays: count.describe('whole working days left: 0 on the last day, negative when overdue'),
      remainingWorkingMinutes: count
        .optional()
        .describe('limits in working hours or minutes: office minutes left, negative when overdue'),
      unit: z.enum(LIMIT_UNITS).describe('the unit the period counts in (also of extensionDays and suspendedDays)'),
      warningLevel: warningLevelSchema,
      overdue: z.boolean(),
      suspended: z.boolean(),
      extensionDays: count,
      suspendedDays: count,
      stoppedAt: instant.optional().describe('when the period’s work was done'),
      suspendedSince: instant.optional().describe('held still since (补正, an Art. 45 period)'),
      legalDeadline: instant.optional().describe('the legal limit (法定时限) beside the promised one'),
      legalDeadlineProvisional: z
        .boolean()
        .optional()
        .describe('the legal deadline falls in a year with no notice yet'),
      legalOverdue: z.boolean().optional().describe('the legal limit has passed'),
    })
    .meta({ id: 'ClockView', description: 'a legal period: its deadline and how it stands' });

  const hearingSchema = z.strictObject({
    notifiedAt: instant,
    requestBy: instant.describe('Art. 47: a hearing may be requested until then (5 working days)'),
    requestedAt: instant.optional(),
    requestedBy: z.string().optional(),
    holdBy: instant.optional().describe('Art. 47: held within 20 working days of the request'),
    scheduledFor: instant.optional(),
    place: z.string().optional(),
    scheduledAt: instant.optional().describe('Art. 48: when the parties were told of the time and place'),
    heldAt: instant.optional(),
    record: z.string().optional(),
    lapsedAt: instant.optional().describe('the request period ended without a request'),
    clock: clockViewSchema.optional(),
  });

  /** The alarms a step's clock has raised, whether or not the step has finished since. */
  const raisedSchema = z
    .strictObject({
      warning: z.boolean().describe('预警 raised'),
      yellow: z.boolean().describe('黄牌 raised: its deadline passed'),
      red: z.boolean().describe('红牌 raised: its supervision deadline passed'),
      legal: z.boolean().describe('its legal limit (法定时限) passed'),
    })
    .meta({ id: 'RaisedAlerts' });

  const stepTimeSchema = stepTime;

  const stepViewSchema = z
    .strictObject({
      stepId: z.string(),
      matterCode: z.string(),
      department: z.string(),
      phase: z.enum(['pre-review', 'formal']),
      required: z.boolean(),
      status: z.enum(STEP_STATUSES),
      startedAt: instant.optional(),
      finishedAt: instant.optional(),
      opinion: z
        .string()
        .optional()
        .describe(`the last opinion: ${OPINION_KINDS.join(', ')}`),
      reasons: z.string().optional(),
      deemedBy: z
        .string()
        .optional()
        .describe('a favourable outcome without an agree: timeout, absent, disagree-without-reasons'),
      escalated: z.boolean(),
      immediate: z.boolean(),
      extended: z.boolean(),
      clock: clockViewSchema.optional(),
      referral: clockViewSchema.optional().describe('Art. 43: the lower-level review of a 上报件'),
      skippedBecause: z.string().optional().describe('a step it waits for was refused'),
      cancelled: z
        .strictObject({ at: instant, reason: z.string() })
        .optional()
        .describe('the case closed before the step had an outcome: when, and the case’s reason'),
      exempt: z
        .strictObject({ basis: z.string(), condition: z.string() })
        .optional()
        .describe('审批豁免清单: the project needs no such approval (the basis and the condition it meets)'),
      hearing: hearingSchema.optional().describe('Arts. 47-48: the hearing on this step, with the clock it is held by'),
      reviewer: z.string().optional().describe('the key that recorded the last opinion (none for the engine’s own)'),
      raised: raisedSchema,
      time: stepTimeSchema.optional().describe('what a finished (or cancelled) step used'),
    })
    .meta({ id: 'StepView', description: 'one department’s step of a case' });

  const missingDocumentSchema = z.strictObject({
    materialCode: z.string(),
    stepId: z.string().optional(),
    form: z.string().optional().describe('the form the item is owed in (原件, 复印件加盖公章 …)'),
    note: z.string().optional(),
    reason: z.string().describe('notice (一次性告知), tolerance (容缺) or correction (补正)'),
    requestedAt: instant,
    dueAt: instant.optional(),
    suppliedAt: instant.optional(),
  });

  const suspensionViewSchema = z.strictObject({
    id: z.string().optional(),
    stepId: z.string().optional(),
    keys: z.array(z.string()).describe('the clocks it holds'),
    reason: z.enum(SUSPENSION_CAUSES),
    note: z.string(),
    expectedWorkingDays: count,
    since: instant,
    resumedAt: instant.optional(),
    excludedDays: count.optional().describe('working days excluded, known at resumption'),
    actor,
    expectedEnd: instant.optional().describe('when the period it said it needs runs out'),
    overranAt: instant.optional().describe('still running when its stated period ran out'),
    overrun: z.boolean().describe('open past its stated period'),
  });

  const extensionSchema = z.strictObject({
    at: instant,
    reason: z.string(),
    approvedBy: z.string(),
    afterDeadline: z.boolean(),
  });

  const commitmentSchema = z.strictObject({
    materialCode: z.string(),
    text: z.string(),
    at: instant,
    verified: z.strictObject({ result: z.enum(VERIFICATION_RESULTS), at: instant, note: z.string() }).optional(),
  });

  const feeSchema = z
    .strictObject({
      feeId: z.string(),
      matterCode: z.string(),
      itemCode: z.string().describe('the published fee item'),
      name: z.string(),
      department: z.string(),
      quantity: z.number().optional(),
      unit: z.string().optional(),
      amountFen: count.describe('assessed, in 分'),
      assessedAt: instant,
      assessedBy: actor,
      waiver: z
        .strictObject({
          requestedAt: instant,
          requestedBy: actor,
          reason: z.string(),
          amountFen: count,
          decided: z.strictObject({ at: instant, by: actor, granted: z.boolean(), reasons: z.string() }).optional(),
        })
        .optional()
        .describe('减免: the request and its decision'),
      paid: z.strictObject({ at: instant, by: actor, amountFen: count, receipt: z.string() }).optional(),
      cancelled: z
        .strictObject({ at: instant, reason: z.string() })
        .optional()
        .describe('the case closed without its licence: not collected'),
      status: z.enum(FEE_STATUSES),
      dueFen: count.describe('what it still asks, in 分'),
    })
    .meta({ id: 'CaseFee', description: 'a fee of the case (统一收费)' });

  const caseViewSchema = z
    .strictObject({
      starting: z
        .literal(true)
        .optional()
        .describe('never in an answer: a case still loading its context answers 409 case-starting'),
      caseId: z.string(),
      templateId: z.string(),
      catalogVersion: z.string(),
      status: z.enum(CASE_STATUSES),
      kind: z.enum(HANDLING_KINDS).describe('七类办件'),
      priority: z.boolean().describe('特办件'),
      receivedAt: instant,
      acceptedAt: instant.optional(),
      acceptanceMode: z.string().optional(),
      countedFrom: instant.optional(),
      landContractSigned: z.boolean(),
      formallyAcceptedAt: instant.optional().describe('拿地即开工: 预审转正式受理'),
      applicant,
      project,
      deadline: instant.optional(),
      deadlineProvisional: z.boolean(),
      deadlineRunning: z.boolean().describe('the headline deadline’s clock runs (not stopped, not held)'),
      legalDeadline: instant.optional().describe('the headline clock’s legal limit (法定时限)'),
      remainingWorkingDays: count.optional(),
      warningLevel: warningLevelSchema,
      overdue: z.boolean().describe('any step, the case or the issuance ran past its deadline'),
      legalOverdue: z.boolean().describe('any of them ran past its legal limit (法定时限)'),
      caseOverdue: z.boolean().describe('the case’s own limit (joint or promised) or its issuance (Art. 44) ran out'),
      caseLegalOverdue: z.boolean().describe('the case’s own legal limit or the issuance’s ran out'),
      rulesVersion: count.describe('which rules decide the case (1: 2026-11, 2: 2026-12, 3: 2026-12b, 4: 2026-12c)'),
      rules: z
        .strictObject({ version: count, label: z.string(), current: z.boolean() })
        .describe('the rules the case runs under, labelled; current false: older rules it keeps to its end'),
      steps: z.array(stepViewSchema),
      missingDocuments: z.array(missingDocumentSchema),
      suspensions: z.array(suspensionViewSchema),
      caseExtension: extensionSchema.optional(),
      noticeDueAt: instant.optional(),
      issuance: clockViewSchema
        .extend({
          licences: z.array(z.strictObject({ stepId: z.string(), number: z.string() })),
          seal: z.string().optional().describe('the seal on the decision, e.g. 联合验收专用章'),
        })
        .optional(),
      fees: z
        .strictObject({
          items: z.array(feeSchema),
          assessedFen: count,
          paidFen: count,
          waivedFen: count,
          dueFen: count.describe('still to pay; the licence waits while anything is due or a waiver undecided'),
          cancelledFen: count.describe('neither paid nor waived when the case closed without its licence'),
        })
        .optional()
        .describe('统一收费: the fees assessed, in 分 (absent: none assessed)'),
      commitments: z.array(commitmentSchema),
      flags: z.array(z.string()),
      decisionWithheld: z.boolean(),
      refusedSteps: z.array(z.string()).describe('partial approval: the steps refused'),
      jointReviews: z.array(
        z.strictObject({ at: instant, present: z.array(z.string()), absent: z.array(z.string()), actor }),
      ),
      postDecisionCheck: z
        .strictObject({ until: instant, open: z.boolean() })
        .optional()
        .describe('告知承诺: the check period after the decision'),
      closed: z.strictObject({ at: instant, reason: z.string() }).optional(),
      responsibility: z
        .strictObject({
          firstResponder: actor.extend({ at: instant }).describe('首问负责人: the key that received the case'),
          current: z
            .strictObject({ id: z.string(), name: z.string().optional(), since: instant })
            .describe('who answers for the case now'),
          handOvers: z.array(
            z.strictObject({
              at: instant,
              from: z.strictObject({ id: z.string(), name: z.string().optional() }),
              to: z.strictObject({ id: z.string(), name: z.string() }),
              reason: z.string(),
              by: actor,
            }),
          ),
        })
        .optional()
        .describe('首问负责制 (absent on a case not yet received)'),
      eventCount: count,
    })
    .meta({ id: 'CaseView', description: 'a case as the kernel sees it at one instant' });

  return {
    clockView: clockViewSchema,
    raised: raisedSchema,
    stepView: stepViewSchema,
    missingDocument: missingDocumentSchema,
    suspensionView: suspensionViewSchema,
    caseView: caseViewSchema,
  };
}

type ViewSchemas = ReturnType<typeof viewSchemas>;
export type ClockView = z.infer<ViewSchemas['clockView']>;
export type RaisedAlerts = z.infer<ViewSchemas['raised']>;
export type StepView = z.infer<ViewSchemas['stepView']>;
export type CaseView = z.infer<ViewSchemas['caseView']>;
