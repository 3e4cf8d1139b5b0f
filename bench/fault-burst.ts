import type { Client as TemporalClient } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { caseWorkflowId } from '@onewindow/contract';

/** Who wrote a case's projection batches, and how many of them arrived ahead of their predecessor. */
export interface ProjectionWriters {
  /** recordCaseEvents attempts started (as local activities: writes recorded), per worker identity (pid@host). */
  byWorker: Record<string, number>;
  /**
   * Attempts that started while an attempt of another worker was still writing the same case (activities only: a
   * local activity runs in the worker that runs the case, so two workers never write one case side by side).
   */
  overlapping: number;
  /** Batches the activity parked because the batch before them was not written yet (its result's `parked`). */
  parkedBatches: number;
  /** Rows still in case_event_parked for the case: must be 0 once the case is done. */
  leftParked: number;
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

interface ProjectionResultPayload {
  parked?: number;
}

/** The result of a projection written as a local activity, from its marker; undefined for any other event. */
function localProjection(event: temporal.api.history.v1.IHistoryEvent): ProjectionResultPayload | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  const type = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type : '';
  if (type !== 'recordCaseEvents') return undefined;
  const result = marker.details?.result?.payloads?.[0]?.data;
  return result ? (JSON.parse(Buffer.from(result).toString('utf8')) as ProjectionResultPayload) : {};
}

/**
 * Reads the case's Temporal history (every run) for the projection activity: which worker started each attempt and
 * which results parked their batch; then counts what is still parked in Postgres.
 */
export async function projectionWriters(
  temporal: TemporalClient,
  caseId: string,
  databaseUrl: string,
): Promise<ProjectionWriters> {
  const writers: ProjectionWriters = { byWorker: {}, overlapping: 0, parkedBatches: 0, leftParked: 0 };
  const attempts = new Map<string, { identity: string; start: number; end?: number }>();
  const runs: Array<string | undefined> = [undefined];
  const seenRuns = new Set<string>();
  // The latest run first; a continued-as-new case names its predecessor in its first event.
  while (runs.length > 0) {
    const runId = runs.shift();
    const history = await temporal.workflow.getHandle(caseWorkflowId(caseId), runId).fetchHistory();
    const projection = new Set<string>();
    // A local activity (patched 'local-activities') runs in the worker that completed the task recording its marker.
    let taskWorker = '?';
    for (const event of history.events ?? []) {
      taskWorker = event.workflowTaskCompletedEventAttributes?.identity ?? taskWorker;
      const local = localProjection(event);
      if (local) {
        writers.byWorker[taskWorker] = (writers.byWorker[taskWorker] ?? 0) + 1;
        if ((local.parked ?? 0) > 0) writers.parkedBatches += 1;
      }
      const id = String(event.eventId);
      const started = event.workflowExecutionStartedEventAttributes;
      const previous = started?.continuedExecutionRunId;
      if (previous && !seenRuns.has(previous)) {
        seenRuns.add(previous);
        runs.push(previous);
      }
      if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCaseEvents') projection.add(id);
      const attempt = event.activityTaskStartedEventAttributes;
      if (attempt && projection.has(String(attempt.scheduledEventId))) {
        const identity = attempt.identity ?? '?';
        writers.byWorker[identity] = (writers.byWorker[identity] ?? 0) + 1;
        attempts.set(`${runId ?? ''}:${id}`, { identity, start: millis(event.eventTime) });
      }
      // The started event is written when the attempt ends: its closing event names it.
      const closed =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes;
      const attemptOf = closed && attempts.get(`${runId ?? ''}:${String(closed.startedEventId)}`);
      if (attemptOf) attemptOf.end = millis(event.eventTime);
      const completed = event.activityTaskCompletedEventAttributes;
      if (completed && projection.has(String(completed.scheduledEventId))) {
        const data = completed.result?.payloads?.[0]?.data;
        const result = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as ProjectionResultPayload) : {};
        if ((result.parked ?? 0) > 0) writers.parkedBatches += 1;
      }
    }
  }
  const intervals = [...attempts.values()];
  writers.overlapping = intervals.filter((one) =>
    intervals.some(
      (other) => other.identity !== one.identity && other.start <= one.start && (other.end ?? Infinity) > one.start,
    ),
  ).length;
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const left = await pg.query<{ count: string }>('SELECT count(*) FROM case_event_parked WHERE case_id = $1', [
      caseId,
    ]);
    writers.leftParked = Number(left.rows[0]?.count ?? 0);
  } finally {
    await pg.end();
  }
  return writers;
}
