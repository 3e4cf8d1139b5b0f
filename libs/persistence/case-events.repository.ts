import type { CaseEvent } from '@onewindow/case';
import type { ChainRow } from '@onewindow/audit';
import { instantOf, rowParams, valuesList, type Queryable } from './queryable';

/**
 * `case_events`, the audit log: every domain event of every case, append-only (a trigger refuses UPDATE and
 * DELETE). Each row carries the hash of the previous row of the same case and its own hash.
 */
interface CaseEventRow {
  case_id: string;
  sequence: number;
  type: string;
  actor: unknown;
  command_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  payload: CaseEvent;
  prev_hash: string;
  hash: string;
}

/** One logged event; `sequence` is its 1-based position in the case's log. */
export interface CaseEventRecord {
  caseId: string;
  sequence: number;
  type: string;
  actor: unknown;
  commandId: string | null;
  /** When it happened (workflow time). */
  occurredAt: string;
  /** When the projection wrote it. */
  recordedAt: string;
  /** The whole event as the workflow emitted it. */
  payload: CaseEvent;
  prevHash: string;
  hash: string;
}

/** A row to append: `id` and `recorded_at` are Postgres's. */
export type NewCaseEvent = Omit<CaseEventRecord, 'recordedAt'>;

/** Read in this order; the same list minus `recorded_at` is written. */
const COLUMNS = [
  'case_id',
  'sequence',
  'type',
  'actor',
  'command_id',
  'occurred_at',
  'recorded_at',
  'payload',
  'prev_hash',
  'hash',
] as const satisfies ReadonlyArray<keyof CaseEventRow>;

type WrittenColumn = Exclude<(typeof COLUMNS)[number], 'recorded_at'>;
/** The columns an appended row writes (`recorded_at` is Postgres's). */
export const EVENT_COLUMNS_WRITTEN = COLUMNS.filter((column): column is WrittenColumn => column !== 'recorded_at');
const WRITTEN = EVENT_COLUMNS_WRITTEN;

function fromRow(row: CaseEventRow): CaseEventRecord {
  return {
    caseId: row.case_id,
    sequence: row.sequence,
    type: row.type,
    actor: row.actor,
    commandId: row.command_id,
    occurredAt: instantOf(row.occurred_at),
    recordedAt: instantOf(row.recorded_at),
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** An appended row's parameters by column. */
export function eventRow(event: NewCaseEvent): Record<WrittenColumn, unknown> {
  return {
    case_id: event.caseId,
    sequence: event.sequence,
    type: event.type,
    actor: JSON.stringify(event.actor),
    command_id: event.commandId,
    occurred_at: event.occurredAt,
    payload: JSON.stringify(event.payload),
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** One writer per case until the transaction ends: serialises concurrent retries of the same batch. */
export async function lockCaseLog(db: Queryable, caseId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [caseId]);
}

/** The last row of a case's log (what the next row chains to), or undefined for a case with no events yet. */
export async function lastCaseEvent(
  db: Queryable,
  caseId: string,
): Promise<{ sequence: number; hash: string } | undefined> {
  const rows = await db.query<Array<{ sequence: number; hash: string }>>(
    'SELECT sequence, hash FROM case_events WHERE case_id = $1 ORDER BY sequence DESC LIMIT 1',
    [caseId],
  );
  return rows[0];
}

/** Appends an already chained batch in one statement, not a round trip per event; nothing for an empty batch. */
export async function appendCaseEvents(db: Queryable, events: readonly NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO case_events (${WRITTEN.join(', ')}) VALUES ${valuesList(WRITTEN.length, events.length)}`,
    rowParams(WRITTEN, events.map(eventRow)),
  );
}

/** The audit log of one case, or of every case, in chain order. */
export async function readCaseEvents(db: Queryable, caseId?: string): Promise<CaseEventRecord[]> {
  const rows = await db.query<CaseEventRow[]>(
    `SELECT ${COLUMNS.join(', ')}
     FROM case_events ${caseId === undefined ? '' : 'WHERE case_id = $1'} ORDER BY case_id, sequence`,
    caseId === undefined ? [] : [caseId],
  );
  return rows.map(fromRow);
}

/** The events of one case in chain order, only what was logged as occurring by `upTo` when given: payloads only. */
export async function readCaseEventPayloads(db: Queryable, caseId: string, upTo?: string): Promise<CaseEvent[]> {
  const rows = await db.query<Array<Pick<CaseEventRow, 'payload'>>>(
    `SELECT payload FROM case_events WHERE case_id = $1 ${upTo === undefined ? '' : 'AND occurred_at <= $2'}
     ORDER BY sequence`,
    upTo === undefined ? [caseId] : [caseId, upTo],
  );
  return rows.map((row) => row.payload);
}

/** The fields the hash chain covers. */
export function toChainRow(record: CaseEventRecord): ChainRow {
  return {
    caseId: record.caseId,
    sequence: record.sequence,
    type: record.type,
    occurredAt: record.occurredAt,
    actor: record.actor,
    commandId: record.commandId,
    payload: record.payload,
    prevHash: record.prevHash,
    hash: record.hash,
  };
}
