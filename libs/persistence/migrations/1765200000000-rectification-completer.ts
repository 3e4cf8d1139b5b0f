import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who completed a rectification (整改): the actor (key id, role, department) of the case's department or the
 * supervisor who closed it. Tasks completed before this migration keep `completed_by` null: it was not recorded.
 */
export class RectificationCompleter1765200000000 implements MigrationInterface {
  name = 'RectificationCompleter1765200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rectification_tasks ADD COLUMN completed_by jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rectification_tasks DROP COLUMN completed_by`);
  }
}
