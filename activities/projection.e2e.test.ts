import type { DataSource } from 'typeorm';
import { verifyChain, type ChainRow } from '@onewindow/audit';
import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { findTemplate, mattersOfTemplate, materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { ProjectionBatch, RecordedEvent } from '@onewindow/contract';
import { CURRENT_RULES, decide, evolve, initialCaseState, type CaseCommand, type CaseState } from '@onewindow/case';
import {
  calendarSettingsFromEnv,
  createDataSource,
  readCaseEvents,
  readModelState,
  ReferenceDataCache,
  ReprojectCancelledFees1765700000000,
  toChainRow,
} from '@onewindow/persistence';
import { projectBatch, reprojectStaleCases } from './projection';

/**
 * The projection activity against the real Postgres, with the decider's real events: retries and overlapping
 * batches never duplicate rows, and the read model is the workflow's own fold of the log.
 */
describe('projectBatch (audit log and read model)', () => {
  let dataSource: DataSource;
  const caseId = `PROJ-${Date.now()}`;
  const calendar = new WorkingCalendar(chinaNationalCalendar());
  const catalog = defaultCatalog();
  const template = findTemplate(catalog, 'construction-permit')!;
  const ctx = { template, matters: mattersOfTemplate(catalog, template.id), calendar, catalogVersion: catalog.version };
  const actor = { id: 'window-1', role: 'window' };
  const housing = { id: 'reviewer-housing', role: 'department:housing', department: 'housing' };

  /** The events of three commands: submission (1 event), acceptance (2), agreement (2). */
  const commands: CaseCommand[] = [
    {
      type: 'SubmitCase',
      commandId: 'cmd-submit',
      at: '2026-03-02T01:00:00.000Z',
      actor,
      caseId,
      templateId: template.id,
      applicant: { name: '甲', creditCode: '91310000MA1FL0000X' },
      project: { name: '乙' },
      documents: materialCodesOfTemplate(catalog, template.id).map((materialCode) => ({ materialCode })),
      receivedAt: '2026-03-02T01:00:00.000Z',
      rulesVersion: 2,
    },
    { type: 'DecideAcceptance', commandId: 'cmd-accept', at: '2026-03-02T02:00:00.000Z', actor, decision: 'accept' },
    {
      type: 'RecordOpinion',
      commandId: 'cmd-agree',
      at: '2026-03-03T02:00:00.000Z',
      actor: housing,
      stepId: 'construction-permit',
      opinion: 'agree',
    },
  ];
  const log: RecordedEvent[] = [];
  const states: CaseState[] = [];
  let state = initialCaseState;
  for (const command of commands) {
    const decision = decide(state, command, ctx);
    if (!decision.ok) throw new Error(decision.rejection.message);
    for (const event of decision.events) {
      state = evolve(state, event);
      log.push({
        sequence: log.length + 1,
        type: event.type,
        at: event.at,
        actor: event.actor,
        commandId: event.commandId,
        event,
      });
      states.push(state);
    }
  }
  const batch = (sequences: number[]): ProjectionBatch => ({
    caseId,
    events: sequences.map((sequence) => log[sequence - 1]),
    templateKind: template.kind,
  });
  const project = (sequences: number[]) => projectBatch(dataSource, batch(sequences), () => Promise.resolve(calendar));

  async function chain(): Promise<ChainRow[]> {
    return (await readCaseEvents(dataSource, caseId)).map(toChainRow);
  }

  async function readModel() {
    const [row] = await dataSource.query<Array<{ status: string; last_sequence: number }>>(
      'SELECT status, last_sequence FROM cases WHERE case_id = $1',
      [caseId],
    );
    return row;
  }

  beforeAll(async () => {
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('has the log it projects: five events of three commands', () => {
    expect(log.map((event) => event.type)).toEqual([
      'CaseSubmitted',
      'CaseAccepted',
      'StepStarted',
      'OpinionRecorded',
      'AllOpinionsReceived',
    ]);
  });

  it('a retried batch writes nothing twice; an overlapping batch appends only what is new', async () => {
    expect(await project([1])).toEqual({ inserted: 1, skipped: 0, lastSequence: 1 });
    expect(await project([1])).toEqual({ inserted: 0, skipped: 1, lastSequence: 1 });
    expect(await project([1, 2, 3])).toEqual({ inserted: 2, skipped: 1, lastSequence: 3 });
    const rows = await chain();
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3]);
    expect(verifyChain(rows, 3)).toEqual([]);
    expect(await readModel()).toEqual({ status: 'in-review', last_sequence: 3 });
    // The stored state is the workflow's own fold of the log, exactly.
    expect((await readModelState(dataSource, caseId))!.state).toEqual(states[2]);
  });

  it('a late retry of an older batch does not roll the read model back', async () => {
    await project([1]);
    expect(await readModel()).toEqual({ status: 'in-review', last_sequence: 3 });
  });

  it('a batch that overtakes the one before it is parked; the one write that fills the gap appends it', async () => {
    // given events 1-3 written; when 5 arrives (twice: a retry) before 4
    expect(await project([5])).toEqual({ inserted: 0, skipped: 0, lastSequence: 3, parked: 1 });
    expect(await project([5])).toEqual({ inserted: 0, skipped: 0, lastSequence: 3, parked: 1 });
    // then nothing is chained yet and the read model stays at 3
    expect((await chain()).length).toBe(3);
    expect(await readModel()).toEqual({ status: 'in-review', last_sequence: 3 });
    // when 4 arrives (three concurrent retries of it), 5 follows it in the one write that finds 4 missing
    const results = await Promise.all([0, 1, 2].map(() => project([4])));
    expect(results.map((result) => result.inserted).sort()).toEqual([0, 0, 1]);
    expect(results.map((result) => result.lastSequence)).toEqual([5, 5, 5]);
    // then the chain is whole, the read model is the case after 5, and nothing is left parked
    expect(verifyChain(await chain(), 5)).toEqual([]);
    expect(await readModel()).toEqual({ status: 'awaiting-issuance', last_sequence: 5 });
    expect((await readModelState(dataSource, caseId))!.state).toEqual(states[4]);
    expect(await dataSource.query('SELECT 1 FROM case_event_parked WHERE case_id = $1', [caseId])).toEqual([]);
    // and a late retry of the parked batch writes nothing
    expect(await project([5])).toEqual({ inserted: 0, skipped: 1, lastSequence: 5 });
  });

  it('a fee row a case withdrawn before FeesCancelled was projected left as due is written again as cancelled', async () => {
    // given a construction permit accepted, its fee assessed, then withdrawn: the fee cancelled with the case
    const withdrawnId = `${caseId}-WITHDRAWN`;
    const at = (hour: number) => `2026-03-02T0${hour}:00:00.000Z`;
    const withdrawn: CaseCommand[] = [
      {
        ...(commands[0] as Extract<CaseCommand, { type: 'SubmitCase' }>),
        caseId: withdrawnId,
        rulesVersion: CURRENT_RULES,
      },
      { type: 'DecideAcceptance', commandId: 'w-accept', at: at(2), actor, decision: 'accept' },
      {
        type: 'AssessFees',
        commandId: 'w-fees',
        at: at(3),
        actor,
        fees: [{ matterCode: 'construction-permit', itemCode: 'infrastructure-fee', quantity: 500 }],
      },
      { type: 'Withdraw', commandId: 'w-withdraw', at: at(4), actor, reason: '项目取消' },
    ];
    let current = initialCaseState;
    const events: RecordedEvent[] = [];
    for (const command of withdrawn) {
      const decision = decide(current, command, ctx);
      if (!decision.ok) throw new Error(decision.rejection.message);
      current = decision.state;
      for (const event of decision.events) {
        events.push({ sequence: events.length + 1, type: event.type, at: event.at, actor: event.actor, event });
      }
    }
    expect(events.map((event) => event.type)).toContain('FeesCancelled');
    await projectBatch(dataSource, { caseId: withdrawnId, events, templateKind: template.kind }, () =>
      Promise.resolve(calendar),
    );
    const feeRow = async () =>
      (
        await dataSource.query<Array<{ status: string; due_fen: string; amount_fen: string }>>(
          'SELECT status, due_fen, amount_fen FROM case_fees WHERE case_id = $1',
          [withdrawnId],
        )
      )[0];
    const factsVersion = async (id: string) =>
      (
        await dataSource.query<Array<{ facts_version: number }>>('SELECT facts_version FROM cases WHERE case_id = $1', [
          id,
        ])
      )[0].facts_version;
    const projected = await feeRow();
    expect(projected).toMatchObject({ status: 'cancelled', due_fen: '0' });
    // when the row is as the projection of 1b17fe0..6bc52b8 left it (FeesCancelled not projected: still due)
    await dataSource.query(`UPDATE case_fees SET status = 'due', due_fen = amount_fen WHERE case_id = $1`, [
      withdrawnId,
    ]);
    // and a stale row the reprojection cannot project (a case row with no log) is passed over, not read forever
    const orphanId = `${withdrawnId}-NO-LOG`;
    await dataSource.query(
      `INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object('case_id', $2::text))).*
       FROM cases c WHERE c.case_id = $1`,
      [withdrawnId, orphanId],
    );
    await dataSource.query('UPDATE cases SET facts_version = 0 WHERE case_id = $1', [orphanId]);
    // then the migration marks the case, and the worker's start-up reprojection writes the row again
    const runner = dataSource.createQueryRunner();
    try {
      await new ReprojectCancelledFees1765700000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await factsVersion(withdrawnId)).toBe(0);
    const reference = new ReferenceDataCache(dataSource, calendarSettingsFromEnv());
    expect(await reprojectStaleCases(dataSource, () => reference.calendar())).toBeGreaterThanOrEqual(1);
    expect(await feeRow()).toEqual(projected);
    expect(await factsVersion(withdrawnId)).toBeGreaterThan(0);
    expect(await factsVersion(orphanId)).toBe(0);
    await dataSource.query('DELETE FROM cases WHERE case_id = $1', [orphanId]);
  });

  it('without a stored state (a row of 2026-11) the read model folds the whole log', async () => {
    await dataSource.query('UPDATE cases SET state = NULL, last_sequence = 4 WHERE case_id = $1', [caseId]);
    await project([4, 5]);
    expect((await readModelState(dataSource, caseId))!.state).toEqual(states[4]);
  });
});
