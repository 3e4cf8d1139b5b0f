import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applicant's own channel: the secret the per-case query codes (查询码) are derived from, made once per
 * installation (every API process derives the same code), and the failed lookups by case, so a guessed code is
 * refused after a few tries whatever address it comes from.
 */
export class PublicChannel1765400000000 implements MigrationInterface {
  name = 'PublicChannel1765400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE service_secrets (
        name        text        NOT NULL,
        value       text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_service_secrets PRIMARY KEY (name)
      )`);
    await queryRunner.query(`
      CREATE TABLE public_lookup_failures (
        id       bigserial   NOT NULL,
        case_id  text        NOT NULL,
        address  text        NOT NULL,
        at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_public_lookup_failures PRIMARY KEY (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_public_lookup_failures_case ON public_lookup_failures (case_id, at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE public_lookup_failures`);
    await queryRunner.query(`DROP TABLE service_secrets`);
  }
}
