import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts the kernel decides, stored as it decided them, so 电子监察, 待办 and the lists select and sum them and
 * never judge time again (issue 20): per step whether its clock runs or is held and since when, promised and legal
 * overruns, what its alarms ever raised, its legal limit in working days, its cancellation with the case; per case
 * its own (joint or promised, and issuance) overruns, its headline legal deadline and whether that clock runs; the
 * suspensions, with their stated end and overrun. Rows written before carry facts_version 0: the worker projects
 * them again from their state on start (reprojectStaleCases in activities/projection.ts).
 */
export class SupervisionFacts1765100000000 implements MigrationInterface {
  name = 'SupervisionFacts1765100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE case_steps
        ADD COLUMN running boolean NOT NULL DEFAULT false,
        ADD COLUMN suspended_since timestamptz,
        ADD COLUMN overdue boolean NOT NULL DEFAULT false,
        ADD COLUMN raised_warning boolean NOT NULL DEFAULT false,
        ADD COLUMN raised_yellow boolean NOT NULL DEFAULT false,
        ADD COLUMN raised_red boolean NOT NULL DEFAULT false,
        ADD COLUMN raised_legal boolean NOT NULL DEFAULT false,
        ADD COLUMN legal_working_days integer,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text`);
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN legal_deadline timestamptz,
        ADD COLUMN deadline_running boolean NOT NULL DEFAULT false,
        ADD COLUMN case_overdue boolean NOT NULL DEFAULT false,
        ADD COLUMN case_legal_overdue boolean NOT NULL DEFAULT false,
        ADD COLUMN rules_version smallint NOT NULL DEFAULT 1,
        ADD COLUMN facts_version smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(`CREATE INDEX ix_cases_facts_version ON cases (facts_version) WHERE facts_version < 1`);
    await queryRunner.query(`
      CREATE TABLE case_suspensions (
        case_id        text        NOT NULL,
        suspension_id  text        NOT NULL,
        step_id        text,
        case_wide      boolean     NOT NULL,
        reason         text        NOT NULL,
        since          timestamptz NOT NULL,
        expected_end   timestamptz,
        resumed_at     timestamptz,
        overran_at     timestamptz,
        CONSTRAINT pk_case_suspensions PRIMARY KEY (case_id, suspension_id),
        CONSTRAINT fk_case_suspensions_case FOREIGN KEY (case_id) REFERENCES cases (case_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_case_suspensions_open ON case_suspensions (since) WHERE resumed_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_suspensions`);
    await queryRunner.query(`DROP INDEX ix_cases_facts_version`);
    await queryRunner.query(`
      ALTER TABLE cases DROP COLUMN legal_deadline, DROP COLUMN deadline_running, DROP COLUMN case_overdue,
        DROP COLUMN case_legal_overdue, DROP COLUMN rules_version, DROP COLUMN facts_version`);
    await queryRunner.query(`
      ALTER TABLE case_steps DROP COLUMN running, DROP COLUMN suspended_since, DROP COLUMN overdue,
        DROP COLUMN raised_warning, DROP COLUMN raised_yellow, DROP COLUMN raised_red, DROP COLUMN raised_legal,
        DROP COLUMN legal_working_days, DROP COLUMN cancelled_at, DROP COLUMN cancel_reason`);
  }
}
