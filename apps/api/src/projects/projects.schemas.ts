import { z } from 'zod';
import { caseViewSchema, instant, type SameShape } from '@onewindow/contract/http';
import type { WholeProcessView } from '@onewindow/supervision';
import { queryBoolean, queryInteger } from '../common/zod';

const limit = z.strictObject({
  value: z.number().int(),
  unit: z.enum(['working-days', 'calendar-days', 'working-hours', 'working-minutes']),
});

export const wholeProcessSchema = z
  .strictObject({
    projectCode: z.string().describe('项目代码'),
    limit: limit.describe('the target: national 120 working days, or the catalogue’s local one'),
    basis: z.string(),
    usedWorkingDays: z.number().int().describe('working days the stage cases’ clocks counted (overlaps once)'),
    remainingWorkingDays: z.number().int().describe('negative: working days past the target'),
    overdue: z.boolean(),
    finished: z.boolean().describe('every stage case has finished'),
    stages: z.array(
      z.strictObject({
        caseId: z.string(),
        templateId: z.string(),
        stages: z.array(z.number().int()).describe('construction-approval stages 1–4 the case covers'),
        status: z.string(),
        startedAt: instant.optional().describe('acceptance, or formal acceptance (拿地即开工)'),
        stoppedAt: instant.optional(),
        usedWorkingDays: z.number().int(),
      }),
    ),
  })
  .meta({
    id: 'WholeProcess',
    description: '全流程审批时间: a project’s stage cases against the whole-process target',
  });

export const projectCodeSchema = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, '项目代码: letters, digits, dot, dash or underscore (at most 64)');

export const projectsQuerySchema = z.object({
  overdue: queryBoolean.optional().describe('only projects past their target (true) or within it (false)'),
  open: queryBoolean.default(true).describe('only projects with a stage case still open'),
  after: projectCodeSchema.optional().describe('the last project code of the previous page'),
  limit: queryInteger(1, 200).default(50),
});

export const projectsSchema = z
  .strictObject({
    projects: z.array(wholeProcessSchema),
    next: z.string().optional().describe('pass as `after` for the next page'),
  })
  .meta({ id: 'WholeProcessList' });

const answerMatchesView: SameShape<z.infer<typeof wholeProcessSchema>, WholeProcessView> = true;
void answerMatchesView;

/** `GET /v1/cases/{caseId}`: the case, and the whole-process clock of its project when it names one (项目代码). */
export const caseAnswerSchema = caseViewSchema
  .extend({ wholeProcess: wholeProcessSchema.optional().describe('the project’s whole-process clock') })
  .meta({ id: 'CaseAnswer' });
