import type { ProjectionBatch } from '@onewindow/contract';
import { queryReturning } from './data-source';
import type { Queryable } from './queryable';

/**
 * `case_event_parked`: projection batches that arrived before the batch they follow. Written and taken under the
 * case's lock (`lockCaseLog`), so a batch is either parked before its predecessor's write looks, or finds it in.
 */
export async function parkBatch(db: Queryable, batch: ProjectionBatch, firstSequence: number): Promise<void> {
  // A retry of a parked batch parks the same rows again: nothing to do.
  await db.query(
    `INSERT INTO case_event_parked (case_id, first_sequence, batch) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT pk_case_event_parked DO NOTHING`,
    [batch.caseId, firstSequence, JSON.stringify(batch)],
  );
}

/** Takes (removes and returns) the parked batches of a case that start at or before `sequence`, in order. */
export async function takeParkedBatches(db: Queryable, caseId: string, sequence: number): Promise<ProjectionBatch[]> {
  const rows = await queryReturning<{ first_sequence: number; batch: ProjectionBatch }>(
    db,
    `DELETE FROM case_event_parked WHERE case_id = $1 AND first_sequence <= $2 RETURNING first_sequence, batch`,
    [caseId, sequence],
  );
  return rows.sort((a, b) => a.first_sequence - b.first_sequence).map((row) => row.batch);
}
