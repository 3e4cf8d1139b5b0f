import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 好差评: one rating per finished case; a bad rating opens a rectification task with a working-day clock. */
export class Ratings1763900000000 implements MigrationInterface {
  name = 'Ratings1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_ratings (
        id        text        NOT NULL,
        case_id   text        NOT NULL,
        level     text        NOT NULL,
        comment   text,
        rated_by  jsonb       NOT NULL,
        rated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_case_ratings PRIMARY KEY (id),
        CONSTRAINT uq_case_ratings_case UNIQUE (case_id),
        CONSTRAINT fk_case_ratings_case FOREIGN KEY (case_id) REFERENCES cases (case_id),
        CONSTRAINT ck_case_ratings_level CHECK (level IN ('very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'))
      )`);
    await queryRunner.query(`
      CREATE TABLE rectification_tasks (
        id                    text        NOT NULL,
        rating_id             text        NOT NULL,
        case_id               text        NOT NULL,
        departments           text[]      NOT NULL,
        opened_at             timestamptz NOT NULL,
        deadline              timestamptz NOT NULL,
        deadline_provisional  boolean     NOT NULL,
        completed_at          timestamptz,
        resolution            text,
        CONSTRAINT pk_rectification_tasks PRIMARY KEY (id),
        CONSTRAINT uq_rectification_tasks_rating UNIQUE (rating_id),
        CONSTRAINT fk_rectification_tasks_rating FOREIGN KEY (rating_id) REFERENCES case_ratings (id)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rectification_tasks`);
    await queryRunner.query(`DROP TABLE case_ratings`);
  }
}
