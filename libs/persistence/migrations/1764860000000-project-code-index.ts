import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole-process clock groups a project's stage cases by 项目代码: found by index, not by a scan. */
export class ProjectCodeIndex1764860000000 implements MigrationInterface {
  name = 'ProjectCodeIndex1764860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_cases_project_code ON cases ((project->>'code'), received_at) WHERE project ? 'code'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_cases_project_code`);
  }
}
