import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { eLicenceProblems, findTemplate, mattersOfTemplate, type CatalogSnapshot } from '@onewindow/catalog';
import { findLicence } from '@onewindow/persistence';
import { DataSource } from 'typeorm';
import type { TemporalSettings } from '@onewindow/config';
import {
  caseWorkflowId,
  CASE_WORKFLOW_TYPE,
  submissionCommand,
  type CaseStartInput,
  type StartCaseRequest,
  type StartedCase,
} from '@onewindow/contract/http';
import { CURRENT_RULES, decide, initialCaseState, type CaseView } from '@onewindow/case';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';

import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { ReferenceDataService } from '../reference/reference-data.service';
import { CaseReadService } from './case-read.service';
import { QueryCodes } from './query-codes.service';

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
    private readonly reference: ReferenceDataService,
    private readonly reads: CaseReadService,
    private readonly queryCodes: QueryCodes,
    private readonly dataSource: DataSource,
  ) {}

  /** 免提交: the documents given by an electronic licence number, checked against the licence records (422 per field). */
  private async verifyELicences(input: CaseStartInput, catalog: CatalogSnapshot): Promise<void> {
    const numbers = input.documents.flatMap((document) => (document.licenceNumber ? [document.licenceNumber] : []));
    if (numbers.length === 0) return;
    const records = new Map(
      await Promise.all(numbers.map(async (number) => [number, await findLicence(this.dataSource, number)] as const)),
    );
    const problems = eLicenceProblems(input.documents, input.applicant.creditCode, records, catalog);
    if (problems.length > 0)
      throw ApiError.unprocessable(
        'validation-failed',
        problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
        problems,
      );
  }

  /**
   * Judges the start as the case will: the decider's own submission rule (known template and materials, receipt not
   * in the future), run here on the active catalogue so a case it would refuse never starts.
   */
  private async judge(input: CaseStartInput): Promise<string> {
    const catalog = await this.reference.catalog();
    if (!catalog) throw new ApiError(503, 'catalogue-missing', 'no catalogue is published yet');
    const template = findTemplate(catalog, input.templateId);
    if (!template) {
      throw ApiError.unprocessable(
        'unknown-template',
        `templateId: ${input.templateId} is not a template of catalogue ${catalog.version}`,
        [
          {
            field: 'templateId',
            rule: 'known-template',
            message: `known: ${catalog.templates.map((t) => t.id).join(', ')}`,
          },
        ],
      );
    }
    await this.verifyELicences(input, catalog);
    const context = {
      template,
      matters: mattersOfTemplate(catalog, template.id),
      calendar: await this.reference.calendar(),
      catalogVersion: catalog.version,
    };
    const decision = decide(
      initialCaseState,
      submissionCommand(input, new Date().toISOString(), CURRENT_RULES),
      context,
    );
    if (!decision.ok) throw ApiError.refused(decision.rejection.code, decision.rejection.message, decision.rejection);
    return catalog.version;
  }

  async start(body: StartCaseRequest, principal: Principal, idempotencyKey?: string): Promise<StartedCase> {
    const caseId = body.caseId ?? newCaseId();
    const request: CaseStartInput = {
      caseId,
      templateId: body.templateId,
      applicant: { ...body.applicant },
      project: { ...body.project },
      documents: body.documents.map((document) => ({ ...document })),
      receivedAt: body.receivedAt ? new Date(body.receivedAt).toISOString() : new Date().toISOString(),
      ...(body.landContractSigned ? { landContractSigned: true } : {}),
      actor: actorOf(principal),
      commandId: idempotencyKey ?? randomUUID(),
    };
    const input: CaseStartInput = { ...request, catalogVersion: await this.judge(request) };
    // Before the start: a case never starts without the code its receipt prints.
    const queryCode = await this.queryCodes.of(caseId);
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
        queryCode,
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
            queryCode,
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

  /** The case from the read model (never a workflow query), evaluated at `asOf` or now. */
  state(caseId: string, asOf?: string): Promise<CaseView> {
    return this.reads.view(caseId, asOf);
  }
}
