import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 电子监察 and case lists at a year's volume (100,000 cases, 1.1 M steps): the indexes the overview's period,
 * department and matter filters and the case list's filters and pages use.
 */
export class SupervisionInSql1764900000000 implements MigrationInterface {
  name = 'SupervisionInSql1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ix_case_steps_started ON case_steps (started_at)`);
    await queryRunner.query(`CREATE INDEX ix_case_steps_finished ON case_steps (finished_at)`);
    await queryRunner.query(`CREATE INDEX ix_case_steps_matter ON case_steps (matter_code, started_at)`);
    await queryRunner.query(`CREATE INDEX ix_case_steps_department_started ON case_steps (department, started_at)`);
    // The case list: each filter in list order, so a page (and a keyset page) reads only its own rows.
    await queryRunner.query(`DROP INDEX ix_cases_status`);
    await queryRunner.query(`CREATE INDEX ix_cases_status ON cases (status, received_at DESC, case_id)`);
    await queryRunner.query(`DROP INDEX ix_cases_template`);
    await queryRunner.query(`CREATE INDEX ix_cases_template ON cases (template_id, received_at DESC, case_id)`);
    await queryRunner.query(`CREATE INDEX ix_cases_overdue ON cases (received_at DESC, case_id) WHERE overdue`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_cases_overdue`);
    await queryRunner.query(`DROP INDEX ix_cases_template`);
    await queryRunner.query(`CREATE INDEX ix_cases_template ON cases (template_id)`);
    await queryRunner.query(`DROP INDEX ix_cases_status`);
    await queryRunner.query(`CREATE INDEX ix_cases_status ON cases (status)`);
    await queryRunner.query(`DROP INDEX ix_case_steps_department_started`);
    await queryRunner.query(`DROP INDEX ix_case_steps_matter`);
    await queryRunner.query(`DROP INDEX ix_case_steps_finished`);
    await queryRunner.query(`DROP INDEX ix_case_steps_started`);
  }
}
