import type { DataSource } from 'typeorm';
import { verifyChain, type ChainRow } from '../libs/audit';
import type { ProjectionBatch, RecordedEvent } from '../libs/contract';
import { createDataSource, readCaseEvents, toChainRow } from '../libs/persistence';
import { projectBatch } from './projection';

/** The projection activity against the real Postgres: retries and overlapping batches never duplicate rows. */
describe('projectBatch (audit log and read model)', () => {
  let dataSource: DataSource;
  const caseId = `PROJ-${Date.now()}`;

  const event = (sequence: number): RecordedEvent => ({
    sequence,
    type: sequence === 1 ? 'CaseSubmitted' : 'OpinionRecorded',
    at: new Date(Date.UTC(2026, 2, 2, 1, sequence)).toISOString(),
    actor: { id: 'window-1', role: 'window' },
    commandId: `cmd-${sequence}`,
    event: { type: sequence === 1 ? 'CaseSubmitted' : 'OpinionRecorded', n: sequence },
  });
  const batch = (sequences: number[], status: string): ProjectionBatch => ({
    caseId,
    events: sequences.map(event),
    snapshot: {
      caseId,
      workflowId: `case-${caseId}`,
      templateId: 'land-and-start',
      catalogVersion: '2026.1',
      status,
      applicant: { name: '甲' },
      project: { name: '乙' },
      departments: ['housing'],
      overdue: false,
      warningLevel: 'none',
      receivedAt: '2026-03-02T01:00:00.000Z',
      steps: [
        {
          stepId: 'construction-permit',
          matterCode: 'construction-permit',
          department: 'housing',
          status,
          deadlineProvisional: false,
          warningLevel: 'none',
        },
      ],
    },
  });

  async function chain(): Promise<ChainRow[]> {
    return (await readCaseEvents(dataSource, caseId)).map(toChainRow);
  }

  beforeAll(async () => {
    dataSource = createDataSource(process.env.DATABASE_URL!);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('a retried batch writes nothing twice; an overlapping batch appends only what is new', async () => {
    expect(await projectBatch(dataSource, batch([1, 2], 'received'))).toEqual({
      inserted: 2,
      skipped: 0,
      lastSequence: 2,
    });
    expect(await projectBatch(dataSource, batch([1, 2], 'received'))).toEqual({
      inserted: 0,
      skipped: 2,
      lastSequence: 2,
    });
    expect(await projectBatch(dataSource, batch([2, 3, 4], 'in-review'))).toEqual({
      inserted: 2,
      skipped: 1,
      lastSequence: 4,
    });
    const rows = await chain();
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3, 4]);
    expect(verifyChain(rows, 4)).toEqual([]);
    const [readModel] = await dataSource.query<Array<{ status: string; last_sequence: number }>>(
      'SELECT status, last_sequence FROM cases WHERE case_id = $1',
      [caseId],
    );
    expect(readModel).toEqual({ status: 'in-review', last_sequence: 4 });
  });

  it('a late retry of an older batch does not roll the read model back', async () => {
    await projectBatch(dataSource, batch([1, 2], 'received'));
    const [readModel] = await dataSource.query<Array<{ status: string }>>(
      'SELECT status FROM cases WHERE case_id = $1',
      [caseId],
    );
    expect(readModel.status).toBe('in-review');
  });

  it('a gap in the sequence is refused (the activity retries until the missing batch is written)', async () => {
    await expect(projectBatch(dataSource, batch([6], 'in-review'))).rejects.toThrow(/event 6 arrived before 5/);
    expect((await chain()).length).toBe(4);
  });

  it('concurrent retries of the same batch serialise on the case and write it once', async () => {
    const results = await Promise.all([5, 5, 5].map(() => projectBatch(dataSource, batch([5], 'in-review'))));
    expect(results.map((result) => result.inserted).sort()).toEqual([0, 0, 1]);
    expect(verifyChain(await chain(), 5)).toEqual([]);
  });
});
