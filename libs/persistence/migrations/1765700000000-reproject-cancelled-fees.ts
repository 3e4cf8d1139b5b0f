import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 统一收费: between the commit that made a case closed without its licence cancel its fees (FeesCancelled) and the
 * one that projected that event, a withdrawn or terminated case kept its fee rows as `due`, and 电子监察 summed them
 * as owed. Every case whose log has FeesCancelled is marked for projection again (facts_version 0): the worker, on
 * start, writes its read-model row and its fee rows again from its stored state (reprojectStaleCases in
 * activities/projection.ts), with the kernel's own reading of each fee. Nothing else changes: the audit log is
 * append-only and already holds the event.
 */
export class ReprojectCancelledFees1765700000000 implements MigrationInterface {
  name = 'ReprojectCancelledFees1765700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE cases SET facts_version = 0
      WHERE case_id IN (SELECT DISTINCT case_id FROM case_events WHERE type = 'FeesCancelled')`);
  }

  public async down(): Promise<void> {
    // Marking rows for projection again has nothing to undo.
  }
}
