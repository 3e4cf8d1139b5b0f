import { CASE_STATUSES } from '../../../../../libs/domain';
import {
  anyObject,
  arrayOf,
  boolean,
  instant,
  integer,
  nullable,
  object,
  oneOfValues,
  text,
  type SchemaObject,
} from '../../common/response-schema';

/** What the case routes answer (the shapes of libs/domain's CaseView and libs/contract's CommandOutcome). */

const warningLevel = oneOfValues(['none', 'warning', 'yellow', 'red']);

const clockView = object(
  {
    deadline: instant,
    provisional: boolean,
    remainingWorkingDays: integer,
    warningLevel,
    overdue: boolean,
    suspended: boolean,
    extensionDays: integer,
    suspendedDays: integer,
  },
  { stoppedAt: instant },
);

const stepView = object(
  {
    stepId: text,
    matterCode: text,
    department: text,
    phase: text,
    required: boolean,
    status: oneOfValues([
      'waiting',
      'in-review',
      'awaiting-correction',
      'referred',
      'agreed',
      'deemed-consent',
      'refused',
    ]),
    escalated: boolean,
    immediate: boolean,
    extended: boolean,
  },
  {
    startedAt: instant,
    finishedAt: instant,
    opinion: text,
    reasons: text,
    deemedBy: text,
    clock: clockView,
    referral: clockView,
  },
);

export const caseViewSchema: SchemaObject = object(
  {
    caseId: text,
    templateId: text,
    catalogVersion: text,
    status: oneOfValues(CASE_STATUSES),
    kind: text,
    priority: boolean,
    receivedAt: instant,
    landContractSigned: boolean,
    applicant: object({ name: text, creditCode: text }),
    project: object({ name: text }),
    deadlineProvisional: boolean,
    warningLevel,
    overdue: boolean,
    steps: arrayOf(stepView),
    missingDocuments: arrayOf(
      object(
        { materialCode: text, reason: text, requestedAt: instant },
        { stepId: text, dueAt: instant, suppliedAt: instant },
      ),
    ),
    suspensions: arrayOf(anyObject),
    commitments: arrayOf(anyObject),
    flags: arrayOf(text),
    decisionWithheld: boolean,
    eventCount: integer,
  },
  {
    acceptedAt: instant,
    acceptanceMode: text,
    countedFrom: instant,
    deadline: instant,
    remainingWorkingDays: integer,
    caseExtension: anyObject,
    noticeDueAt: instant,
    issuance: anyObject,
    closed: object({ at: instant, reason: text }),
  },
);

export const startedCaseSchema: SchemaObject = object({
  caseId: text,
  workflowId: text,
  runId: text,
  status: text,
  existing: boolean,
});

export const caseListSchema: SchemaObject = object({
  items: arrayOf(
    object({
      caseId: text,
      templateId: text,
      status: text,
      kind: nullable(text),
      departments: arrayOf(text),
      deadline: nullable(instant),
      overdue: boolean,
      warningLevel: text,
      receivedAt: instant,
      closedAt: nullable(instant),
      updatedAt: instant,
    }),
  ),
  page: integer,
  pageSize: integer,
  total: integer,
});

export const signalSentSchema: SchemaObject = object({ commandId: text, caseId: text, name: text });

export const updateOutcomeSchema: SchemaObject = object({
  ok: { type: 'boolean', enum: [true] },
  commandId: text,
  duplicate: boolean,
  events: arrayOf(text),
  lastSequence: integer,
});

/** case-state is a case view, case-events and case-deadlines are lists, missing-documents a list too. */
export const queryResultSchema: SchemaObject = {
  oneOf: [caseViewSchema, { type: 'array', items: anyObject }],
};
