import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { HandlingKind } from '@onewindow/catalog';
import { caseWorkflowId } from '@onewindow/contract/http';
import { caseView, fold, type CaseState, type CaseView } from '@onewindow/case';
import { caseLastSequences, readCaseEvents, readModelState } from '@onewindow/persistence';
import { ApiError } from '../common/api-error';
import { ReferenceDataService } from '../reference/reference-data.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { assertCaseId } from './case-errors';
import { ProjectionNotices } from './projection-notices.service';

export interface StoredCase {
  state: CaseState;
  templateKind?: string;
  lastSequence: number;
}

/**
 * A case as the read model holds it: the state the projection folded with the workflow's own `evolve`. The API
 * reads cases here and never queries a workflow of its own accord, so no request of ours can be what shapes a
 * workflow's history after a worker dies (see docs/architecture.md, "Failures and recovery").
 */
@Injectable()
export class CaseReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly notices: ProjectionNotices,
  ) {}

  /** The stored case, or 404 (no such case) / 409 case-starting (started, nothing projected yet). */
  async stored(caseId: string): Promise<StoredCase> {
    assertCaseId(caseId);
    const row = await readModelState(this.dataSource, caseId);
    if (!row) throw await this.missing(caseId);
    // Rows projected before the read model kept the state: fold the audit log, as the projection will next time.
    const state = row.state ?? fold((await readCaseEvents(this.dataSource, caseId)).map((entry) => entry.payload));
    return { state, lastSequence: row.lastSequence, ...(row.templateKind ? { templateKind: row.templateKind } : {}) };
  }

  /** Like `stored`, waiting up to `waitMs` for a case that is still starting (until its first state is projected). */
  async storedWhenStarted(caseId: string, waitMs = 2_000): Promise<StoredCase> {
    const deadline = Date.now() + waitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 200)) {
      const waiting = this.notices.until(caseId, 1, this.notices.listening ? deadline - Date.now() : delay);
      try {
        const stored = await this.stored(caseId);
        waiting.cancel();
        return stored;
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'case-starting') || Date.now() + delay > deadline) {
          waiting.cancel();
          throw error;
        }
      }
      await waiting.reached;
    }
  }

  /**
   * Resolves once the case's first state is in the read model (its context is loaded then), or after `pollMs` when
   * the projection's announcements are not coming (or the state was there already), at most after 2 s.
   */
  async started(caseId: string, pollMs: number): Promise<void> {
    const waiting = this.notices.until(caseId, 1, this.notices.listening ? 2_000 : pollMs);
    if ((await this.sequence(caseId)) !== undefined) {
      // Already there, yet refused as starting: nothing will be announced, so the caller just waits a moment.
      waiting.cancel();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    await waiting.reached;
  }

  /** The case view at `asOf` (default now), from the stored state and today's calendar. */
  async view(caseId: string, asOf?: string): Promise<CaseView> {
    const stored = await this.stored(caseId);
    return caseView(
      stored.state,
      asOf ?? new Date().toISOString(),
      await this.reference.calendar(),
      stored.templateKind as HandlingKind | undefined,
    );
  }

  /**
   * Read-your-writes: resolves once the read model holds the case's event `sequence` (or after `waitMs`), woken by
   * the projection's announcement, or polling when the announcements are not coming.
   */
  async reached(caseId: string, sequence: number, waitMs = 2_000): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 100)) {
      const waiting = this.notices.until(caseId, sequence, this.notices.listening ? deadline - Date.now() : delay);
      // Only the sequence: the stored state (tens of KiB of JSON) is not read to be compared.
      const stored = await this.sequence(caseId);
      if (stored !== undefined && stored >= sequence) {
        waiting.cancel();
        return;
      }
      await waiting.reached;
    }
  }

  /** The sequence the read model holds the case at, or undefined when it holds nothing of it yet. */
  private async sequence(caseId: string): Promise<number | undefined> {
    return (await caseLastSequences(this.dataSource, caseId))[0]?.lastSequence;
  }

  /** Not in the read model: a workflow that exists is still starting; none is an unknown case. */
  private async missing(caseId: string): Promise<ApiError> {
    try {
      const description = await this.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
      if (description.status.name === 'RUNNING')
        return new ApiError(409, 'case-starting', `case ${caseId} is starting; retry in a moment`);
      return ApiError.notFound('case-not-found', `case ${caseId} has no recorded state`);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        return ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      throw error;
    }
  }
}
