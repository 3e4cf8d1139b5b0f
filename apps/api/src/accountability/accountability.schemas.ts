import { z } from 'zod';
import { actor, instant, text } from '@onewindow/contract/http';
import {
  ACCOUNTABILITY_FINDINGS,
  ACCOUNTABILITY_SOURCES,
  COMPLAINT_FINDINGS,
  findingProblem,
} from '@onewindow/supervision';

/** 评议投诉 and 过错责任追究: the applicant's complaints and the accountability records the facts open. */

const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'a department code');
const limit = z.coerce.number().int().min(1).max(500).default(100);
const openOnly = z.enum(['true', 'false']).optional();

export const fileComplaintSchema = z.strictObject({
  subject: text(2000).meta({ example: '窗口人员告知的材料清单与公示不一致，多跑了一次' }),
});
export type FileComplaintRequest = z.infer<typeof fileComplaintSchema>;

export const answerComplaintSchema = z.strictObject({
  finding: z.enum(COMPLAINT_FINDINGS).describe('成立 upheld (opens an accountability record) / 不成立 not-upheld'),
  answer: text(2000)
    .describe('what the applicant is told back')
    .meta({ example: '经核查，投诉属实，已责令整改并向您致歉' }),
});
export type AnswerComplaintRequest = z.infer<typeof answerComplaintSchema>;

export const complaintSchema = z
  .strictObject({
    id: z.string(),
    caseId: z.string(),
    departments: z.array(z.string()).describe('the case’s departments when the complaint was filed'),
    subject: z.string(),
    filedBy: actor.describe('the key that relayed it from the applicant’s channel'),
    filedAt: instant,
    deadline: instant.describe('the answer limit (ONEWINDOW_COMPLAINT_WORKING_DAYS working days)'),
    provisional: z.boolean().describe('the deadline runs past the published calendar'),
    answeredAt: instant.nullable(),
    finding: z.enum(COMPLAINT_FINDINGS).nullable(),
    answer: z.string().nullable(),
    answeredBy: actor.nullable(),
    onTime: z.boolean().nullable().describe('answered by the deadline; null while open'),
    overdue: z.boolean().describe('open and past the deadline'),
  })
  .meta({ id: 'Complaint' });

export const complaintListSchema = z.strictObject({ items: z.array(complaintSchema) });

export const listComplaintsQuerySchema = z.strictObject({
  caseId: z.string().max(200).optional().describe('the complaints about one case'),
  department: departmentCode
    .optional()
    .describe('complaints about this department’s cases (a department key: its own)'),
  open: openOnly.describe('true: only the complaints not yet answered'),
  limit,
});

export const closeAccountabilitySchema = z
  .strictObject({
    finding: z.enum(ACCOUNTABILITY_FINDINGS).describe('过错 at-fault / 无过错 no-fault'),
    reasons: text(2000).meta({ example: '经调查，承办人未在时限内提出审查意见，且未申请延期' }),
    measure: text(2000)
      .optional()
      .describe('the measure taken (问责措施); required for at-fault')
      .meta({ example: '诫勉谈话，通报批评' }),
  })
  .superRefine((closing, context) => {
    const problem = findingProblem(closing);
    if (problem) context.addIssue({ code: 'custom', path: [problem.field], message: problem.rule });
  });
export type CloseAccountabilityRequest = z.infer<typeof closeAccountabilitySchema>;

export const accountabilityRecordSchema = z
  .strictObject({
    id: z.string(),
    source: z.enum(ACCOUNTABILITY_SOURCES).describe('what opened it: a step’s 红牌, a late 整改, an upheld 投诉'),
    sourceId: z.string().describe('the red-carded step (caseId/stepId), the rectification or the complaint'),
    department: z.string(),
    caseId: z.string(),
    stepId: z.string().nullable(),
    reviewer: z.string().nullable().describe('the key that last gave the step’s opinion, when there is one'),
    openedAt: instant.describe('when the fact happened'),
    closedAt: instant.nullable(),
    finding: z.enum(ACCOUNTABILITY_FINDINGS).nullable(),
    reasons: z.string().nullable(),
    measure: z.string().nullable(),
    closedBy: actor.nullable(),
  })
  .meta({ id: 'AccountabilityRecord' });

export const accountabilityListSchema = z.strictObject({ items: z.array(accountabilityRecordSchema) });

export const listAccountabilityQuerySchema = z.strictObject({
  department: departmentCode.optional().describe('records against this department (a department key: its own)'),
  caseId: z.string().max(200).optional(),
  open: openOnly.describe('true: only the records not yet closed'),
  limit,
});
