import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 电子监察 and case lists at a year's volume (100,000 cases, 1.1 M steps): the indexes the overview's period,
 * department and matter filters and the case list's filters and pages use.
 */
export class SupervisionInSql1764950000000 implements MigrationInterface {
  name = 'SupervisionInSql1764950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Working days used, counted by the projection when a step finishes (steps finished before this column existed
    // are counted by the overview from the calendar); the matters of a case, for counting a matter's cases.
    await queryRunner.query(`ALTER TABLE case_steps ADD COLUMN working_days_used integer`);
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN matters text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE cases SET matters = coalesce(
        (SELECT array_agg(DISTINCT s.matter_code ORDER BY s.matter_code) FROM case_steps s WHERE s.case_id = cases.case_id),
        '{}')`);
    await queryRunner.query(`CREATE INDEX ix_cases_matters ON cases USING gin (matters)`);
    await queryRunner.query(`CREATE INDEX ix_cases_closed ON cases (closed_at)`);
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
    await queryRunner.query(`DROP INDEX ix_cases_closed`);
    await queryRunner.query(`DROP INDEX ix_cases_matters`);
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN matters`);
    await queryRunner.query(`ALTER TABLE case_steps DROP COLUMN working_days_used`);
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
