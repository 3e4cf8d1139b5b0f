import type { DataSource, EntityManager } from 'typeorm';
import type { ProjectionBatch, RecordedEvent } from '../libs/contract';
import { eventHash, GENESIS_HASH } from '../libs/audit';

/** A batch arrived before the one it follows (writes are scheduled in order but may run side by side). */
export class SequenceGapError extends Error {
  constructor(
    caseId: string,
    readonly sequence: number,
    readonly expected: number,
  ) {
    super(`case ${caseId}: event ${sequence} arrived before ${expected}`);
  }
}

export interface ProjectionResult {
  inserted: number;
  skipped: number;
  lastSequence: number;
}

/**
 * Appends a batch of domain events to the audit log and updates the read model, in one transaction.
 * Idempotent on (case, sequence): a retried batch skips the rows already written, so a database outage only
 * delays the projection (the activity retries) and never loses or duplicates a row.
 */
export async function projectBatch(dataSource: DataSource, batch: ProjectionBatch): Promise<ProjectionResult> {
  return dataSource.transaction(async (manager) => {
    // One writer per case at a time: serialises concurrent retries of the same batch.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch.caseId]);
    const rows = await manager.query<Array<{ sequence: number; hash: string }>>(
      'SELECT sequence, hash FROM case_events WHERE case_id = $1 ORDER BY sequence DESC LIMIT 1',
      [batch.caseId],
    );
    let lastSequence = rows[0]?.sequence ?? 0;
    let prevHash = rows[0]?.hash ?? GENESIS_HASH;
    const fresh = [...batch.events].sort((a, b) => a.sequence - b.sequence).filter((e) => e.sequence > lastSequence);
    const skipped = batch.events.length - fresh.length;
    const chained: unknown[][] = [];
    for (const event of fresh) {
      if (event.sequence !== lastSequence + 1) {
        throw new SequenceGapError(batch.caseId, event.sequence, lastSequence + 1);
      }
      const row = chainRow(batch.caseId, event, prevHash);
      chained.push(row.params);
      prevHash = row.hash;
      lastSequence = event.sequence;
    }
    // One statement for the whole batch, not a round trip per event.
    if (chained.length > 0) await manager.query(insertStatement(EVENT_COLUMNS, chained.length), chained.flat());
    const inserted = chained.length;
    // The snapshot is the case after the batch's own last event: only that may go into the read model, so a
    // late retry of an older batch never overwrites a newer snapshot.
    const snapshotSequence = Math.max(0, ...batch.events.map((event) => event.sequence));
    await upsertReadModel(manager, batch, snapshotSequence);
    return { inserted, skipped, lastSequence };
  });
}

const EVENT_COLUMNS = [
  'case_id',
  'sequence',
  'type',
  'actor',
  'command_id',
  'occurred_at',
  'payload',
  'prev_hash',
  'hash',
] as const;

/** `INSERT INTO case_events (…) VALUES ($1, …), (…)` for `count` rows. */
function insertStatement(columns: readonly string[], count: number): string {
  return `INSERT INTO case_events (${columns.join(', ')}) VALUES ${valuesList(columns.length, count)}`;
}

/** `($1, …, $width[, extra]), …` for `count` rows. */
function valuesList(width: number, count: number, extra = ''): string {
  return Array.from(
    { length: count },
    (_, row) => `(${Array.from({ length: width }, (__, column) => `$${row * width + column + 1}`).join(', ')}${extra})`,
  ).join(', ');
}

/** The audit-log row of one event, chained to the hash of the row before it (columns as EVENT_COLUMNS). */
function chainRow(caseId: string, event: RecordedEvent, prevHash: string): { params: unknown[]; hash: string } {
  const fields = {
    caseId,
    sequence: event.sequence,
    type: event.type,
    occurredAt: event.at,
    actor: event.actor,
    commandId: event.commandId ?? null,
    payload: event.event,
  };
  const hash = eventHash(prevHash, fields);
  const params = [
    caseId,
    event.sequence,
    event.type,
    JSON.stringify(event.actor),
    fields.commandId,
    event.at,
    JSON.stringify(event.event),
    prevHash,
    hash,
  ];
  return { params, hash };
}

async function upsertReadModel(manager: EntityManager, batch: ProjectionBatch, lastSequence: number): Promise<void> {
  const snapshot = batch.snapshot;
  // A late retry of an older batch must not overwrite a newer snapshot (the WHERE on the conflict update).
  const result = await manager.query<unknown[]>(
    `INSERT INTO cases (case_id, workflow_id, template_id, catalog_version, status, kind, applicant, project,
                        departments, deadline, overdue, warning_level, last_sequence, received_at, closed_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())
     ON CONFLICT ON CONSTRAINT pk_cases DO UPDATE SET
       status = excluded.status, kind = excluded.kind, applicant = excluded.applicant, project = excluded.project,
       departments = excluded.departments, deadline = excluded.deadline, overdue = excluded.overdue,
       warning_level = excluded.warning_level, last_sequence = excluded.last_sequence,
       closed_at = excluded.closed_at, updated_at = now()
     WHERE cases.last_sequence <= excluded.last_sequence
     RETURNING case_id`,
    [
      snapshot.caseId,
      snapshot.workflowId,
      snapshot.templateId,
      snapshot.catalogVersion,
      snapshot.status,
      snapshot.kind ?? null,
      JSON.stringify(snapshot.applicant),
      JSON.stringify(snapshot.project),
      snapshot.departments,
      snapshot.deadline ?? null,
      snapshot.overdue,
      snapshot.warningLevel,
      lastSequence,
      snapshot.receivedAt,
      snapshot.closedAt ?? null,
    ],
  );
  if (result.length === 0 || snapshot.steps.length === 0) return;
  const params = snapshot.steps.flatMap((step) => [
    snapshot.caseId,
    step.stepId,
    step.matterCode,
    step.department,
    step.status,
    step.opinion ?? null,
    step.deadline ?? null,
    step.deadlineProvisional,
    step.warningLevel,
    step.startedAt ?? null,
    step.finishedAt ?? null,
  ]);
  await manager.query(
    `INSERT INTO case_steps (case_id, step_id, matter_code, department, status, opinion, deadline,
                             deadline_provisional, warning_level, started_at, finished_at, updated_at)
     VALUES ${valuesList(11, snapshot.steps.length, ', now()')}
     ON CONFLICT ON CONSTRAINT pk_case_steps DO UPDATE SET
       status = excluded.status, opinion = excluded.opinion, deadline = excluded.deadline,
       deadline_provisional = excluded.deadline_provisional, warning_level = excluded.warning_level,
       started_at = excluded.started_at, finished_at = excluded.finished_at, updated_at = now()`,
    params,
  );
}
