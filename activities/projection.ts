import type { DataSource } from 'typeorm';
import type { ProjectionBatch, RecordedEvent } from '@onewindow/contract';
import { eventHash, GENESIS_HASH } from '@onewindow/audit';
import type { WorkingDayCalculator } from '@onewindow/calendar';
import { FEE_EVENT_TYPES, fold, type CaseState } from '@onewindow/case';
import {
  FACTS_VERSION,
  staleCases,
  lockCaseLog,
  parkBatch,
  projectionStart,
  readCaseEvents,
  readModelState,
  recordCaseFees,
  recordLicences,
  takeParkedBatches,
  upsertReadModel,
  writeProjection,
  type NewCaseEvent,
  type Queryable,
  type StoredReadModel,
} from '@onewindow/persistence';
import { feeRecordsOf } from './fees';
import { licenceRecordsOf } from './licences';
import { readModelFacts } from './read-model';

/** The events after which a case's licence records change: issued, or revoked with the decision. */
const LICENCE_EVENTS: ReadonlySet<string> = new Set(['LicenceIssued', 'DecisionRevoked']);

/** The events after which a case's fees change (统一收费), as the kernel declares them. */
const FEE_EVENTS: ReadonlySet<string> = new Set(FEE_EVENT_TYPES);

/** A batch with a hole in its own sequence (a batch's events are consecutive: this is a bug, not a race). */
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
  /** Events of this batch parked until the batch before it is written (absent when none). */
  parked?: number;
}

/**
 * Appends a batch of domain events to the audit log and updates the read model, in one transaction.
 * Idempotent on (case, sequence): a retried batch skips the rows already written, so a database outage only
 * delays the projection (the activity retries) and never loses or duplicates a row. One write per command; a worker
 * runs a case's writes one at a time and merges the ones that queued meanwhile (CaseWriteQueue), and writes from
 * different workers (a task that moved) take the case's lock: a batch that arrives before the one it follows is
 * parked, and the write that fills the gap appends it.
 *
 * Round trips per command (issue 26): the lock, one read (the log's last row, parked batches, the stored state),
 * one write (the events, the case row, its steps and suspensions), between BEGIN and COMMIT.
 */
export async function projectBatch(
  dataSource: DataSource,
  batch: ProjectionBatch,
  calendar: () => Promise<WorkingDayCalculator>,
): Promise<ProjectionResult> {
  return dataSource.transaction(async (manager) => {
    // One writer per case at a time: serialises concurrent retries of the same batch, and parking with flushing.
    await lockCaseLog(manager, batch.caseId);
    const start = await projectionStart(manager, batch.caseId);
    const last = start.last;
    let lastSequence = last?.sequence ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const fresh = [...batch.events].sort((a, b) => a.sequence - b.sequence).filter((e) => e.sequence > lastSequence);
    const skipped = batch.events.length - fresh.length;
    if (fresh.length > 0 && fresh[0].sequence !== lastSequence + 1) {
      await parkBatch(manager, { ...batch, events: fresh }, fresh[0].sequence);
      return { inserted: 0, skipped, lastSequence, parked: fresh.length };
    }
    const chained: NewCaseEvent[] = [];
    const chain = (events: readonly RecordedEvent[]) => {
      for (const event of events) {
        if (event.sequence <= lastSequence) continue;
        if (event.sequence !== lastSequence + 1) {
          throw new SequenceGapError(batch.caseId, event.sequence, lastSequence + 1);
        }
        const row = chainRow(batch.caseId, event, prevHash);
        chained.push(row);
        prevHash = row.hash;
        lastSequence = event.sequence;
      }
    };
    chain(fresh);
    const inserted = chained.length;
    // The batches parked behind this one follow now, each once its predecessor is chained.
    const followers: ProjectionBatch[] = [];
    for (
      let taken = start.parked ? await takeParkedBatches(manager, batch.caseId, lastSequence + 1) : [];
      taken.length > 0;
    ) {
      for (const parked of taken) chain([...parked.events].sort((a, b) => a.sequence - b.sequence));
      followers.push(...taken);
      taken = await takeParkedBatches(manager, batch.caseId, lastSequence + 1);
    }
    const written: ProjectionBatch = {
      caseId: batch.caseId,
      events: [...batch.events, ...followers.flatMap((parked) => parked.events)],
      ...(batch.templateKind ? { templateKind: batch.templateKind } : {}),
    };
    if (!written.templateKind) {
      const kind = followers.find((parked) => parked.templateKind)?.templateKind;
      if (kind) written.templateKind = kind;
    }
    await projectReadModel(manager, written, chained, start.stored, calendar);
    return { inserted, skipped, lastSequence };
  });
}

/**
 * Writes the chained events, and the read model as the case stands after the batch's own last event, in one
 * statement: only a newer state may replace the stored one, so a late retry of an older batch never rolls it back.
 */
async function projectReadModel(
  manager: Queryable,
  batch: ProjectionBatch,
  chained: readonly NewCaseEvent[],
  stored: StoredReadModel | undefined,
  calendar: () => Promise<WorkingDayCalculator>,
): Promise<void> {
  const upTo = Math.max(0, ...batch.events.map((event) => event.sequence));
  if (!(upTo > 0 && (!stored || stored.lastSequence < upTo))) {
    await writeProjection(manager, chained);
    return;
  }
  const state = await stateAfter(manager, batch, upTo, stored, chained);
  const last = [...batch.events].sort((a, b) => b.sequence - a.sequence)[0];
  const at = last.event.firedAt ?? last.at;
  const facts = readModelFacts(state, at, await calendar(), batch.templateKind ?? stored?.templateKind);
  const kind = batch.templateKind ?? stored?.templateKind;
  await writeProjection(manager, chained, {
    facts,
    lastSequence: upTo,
    folded: { state, ...(kind ? { templateKind: kind } : {}) },
  });
  if (batch.events.some((event) => LICENCE_EVENTS.has(event.type))) {
    const revoked = state.status === 'revoked' && state.closed ? state.closed : undefined;
    await recordLicences(manager, state.caseId, licenceRecordsOf(state, at), revoked);
  }
  if (batch.events.some((event) => FEE_EVENTS.has(event.type))) await recordCaseFees(manager, feeRecordsOf(state));
}

/**
 * The case's state after event `upTo`: the stored state folded forward with the batch's events when they follow it,
 * otherwise (no stored state yet: a row of 2026-11, or a batch that overtook an unprojected one) the whole log
 * folded from the start, with the workflow's own `evolve`.
 */
async function stateAfter(
  manager: Queryable,
  batch: ProjectionBatch,
  upTo: number,
  stored: StoredReadModel | undefined,
  pending: readonly NewCaseEvent[],
): Promise<CaseState> {
  const newer = [...batch.events].filter((event) => event.sequence > (stored?.lastSequence ?? 0));
  newer.sort((a, b) => a.sequence - b.sequence);
  // A state folded before the kernel kept every raised alert (`alerts`) is folded again from the log, once.
  const follows = stored?.state && stored.state.alerts !== undefined && newer[0]?.sequence === stored.lastSequence + 1;
  if (follows)
    return fold(
      newer.map((event) => event.event),
      stored.state!,
    );
  // The log as written so far, and the rows this statement is about to append (not in the table yet).
  const log = [...(await readCaseEvents(manager, batch.caseId)), ...pending];
  return fold(log.filter((row) => row.sequence <= upTo).map((row) => row.payload));
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

/**
 * Rows whose facts are older than the read model's (FACTS_VERSION: a migration added facts the kernel decides, or
 * marked rows it found wrong) are projected again, with their fee rows, from their case's state, folded anew from
 * the audit log when it lacks what the facts read. One case at a time, under the case's lock, so a projection of a
 * new event and this never interleave. Returns how many rows were projected again.
 */
export async function reprojectStaleCases(
  dataSource: DataSource,
  calendar: () => Promise<WorkingDayCalculator>,
  batchSize = 200,
): Promise<number> {
  let done = 0;
  // One pass in case id order: a row that cannot be projected (no stored row or no log) is passed over, not
  // read again and again (the loop read from the start each time until 2026-12-03, and spun on such a row).
  for (let after = ''; ;) {
    const stale = await staleCases(dataSource, FACTS_VERSION, batchSize, after);
    if (stale.length === 0) return done;
    after = stale[stale.length - 1];
    for (const caseId of stale) {
      const projected = await dataSource.transaction(async (manager) => {
        await lockCaseLog(manager, caseId);
        const stored = await readModelState(manager, caseId);
        const log = await readCaseEvents(manager, caseId);
        if (!stored || log.length === 0) return false;
        const state =
          stored.state && stored.state.alerts !== undefined ? stored.state : fold(log.map((row) => row.payload));
        const last = log[log.length - 1];
        const facts = readModelFacts(
          state,
          last.payload.firedAt ?? last.occurredAt,
          await calendar(),
          stored.templateKind,
        );
        await upsertReadModel(manager, facts, stored.lastSequence, {
          state,
          ...(stored.templateKind ? { templateKind: stored.templateKind } : {}),
        });
        // The fee rows too, as the kernel reads each fee now (a case withdrawn before FeesCancelled was projected).
        await recordCaseFees(manager, feeRecordsOf(state));
        return true;
      });
      if (projected) done += 1;
    }
  }
}
