import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isGrpcServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { bundleCaseWorkflows } from '@onewindow/workflows/bundle';
import { verifyChain, type ChainRow } from '@onewindow/audit';
import { caseWorkflowId, type HistoryEntry } from '@onewindow/contract/http';
import { caseView, fold, type CaseView } from '@onewindow/case';
import {
  caseLastSequences,
  lastCaseEvent,
  listApiKeys,
  matchingCaseIds,
  readCaseEventPayloads,
  readCaseEvents,
  toChainRow,
  type CaseListFilter,
} from '@onewindow/persistence';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ApiError } from '../common/api-error';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { assertCaseId } from '../cases/case-errors';
import type { ReplayAnswer, ReplayRequest, Verification } from './audit.schemas';
import { zipArchive } from './audit-archive';
import { ReplayLane, ReplayLaneFullError, unreplayable } from './replay-lane';

/** The name of the API key an event's actor acted with (null for the engine itself or a key since deleted). */
interface TimelineWho {
  actorName: string | null;
}

/** The auditors' views: the domain log, as-of state, the hash chain, archive bundles and determinism replay. */
/** gRPC status code 5: what fetchHistory reports for a workflow that does not exist. */
const GRPC_NOT_FOUND = 5;

@Injectable()
export class AuditService implements OnModuleDestroy {
  private bundle?: Promise<WorkflowBundleWithSourceMap>;
  private readonly logger = new Logger('AuditReplay');
  /** Every replay goes through one replay worker (one per request leaked memory: see ReplayLane). */
  private readonly replays = new ReplayLane(async () => ({ workflowBundle: await this.workflowBundle() }), {
    maxWaiting: 20,
    onStop: (error, replayed) =>
      this.logger.warn(
        `the replay worker stopped after ${replayed} replays: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly reference: ReferenceDataService,
  ) {}

  /** The event log for the staff: no hashes, and each actor's key named (who, not only which role). */
  async timeline(caseId: string): Promise<Array<Omit<HistoryEntry, 'prevHash' | 'hash' | 'recordedAt'> & TimelineWho>> {
    const entries = await this.history(caseId);
    const names = new Map((await listApiKeys(this.dataSource)).map((key) => [key.id, key.name]));
    return entries.map(({ prevHash: _p, hash: _h, recordedAt: _r, ...entry }) => ({
      ...entry,
      actorName: names.get(entry.actor.id) ?? null,
    }));
  }

  async history(caseId: string): Promise<HistoryEntry[]> {
    assertCaseId(caseId);
    const rows = await readCaseEvents(this.dataSource, caseId);
    if (rows.length === 0) throw ApiError.notFound('case-not-found', `case ${caseId} has no recorded events`);
    return rows.map((row) => ({
      sequence: row.sequence,
      type: row.type,
      // Written by the projection from the workflow's RecordedEvent, whose actor has this shape.
      actor: row.actor as HistoryEntry['actor'],
      commandId: row.commandId,
      occurredAt: row.occurredAt,
      recordedAt: row.recordedAt,
      event: row.payload,
      prevHash: row.prevHash,
      hash: row.hash,
    }));
  }

  async temporalHistory(caseId: string): Promise<unknown> {
    assertCaseId(caseId);
    try {
      const history = await this.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
      return JSON.parse(historyToJSON(history)) as unknown;
    } catch (error) {
      // fetchHistory reports an unknown workflow as the bare gRPC NOT_FOUND, not as WorkflowNotFoundError.
      if (
        error instanceof WorkflowNotFoundError ||
        (isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND)
      )
        throw ApiError.notFound('case-not-found', `case ${caseId} does not exist`);
      throw error;
    }
  }

  /** The case as it stood at `asOf`: the same `evolve` as the workflow, folded over the log up to that instant. */
  async stateAsOf(caseId: string, asOf: string): Promise<CaseView> {
    assertCaseId(caseId);
    // Only the payloads up to the instant, from the database: a long case's log is not read whole to be filtered.
    const events = await readCaseEventPayloads(this.dataSource, caseId, asOf);
    if (events.length === 0) {
      if (!(await lastCaseEvent(this.dataSource, caseId)))
        throw ApiError.notFound('case-not-found', `case ${caseId} has no recorded events`);
      throw ApiError.notFound('case-not-found', `case ${caseId} did not exist yet at ${asOf}`);
    }
    const calendar = await this.reference.calendar();
    return caseView(fold(events), asOf, calendar);
  }

  async verify(caseId?: string): Promise<Verification> {
    if (caseId !== undefined) assertCaseId(caseId);
    const rows = await readCaseEvents(this.dataSource, caseId);
    const byCase = new Map<string, ChainRow[]>();
    for (const row of rows) {
      const chain = byCase.get(row.caseId);
      if (chain) chain.push(toChainRow(row));
      else byCase.set(row.caseId, [toChainRow(row)]);
    }
    // The read model's last sequence anchors the length: a log cut off at its end is caught too.
    const anchors = await caseLastSequences(this.dataSource, caseId);
    const expected = new Map(anchors.map((anchor) => [anchor.caseId, anchor.lastSequence]));
    for (const [id, last] of expected) if (!byCase.has(id) && last > 0) byCase.set(id, []);
    const problems = [...byCase].flatMap(([id, chain]) =>
      verifyChain(chain, expected.get(id)).map((problem) => ({ ...problem, caseId: id })),
    );
    return { verified: problems.length === 0, cases: byCase.size, events: rows.length, problems };
  }

  /** One self-contained archive bundle (审批档案): events with hashes, Temporal history, catalogue, calendar. */
  async export(caseId: string) {
    const events = await this.history(caseId);
    const submitted = events[0].event as { catalogVersion?: unknown };
    const catalogVersion = typeof submitted.catalogVersion === 'string' ? submitted.catalogVersion : undefined;
    const catalog = catalogVersion ? await this.reference.catalog(catalogVersion) : undefined;
    return {
      format: 'onewindow-case-archive/1',
      exportedAt: new Date().toISOString(),
      caseId,
      verification: await this.verify(caseId),
      events,
      temporalHistory: await this.temporalHistory(caseId),
      catalog: catalog ?? null,
      calendar: await this.reference.calendarData(),
      calendarVersionsUsed: [
        ...new Set(
          events.flatMap((entry) =>
            Object.values((entry.event as { clocks?: Record<string, { calendarVersion?: string }> }).clocks ?? {}).map(
              (clock) => clock.calendarVersion ?? '',
            ),
          ),
        ),
      ].filter(Boolean),
    };
  }

  /**
   * The bundles of every case a filter matches, as one zip (manifest.json and cases/<id>.json). More matching cases
   * than `limit` is refused, never cut off: an archive that silently misses cases would mislead its reader.
   */
  async archive(filter: CaseListFilter, limit: number): Promise<Buffer> {
    const { caseIds, total } = await matchingCaseIds(this.dataSource, filter, limit);
    if (total > limit) {
      const message = `${total} cases match the filter, more than limit ${limit}: narrow the filter or raise the limit (at most 1000)`;
      throw ApiError.unprocessable('archive-too-large', message, [{ field: 'limit', rule: 'max-cases', message }]);
    }
    const cases = [];
    for (const caseId of caseIds) {
      // A case whose first events have not reached the audit log yet has nothing to archive.
      const rows = await readCaseEvents(this.dataSource, caseId);
      if (rows.length === 0) continue;
      const bundle = await this.export(caseId);
      cases.push({ caseId, verified: bundle.verification.verified, events: bundle.events.length, bundle });
    }
    return zipArchive({ ...filter }, cases, new Date().toISOString());
  }

  async onModuleDestroy(): Promise<void> {
    await this.replays.close();
  }

  /** How many replay workers this process has built: one, unless one stopped as a whole. */
  get replayWorkersStarted(): number {
    return this.replays.workersStarted;
  }

  private workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
    // A bundle that failed to build is built again by the next replay, not remembered as failed.
    this.bundle ??= bundleCaseWorkflows().catch((error: unknown) => {
      this.bundle = undefined;
      throw error;
    });
    return this.bundle;
  }

  /** Replays a Temporal history against today's workflow code: deterministic, or where it diverges. */
  async replay(request: ReplayRequest): Promise<ReplayAnswer> {
    let history: unknown = request.history;
    if (request.caseId) history = await this.temporalHistory(request.caseId);
    if (!history)
      throw ApiError.unprocessable('history-required', 'send caseId or history', [
        { field: 'caseId', rule: 'one-of', message: 'caseId or history is required' },
      ]);
    let parsed;
    try {
      parsed = historyFromJSON(history);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw ApiError.unprocessable('invalid-history', `history: not a Temporal history (${reason})`, [
        { field: 'history', rule: 'temporal-history', message: `not a Temporal history: ${reason}` },
      ]);
    }
    const broken = unreplayable(parsed);
    if (broken) {
      const field = request.caseId ? 'caseId' : 'history';
      throw ApiError.unprocessable('invalid-history', `${field}: no history to replay (${broken})`, [
        { field, rule: 'temporal-history', message: `not a replayable Temporal history: ${broken}` },
      ]);
    }
    let verdict: Error | undefined;
    try {
      verdict = await this.replays.replay(parsed, request.caseId ? caseWorkflowId(request.caseId) : 'uploaded-history');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof ReplayLaneFullError)
        throw new ApiError(503, 'replay-busy', `too many replays are waiting, retry: ${reason}`);
      // The replay worker itself failed: no verdict on the history, so none is given.
      throw new ApiError(503, 'replay-unavailable', `the replay worker failed, retry: ${reason}`);
    }
    if (!verdict) return { ...(request.caseId ? { caseId: request.caseId } : {}), deterministic: true };
    return {
      ...(request.caseId ? { caseId: request.caseId } : {}),
      deterministic: false,
      divergence: `${verdict.name}: ${verdict.message}`,
    };
  }
}
