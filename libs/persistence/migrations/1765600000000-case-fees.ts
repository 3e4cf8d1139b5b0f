import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 统一收费: each fee a case assessed, as the kernel left it (assessed, paid, waived and still due, in 分, and its
 * status), so 电子监察 sums fees per department and matter without judging a fee again. Written by the projection
 * from the case's state after each fee event; one row per case and fee id.
 */
export class CaseFees1765600000000 implements MigrationInterface {
  name = 'CaseFees1765600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_fees (
        case_id      text        NOT NULL,
        fee_id       text        NOT NULL,
        matter_code  text        NOT NULL,
        department   text        NOT NULL,
        item_code    text        NOT NULL,
        name         text        NOT NULL,
        status       text        NOT NULL,
        amount_fen   bigint      NOT NULL,
        paid_fen     bigint      NOT NULL,
        waived_fen   bigint      NOT NULL,
        due_fen      bigint      NOT NULL,
        assessed_at  timestamptz NOT NULL,
        CONSTRAINT pk_case_fees PRIMARY KEY (case_id, fee_id),
        CONSTRAINT fk_case_fees_case FOREIGN KEY (case_id) REFERENCES cases (case_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_case_fees_assessed ON case_fees (assessed_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_fees`);
  }
}
