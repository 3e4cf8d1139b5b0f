import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export { canonicalJson };

/** Hash of "no previous row": the first event of every case chains to it. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  caseId: string;
  sequence: number;
  type: string;
  occurredAt: string;
  actor: unknown;
  commandId: string | null;
  payload: unknown;
}

/** SHA-256 over the previous row's hash and every recorded field of this row. */
export function eventHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      canonicalJson({
        caseId: fields.caseId,
        sequence: fields.sequence,
        type: fields.type,
        occurredAt: new Date(fields.occurredAt).toISOString(),
        actor: fields.actor,
        commandId: fields.commandId,
        payload: fields.payload,
      }),
    )
    .digest('hex');
}

export interface ChainRow extends ChainedFields {
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { kind: 'sequence-gap'; sequence: number; expected: number }
  | { kind: 'prev-hash-mismatch'; sequence: number }
  | { kind: 'hash-mismatch'; sequence: number }
  | { kind: 'truncated'; sequence: number; expected: number };

/**
 * Checks one case's rows, in sequence order: contiguous from 1, each linked to the previous, each hash intact, and,
 * when the expected length is known (the read model's last sequence), nothing cut off the end.
 */
export function verifyChain(rows: readonly ChainRow[], expectedLength?: number): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  rows.forEach((row, index) => {
    if (row.sequence !== index + 1)
      problems.push({ kind: 'sequence-gap', sequence: row.sequence, expected: index + 1 });
    if (row.prevHash !== prevHash) problems.push({ kind: 'prev-hash-mismatch', sequence: row.sequence });
    if (eventHash(row.prevHash, row) !== row.hash) problems.push({ kind: 'hash-mismatch', sequence: row.sequence });
    prevHash = row.hash;
  });
  const last = rows[rows.length - 1]?.sequence ?? 0;
  if (expectedLength !== undefined && last < expectedLength) {
    problems.push({ kind: 'truncated', sequence: last, expected: expectedLength });
  }
  return problems;
}
