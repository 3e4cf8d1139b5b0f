import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 评议投诉 and 过错责任追究制: the applicant's complaints about a case (answered by a supervisor within a working-day
 * limit, with a finding told back), and the accountability records (问责) that a step's 红牌, a late rectification or
 * an upheld complaint opens against a department, one per source and department, closed by a supervisor with a
 * finding (过错 / 无过错), the reasons and the measure taken.
 */
export class ComplaintsAccountability1765300000000 implements MigrationInterface {
  name = 'ComplaintsAccountability1765300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE complaints (
        id                    text        NOT NULL,
        case_id               text        NOT NULL,
        departments           text[]      NOT NULL,
        subject               text        NOT NULL,
        filed_by              jsonb       NOT NULL,
        filed_at              timestamptz NOT NULL,
        deadline              timestamptz NOT NULL,
        deadline_provisional  boolean     NOT NULL,
        answered_at           timestamptz,
        finding               text,
        answer                text,
        answered_by           jsonb,
        CONSTRAINT pk_complaints PRIMARY KEY (id),
        CONSTRAINT fk_complaints_case FOREIGN KEY (case_id) REFERENCES cases (case_id),
        CONSTRAINT ck_complaints_finding CHECK (finding IN ('upheld', 'not-upheld')),
        CONSTRAINT ck_complaints_answered CHECK ((answered_at IS NULL) = (finding IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_complaints_case ON complaints (case_id)`);
    await queryRunner.query(`
      CREATE TABLE accountability_records (
        id          text        NOT NULL,
        source      text        NOT NULL,
        source_id   text        NOT NULL,
        department  text        NOT NULL,
        case_id     text        NOT NULL,
        step_id     text,
        reviewer    text,
        opened_at   timestamptz NOT NULL,
        closed_at   timestamptz,
        finding     text,
        reasons     text,
        measure     text,
        closed_by   jsonb,
        CONSTRAINT pk_accountability_records PRIMARY KEY (id),
        CONSTRAINT uq_accountability_source UNIQUE (source, source_id, department),
        CONSTRAINT fk_accountability_case FOREIGN KEY (case_id) REFERENCES cases (case_id),
        CONSTRAINT ck_accountability_source CHECK (source IN ('red-card', 'late-rectification', 'upheld-complaint')),
        CONSTRAINT ck_accountability_finding CHECK (finding IN ('at-fault', 'no-fault')),
        CONSTRAINT ck_accountability_closed CHECK ((closed_at IS NULL) = (finding IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_accountability_open ON accountability_records (opened_at) WHERE closed_at IS NULL`,
    );
    // The steps whose 红牌 opens a record: few, found without reading every step.
    await queryRunner.query(`CREATE INDEX ix_case_steps_red ON case_steps (case_id) WHERE raised_red`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_case_steps_red`);
    await queryRunner.query(`DROP TABLE accountability_records`);
    await queryRunner.query(`DROP TABLE complaints`);
  }
}
