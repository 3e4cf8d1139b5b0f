import type { ChainRow } from '../audit/hash-chain';

/** A row of `case_events`, as Postgres answers it. */
export interface CaseEventRow {
  case_id: string;
  sequence: number;
  type: string;
  actor: unknown;
  command_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** The audit log of one case, or of every case, in chain order. */
export async function readCaseEvents(
  runner: { query<T>(sql: string, params?: unknown[]): Promise<T> },
  caseId?: string,
): Promise<CaseEventRow[]> {
  return runner.query<CaseEventRow[]>(
    `SELECT case_id, sequence, type, actor, command_id, occurred_at, recorded_at, payload, prev_hash, hash
     FROM case_events ${caseId === undefined ? '' : 'WHERE case_id = $1'} ORDER BY case_id, sequence`,
    caseId === undefined ? [] : [caseId],
  );
}

/** The fields the hash chain covers. */
export function toChainRow(row: CaseEventRow): ChainRow {
  return {
    caseId: row.case_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    commandId: row.command_id,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
