import type { DataSource } from 'typeorm';
import type { ProjectionBatch, RecordedEvent } from '../libs/contract';
import { eventHash, GENESIS_HASH } from '../libs/audit';
import { appendCaseEvents, lastCaseEvent, lockCaseLog, upsertReadModel, type NewCaseEvent } from '../libs/persistence';

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
    await lockCaseLog(manager, batch.caseId);
    const last = await lastCaseEvent(manager, batch.caseId);
    let lastSequence = last?.sequence ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const fresh = [...batch.events].sort((a, b) => a.sequence - b.sequence).filter((e) => e.sequence > lastSequence);
    const skipped = batch.events.length - fresh.length;
    const chained: NewCaseEvent[] = [];
    for (const event of fresh) {
      if (event.sequence !== lastSequence + 1) {
        throw new SequenceGapError(batch.caseId, event.sequence, lastSequence + 1);
      }
      const row = chainRow(batch.caseId, event, prevHash);
      chained.push(row);
      prevHash = row.hash;
      lastSequence = event.sequence;
    }
    await appendCaseEvents(manager, chained);
    const inserted = chained.length;
    // The snapshot is the case after the batch's own last event: only that may go into the read model, so a
    // late retry of an older batch never overwrites a newer snapshot.
    const snapshotSequence = Math.max(0, ...batch.events.map((event) => event.sequence));
    await upsertReadModel(manager, batch.snapshot, snapshotSequence);
    return { inserted, skipped, lastSequence };
  });
}

/** The audit-log row of one event, chained to the hash of the row before it. */
function chainRow(caseId: string, event: RecordedEvent, prevHash: string): NewCaseEvent {
  const fields = {
    caseId,
    sequence: event.sequence,
    type: event.type,
    occurredAt: event.at,
    actor: event.actor,
    commandId: event.commandId ?? null,
    payload: event.event,
  };
  return { ...fields, prevHash, hash: eventHash(prevHash, fields) };
}
