import type { Client as TemporalClient } from '@temporalio/client';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { caseWorkflowId, type RecordedEvent } from '@onewindow/contract/http';
import type { CaseView } from '@onewindow/case';
import type { AcceptedCommand, RetryingClient } from './fault-load';

/**
 * What must hold after a fault, per case: the workflow completed; every accepted commandId took effect exactly once
 * (its event is in the log once, nothing else carries it); the audit log in Postgres holds exactly the workflow's
 * events, in order, the read model's last sequence is caught up and the hash chain verifies.
 */

export interface CaseCheck {
  caseId: string;
  completed: boolean;
  workflowEvents: number;
  auditRows: number;
  lastSequence: number;
  chainVerified: boolean;
  /** The case's Temporal history replays against today's workflow bundle (no nondeterminism). */
  replays: boolean;
  lost: string[];
  doubled: string[];
  problems: string[];
}

interface HistoryEntry {
  sequence: number;
  type: string;
  commandId: string | null;
}

/**
 * Replays each case's history (its current run) against today's workflow bundle, all in one replay worker: a worker
 * per history would leave the SDK's source map consumer of the bundle in wasm memory each time (1.24.0 drops it from
 * its map without freeing it), and a few hundred of them exhaust it. Answers, per case id, why its history does not
 * replay (undefined when it does).
 */
export async function replayCases(
  temporal: TemporalClient,
  bundle: WorkflowBundle,
  caseIds: string[],
): Promise<Map<string, string | undefined>> {
  const outcome = new Map<string, string | undefined>(caseIds.map((caseId) => [caseId, 'not replayed']));
  const byWorkflowId = new Map(caseIds.map((caseId) => [caseWorkflowId(caseId), caseId]));
  async function* histories() {
    for (const caseId of caseIds) {
      const handle = temporal.workflow.getHandle(caseWorkflowId(caseId));
      try {
        yield { workflowId: handle.workflowId, history: await handle.fetchHistory() };
      } catch (error) {
        outcome.set(caseId, `history not fetched: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories())) {
    const caseId = byWorkflowId.get(result.workflowId);
    if (caseId) outcome.set(caseId, result.error ? result.error.message.slice(0, 300) : undefined);
  }
  return outcome;
}

export async function checkCase(
  caseId: string,
  accepted: AcceptedCommand[],
  http: RetryingClient,
  temporal: TemporalClient,
  databaseUrl: string,
  /** What `replayCases` found for this case: undefined when its history replays, else why not. */
  replayProblem: string | undefined,
): Promise<CaseCheck> {
  const check: CaseCheck = {
    caseId,
    completed: false,
    workflowEvents: 0,
    auditRows: 0,
    lastSequence: 0,
    chainVerified: false,
    replays: false,
    lost: [],
    doubled: [],
    problems: [],
  };
  const handle = temporal.workflow.getHandle(caseWorkflowId(caseId));
  const description = await handle.describe();
  if (description.status.name !== 'COMPLETED') {
    check.problems.push(`workflow is ${description.status.name}, not COMPLETED`);
  } else {
    const result = (await handle.result()) as CaseView;
    check.completed = result.status === 'completed';
    if (!check.completed) check.problems.push(`case ended ${result.status}, not completed`);
  }

  check.replays = replayProblem === undefined;
  if (replayProblem !== undefined) check.problems.push(`history does not replay: ${replayProblem}`);

  const workflowAnswer = await http.call('auditor', 'GET', `/v1/cases/${caseId}/queries/case-events`);
  const workflowEvents = workflowAnswer.status === 200 ? (workflowAnswer.body as RecordedEvent[]) : [];
  if (workflowAnswer.status !== 200) check.problems.push(`case-events query answered ${workflowAnswer.status}`);
  check.workflowEvents = workflowEvents.length;
  const historyAnswer = await http.call('auditor', 'GET', `/v1/cases/${caseId}/history`);
  const history = historyAnswer.status === 200 ? (historyAnswer.body as HistoryEntry[]) : [];
  if (historyAnswer.status !== 200) check.problems.push(`history answered ${historyAnswer.status}`);
  check.auditRows = history.length;

  // Exactly once: the command's own event carries its commandId once; no event carries an unknown commandId.
  const mine = accepted.filter((command) => command.caseId === caseId);
  for (const command of mine) {
    const own = history.filter((entry) => entry.commandId === command.commandId && entry.type === command.primaryEvent);
    if (own.length === 0) check.lost.push(`${command.commandId} (${command.kind})`);
    if (own.length > 1) check.doubled.push(`${command.commandId} (${command.kind}) ×${own.length}`);
    const carrying = history.filter((entry) => entry.commandId === command.commandId).map((entry) => entry.sequence);
    if (carrying.length > 0 && carrying[carrying.length - 1] - carrying[0] !== carrying.length - 1)
      check.doubled.push(`${command.commandId}: its events are not one batch (${carrying.join(',')})`);
  }
  const known = new Set(mine.map((command) => command.commandId));
  for (const entry of history) {
    if (entry.commandId && !known.has(entry.commandId) && !entry.commandId.startsWith('clock:'))
      check.problems.push(`event ${entry.sequence} ${entry.type} carries unknown commandId ${entry.commandId}`);
  }

  // The audit log is the workflow's log, row for row.
  if (history.length !== workflowEvents.length)
    check.problems.push(`audit log has ${history.length} rows, the workflow ${workflowEvents.length} events`);
  for (const [index, event] of workflowEvents.entries()) {
    const row = history[index];
    if (
      !row ||
      row.sequence !== event.sequence ||
      row.type !== event.type ||
      (row.commandId ?? undefined) !== event.commandId
    ) {
      check.problems.push(`audit row ${index + 1} differs from workflow event ${event.sequence} ${event.type}`);
      break;
    }
  }

  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const rows = await pg.query<{ last_sequence: number; status: string }>(
      'SELECT last_sequence, status FROM cases WHERE case_id = $1',
      [caseId],
    );
    check.lastSequence = rows.rows[0]?.last_sequence ?? 0;
    if (check.lastSequence !== workflowEvents.length)
      check.problems.push(`read model last_sequence ${check.lastSequence}, workflow has ${workflowEvents.length}`);
    if (rows.rows[0] && rows.rows[0].status !== 'completed')
      check.problems.push(`read model status ${rows.rows[0].status}`);
  } finally {
    await pg.end();
  }

  const verify = await http.call('auditor', 'GET', `/v1/audit/verify?caseId=${encodeURIComponent(caseId)}`);
  const verified = verify.body as { verified?: boolean; events?: number; problems?: unknown[] };
  check.chainVerified = verify.status === 200 && verified.verified === true;
  if (!check.chainVerified) check.problems.push(`audit/verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return check;
}
