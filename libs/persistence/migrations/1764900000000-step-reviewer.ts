import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 电子监察 per staff member: the key (actor id) that recorded each step's last opinion, so statistics per reviewer
 * come from `case_steps` like those per department (the engine's own outcomes have none). Existing rows take it
 * from the folded case state.
 */
export class StepReviewer1764900000000 implements MigrationInterface {
  name = 'StepReviewer1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_steps ADD COLUMN reviewer text`);
    await queryRunner.query(
      `UPDATE case_steps s SET reviewer = c.state -> 'steps' -> s.step_id -> 'opinions' -> -1 -> 'actor' ->> 'id'
       FROM cases c WHERE c.case_id = s.case_id AND c.state IS NOT NULL
         AND c.state -> 'steps' -> s.step_id -> 'opinions' -> -1 -> 'actor' ->> 'role' <> 'system'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_steps DROP COLUMN reviewer`);
  }
}
