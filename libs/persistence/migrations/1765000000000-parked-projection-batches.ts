import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection writes of one case run side by side (one activity per command): a batch that arrives before the one it
 * follows waits here, written, instead of failing and retrying until its predecessor is in. The write that fills the
 * gap appends the parked batches that follow it, in the same transaction (activities/projection.ts).
 */
export class ParkedProjectionBatches1765000000000 implements MigrationInterface {
  name = 'ParkedProjectionBatches1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_event_parked (
        case_id        text        NOT NULL,
        first_sequence integer     NOT NULL,
        batch          jsonb       NOT NULL,
        parked_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_case_event_parked PRIMARY KEY (case_id, first_sequence),
        CONSTRAINT ck_case_event_parked_sequence_positive CHECK (first_sequence > 0)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_event_parked`);
  }
}
