import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rules of 2026-12 in the read model: 特办件 priority for lists and search, and the legal limit (法定时限) beside
 * the promised one, so supervision can count its passing as the separate, graver fact it is.
 */
export class LegalClocks1764600000000 implements MigrationInterface {
  name = 'LegalClocks1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN priority      boolean NOT NULL DEFAULT false,
        ADD COLUMN legal_overdue boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      ALTER TABLE case_steps
        ADD COLUMN legal_deadline timestamptz,
        ADD COLUMN legal_overdue  boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX ix_cases_priority ON cases (received_at DESC, case_id) WHERE priority`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_cases_priority`);
    await queryRunner.query(`ALTER TABLE case_steps DROP COLUMN legal_overdue, DROP COLUMN legal_deadline`);
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN legal_overdue, DROP COLUMN priority`);
  }
}
