import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@onewindow/case';
import { caseWorkflowId, messageUpdates, type CommandOutcome } from '@onewindow/contract';
import {
  addRecomputationProgress,
  casesCountingIn,
  finishRecomputation,
  startRecomputation,
  storedClocks,
  type DeadlineMove,
  type RecomputationProgress,
} from '@onewindow/persistence';

export interface RecomputationPage {
  id: string;
  year: number;
  after: string;
  limit: number;
}

/** How long one case may stay busy (starting, handing over to a new run) before it is counted as failed. */
const BUSY_RETRIES = 20;
/** How long the read model gets to show a case's recomputed deadlines. */
const READ_MODEL_WAIT_MS = 10_000;

/** Cases asked at once: enough to keep the workers busy, few enough to leave room for the window's own messages. */
const CONCURRENCY = 8;

function sum(results: readonly RecomputationProgress[]): RecomputationProgress {
  const total = { changed: 0, unchanged: 0, closed: 0, failed: 0, moves: [] as DeadlineMove[] };
  for (const result of results) {
    total.changed += result.changed ?? 0;
    total.unchanged += result.unchanged ?? 0;
    total.closed += result.closed ?? 0;
    total.failed += result.failed ?? 0;
    total.moves.push(...(result.moves ?? []));
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Clocks = Record<string, { deadline: string; provisional: boolean }>;

function movesOf(caseId: string, before: Clocks, after: Clocks): DeadlineMove[] {
  return Object.entries(after).flatMap(([clock, now]) => {
    const was = before[clock];
    return was && was.deadline !== now.deadline
      ? [{ caseId, clock, from: was.deadline, to: now.deadline, becameFinal: was.provisional && !now.provisional }]
      : was && was.provisional && !now.provisional
        ? [{ caseId, clock, from: was.deadline, to: now.deadline, becameFinal: true }]
        : [];
  });
}

/**
 * The activities of the calendar recomputation: find the open cases a notice can move, page by page, and send each
 * `calendar-updated` as an update (the case answers when it has recomputed), then compare its deadlines before and
 * after in the read model.
 */
export function createRecomputationActivities(deps: { dataSource: DataSource; client?: Client }) {
  const outcomeOf = async (caseId: string, commandId: string): Promise<CommandOutcome | 'closed' | 'failed'> => {
    if (!deps.client) throw ApplicationFailure.nonRetryable('the worker has no Temporal client', 'no-client');
    const handle = deps.client.workflow.getHandle(caseWorkflowId(caseId));
    for (let attempt = 0; attempt < BUSY_RETRIES; attempt += 1) {
      try {
        return await handle.executeUpdate(messageUpdates['calendar-updated'], {
          args: [{ commandId, actor: SYSTEM_ACTOR }],
        });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'closed';
        const refusal = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
        const type = refusal instanceof ApplicationFailure ? refusal.type : undefined;
        if (type === 'case-closed') return 'closed';
        if (type === 'case-starting' || type === 'case-continuing') {
          await sleep(250);
          continue;
        }
        throw error;
      }
    }
    return 'failed';
  };

  const recomputeOne = async (caseId: string, commandId: string, before: Clocks): Promise<RecomputationProgress> => {
    const outcome = await outcomeOf(caseId, commandId);
    if (outcome === 'closed') return { closed: 1 };
    if (outcome === 'failed' || !outcome.ok) return { failed: 1 };
    // The update may answer before the projection writes (cases with regular activities, or a write waiting out
    // an outage); the read model then shows the new deadlines a moment later. A
    // duplicate (a retried attempt) answers with no events: the comparison with the page's own copy still tells.
    let after = await storedClocks(deps.dataSource, caseId);
    for (const until = Date.now() + READ_MODEL_WAIT_MS; after && after.lastSequence < outcome.lastSequence;) {
      if (Date.now() > until) break;
      await sleep(50);
      after = await storedClocks(deps.dataSource, caseId);
    }
    const moves = movesOf(caseId, before, after?.clocks ?? {});
    return moves.length > 0 || outcome.events.includes('DeadlinesRecomputed')
      ? { changed: 1, moves }
      : { unchanged: 1 };
  };

  return {
    async startCalendarRecomputation(input: { id: string; noticeId: number; calendarVersion: string }): Promise<void> {
      await startRecomputation(deps.dataSource, input.id, input.noticeId, input.calendarVersion);
    },

    /**
     * One page: returns where the next starts, or undefined when every case has been looked at. Cases are asked
     * eight at a time; each batch's results are written as soon as they are known and the heartbeat says how far
     * the page got, so a retried attempt goes on from there and counts nothing twice.
     */
    async recomputeCasePage(page: RecomputationPage): Promise<string | undefined> {
      const found = await casesCountingIn(deps.dataSource, page.year, page.after, page.limit);
      const resumed = Context.current().info.heartbeatDetails as { done?: number } | undefined;
      const start = resumed?.done ?? 0;
      if (start === 0) await addRecomputationProgress(deps.dataSource, page.id, { found: found.caseIds.length });
      for (let index = start; index < found.caseIds.length; index += CONCURRENCY) {
        const chunk = found.caseIds.slice(index, index + CONCURRENCY);
        const results = await Promise.all(
          chunk.map((caseId) => recomputeOne(caseId, `calendar-${page.id}-${caseId}`, found.clocks[caseId] ?? {})),
        );
        await addRecomputationProgress(deps.dataSource, page.id, sum(results));
        heartbeat({ done: index + chunk.length });
      }
      return found.scanned;
    },

    async finishCalendarRecomputation(input: { id: string; status: 'done' | 'failed' }): Promise<void> {
      await finishRecomputation(deps.dataSource, input.id, input.status);
    },
  };
}

export type RecomputationActivities = ReturnType<typeof createRecomputationActivities>;
