import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assessDocuments, mattersOfTemplate, findTemplate } from '../../../../libs/catalog';
import type { TemporalSettings } from '../../../../libs/config';
import { caseStateQuery, caseWorkflowId, CASE_WORKFLOW_TYPE, type CaseStartInput } from '../../../../libs/contract';
import type { CaseView } from '../../../../libs/domain';
import { loadCatalog } from '../../../../libs/persistence';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCaseId, caseQueryError } from './case-errors';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import type { StartCaseDto } from './dto/start-case.dto';

export function newCaseId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `OW-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function actorOf(principal: Principal): CaseStartInput['actor'] {
  return {
    id: principal.keyId,
    role: principal.role,
    ...(principal.department ? { department: principal.department } : {}),
  };
}

@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly dataSource: DataSource,
  ) {}

  /** Checks the request against the active catalogue: the template exists and every document is one of its materials. */
  private async checkAgainstCatalogue(dto: StartCaseDto): Promise<string> {
    const catalog = await loadCatalog(this.dataSource);
    if (!catalog) throw new ApiError(503, 'catalogue-missing', 'no catalogue is published yet');
    const template = findTemplate(catalog, dto.templateId);
    if (!template) {
      throw ApiError.unprocessable(
        'unknown-template',
        `templateId: ${dto.templateId} is not a template of catalogue ${catalog.version}`,
        [
          {
            field: 'templateId',
            rule: 'known-template',
            message: `known: ${catalog.templates.map((t) => t.id).join(', ')}`,
          },
        ],
      );
    }
    const assessment = assessDocuments(template, mattersOfTemplate(catalog, template.id), dto.documents);
    const problems = [
      ...assessment.unknownMaterials.map((code) => ({
        field: 'documents',
        rule: 'known-material',
        message: `${code} is not a material of template ${template.id}`,
      })),
      ...assessment.unknownSteps.map((stepId) => ({
        field: 'documents.stepId',
        rule: 'known-step',
        message: `${stepId} is not a step of template ${template.id}`,
      })),
    ];
    if (problems.length > 0) {
      throw ApiError.unprocessable(
        'unknown-material',
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        problems,
      );
    }
    return catalog.version;
  }

  async start(
    dto: StartCaseDto,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<{ caseId: string; workflowId: string; runId: string; status: string; existing: boolean }> {
    const catalogVersion = await this.checkAgainstCatalogue(dto);
    const caseId = dto.caseId ?? newCaseId();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt).toISOString() : new Date().toISOString();
    if (Date.parse(receivedAt) > Date.now() + 60_000) {
      throw ApiError.unprocessable('received-in-future', 'receivedAt: must not lie in the future', [
        { field: 'receivedAt', rule: 'not-in-future', message: 'must not lie in the future' },
      ]);
    }
    const input: CaseStartInput = {
      caseId,
      templateId: dto.templateId,
      applicant: { ...dto.applicant },
      project: { ...dto.project },
      documents: dto.documents.map((document) => ({ ...document })),
      receivedAt,
      ...(dto.landContractSigned ? { landContractSigned: true } : {}),
      catalogVersion,
      actor: actorOf(principal),
      commandId: idempotencyKey ?? randomUUID(),
    };
    try {
      const handle = await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: this.settings.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: idempotencyKey ? { idempotencyKey } : {},
      });
      return {
        caseId,
        workflowId: handle.workflowId,
        runId: handle.firstExecutionRunId,
        status: 'received',
        existing: false,
      };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        // The same Idempotency-Key returns the existing case; anything else is a conflict.
        const description = await this.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
        if (idempotencyKey && description.memo?.idempotencyKey === idempotencyKey) {
          return {
            caseId,
            workflowId: description.workflowId,
            runId: description.runId,
            status: 'received',
            existing: true,
          };
        }
        throw ApiError.conflict('case-exists', `case ${caseId} already exists`);
      }
      throw error;
    }
  }

  handle(caseId: string): WorkflowHandle {
    return this.client.workflow.getHandle(caseWorkflowId(caseId));
  }

  async state(caseId: string, asOf?: string): Promise<CaseView> {
    assertCaseId(caseId);
    try {
      return await this.handle(caseId).query(caseStateQuery, asOf ? { asOf } : {});
    } catch (error) {
      throw caseQueryError(caseId, error);
    }
  }
}
