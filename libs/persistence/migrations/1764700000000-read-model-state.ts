import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole case state in the read model, folded by the projection with the workflow's own `evolve`: the API reads
 * a case from Postgres instead of querying its workflow, so no query of ours can shape a workflow's history.
 */
export class ReadModelState1764700000000 implements MigrationInterface {
  name = 'ReadModelState1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN state jsonb, ADD COLUMN template_kind text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN template_kind, DROP COLUMN state`);
  }
}
