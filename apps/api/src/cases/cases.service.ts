import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import type { TemporalSettings } from '../../../../libs/config';
import {
  caseSummaryQuery,
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  type CaseStartInput,
  type CaseSummary,
} from '../../../../libs/contract';
import { ApiError } from '../common/api-error';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import type { StartCaseDto } from './dto/start-case.dto';

export function newCaseId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `OW-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
  ) {}

  async start(dto: StartCaseDto): Promise<{ caseId: string; workflowId: string; runId: string; status: string }> {
    const caseId = dto.caseId ?? newCaseId();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt).toISOString() : new Date().toISOString();
    const input: CaseStartInput = {
      caseId,
      templateId: dto.templateId,
      applicant: { ...dto.applicant },
      project: { ...dto.project },
      documents: dto.documents.map((document) => ({ ...document })),
      receivedAt,
      actor: { id: 'api', role: 'window' },
    };
    try {
      const handle = await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: this.settings.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { caseId, workflowId: handle.workflowId, runId: handle.firstExecutionRunId, status: 'submitted' };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw ApiError.conflict('case-exists', `case ${caseId} already exists`);
      }
      throw error;
    }
  }

  async summary(caseId: string): Promise<CaseSummary> {
    try {
      return await this.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseSummaryQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      throw error;
    }
  }
}
