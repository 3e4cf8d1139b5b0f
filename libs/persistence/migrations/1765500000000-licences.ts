import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 电子证照: every licence a case issued, as a record anyone may verify by its number (valid, revoked, unknown): the
 * holder, the matter, the issuing department and seal, when it was issued, and a hash of its content. A 告知承诺
 * decision revoked revokes its licences. Written by the projection from the case's state when a licence is issued or
 * revoked; licences issued before this migration have no record.
 */
export class Licences1765500000000 implements MigrationInterface {
  name = 'Licences1765500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE licences (
        number              text        NOT NULL,
        case_id             text        NOT NULL,
        step_id             text        NOT NULL,
        matter_code         text        NOT NULL,
        department          text        NOT NULL,
        holder_name         text        NOT NULL,
        holder_credit_code  text        NOT NULL,
        seal                text,
        issued_at           timestamptz NOT NULL,
        content_hash        text        NOT NULL,
        revoked_at          timestamptz,
        revoke_reason       text,
        CONSTRAINT pk_licences PRIMARY KEY (number),
        CONSTRAINT fk_licences_case FOREIGN KEY (case_id) REFERENCES cases (case_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_licences_case ON licences (case_id)`);
    await queryRunner.query(`CREATE INDEX ix_licences_holder ON licences (holder_credit_code)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE licences`);
  }
}
