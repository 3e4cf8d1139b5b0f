import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cases (
        case_id          text        NOT NULL,
        workflow_id      text        NOT NULL,
        template_id      text        NOT NULL,
        catalog_version  text        NOT NULL,
        status           text        NOT NULL,
        kind             text,
        applicant        jsonb       NOT NULL,
        project          jsonb       NOT NULL,
        departments      text[]      NOT NULL DEFAULT '{}',
        deadline         timestamptz,
        overdue          boolean     NOT NULL DEFAULT false,
        warning_level    text        NOT NULL DEFAULT 'none',
        last_sequence    integer     NOT NULL DEFAULT 0,
        received_at      timestamptz NOT NULL,
        closed_at        timestamptz,
        updated_at       timestamptz NOT NULL,
        CONSTRAINT pk_cases PRIMARY KEY (case_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_cases_status ON cases (status)`);
    await queryRunner.query(`CREATE INDEX ix_cases_template ON cases (template_id)`);
    await queryRunner.query(`CREATE INDEX ix_cases_departments ON cases USING gin (departments)`);
    await queryRunner.query(`CREATE INDEX ix_cases_received ON cases (received_at DESC, case_id)`);
    await queryRunner.query(`
      CREATE TABLE case_steps (
        case_id              text        NOT NULL,
        step_id              text        NOT NULL,
        matter_code          text        NOT NULL,
        department           text        NOT NULL,
        status               text        NOT NULL,
        opinion              text,
        deadline             timestamptz,
        deadline_provisional boolean     NOT NULL DEFAULT false,
        warning_level        text        NOT NULL DEFAULT 'none',
        started_at           timestamptz,
        finished_at          timestamptz,
        updated_at           timestamptz NOT NULL,
        CONSTRAINT pk_case_steps PRIMARY KEY (case_id, step_id),
        CONSTRAINT fk_case_steps_case FOREIGN KEY (case_id) REFERENCES cases (case_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_case_steps_department ON case_steps (department, status)`);
    await queryRunner.query(`
      CREATE TABLE case_events (
        id           bigserial   NOT NULL,
        case_id      text        NOT NULL,
        sequence     integer     NOT NULL,
        type         text        NOT NULL,
        actor        jsonb       NOT NULL,
        command_id   text,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        payload      jsonb       NOT NULL,
        prev_hash    text        NOT NULL,
        hash         text        NOT NULL,
        CONSTRAINT pk_case_events PRIMARY KEY (id),
        CONSTRAINT uq_case_events_case_sequence UNIQUE (case_id, sequence),
        CONSTRAINT ck_case_events_sequence_positive CHECK (sequence > 0)
      )`);
    // Append-only: the application never updates or deletes audit rows; the hash chain catches whoever bypasses this.
    await queryRunner.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await queryRunner.query(`
      CREATE TABLE calendar_days (
        region  text NOT NULL,
        date    date NOT NULL,
        kind    text NOT NULL,
        name    text NOT NULL,
        source  text NOT NULL,
        CONSTRAINT pk_calendar_days PRIMARY KEY (region, date),
        CONSTRAINT ck_calendar_days_kind CHECK (kind IN ('holiday', 'workday'))
      )`);
    await queryRunner.query(`
      CREATE TABLE calendar_years (
        region  text    NOT NULL,
        year    integer NOT NULL,
        source  text    NOT NULL,
        CONSTRAINT pk_calendar_years PRIMARY KEY (region, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE catalog_versions (
        version       text        NOT NULL,
        digest        text        NOT NULL,
        snapshot      jsonb       NOT NULL,
        active        boolean     NOT NULL DEFAULT false,
        published_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_catalog_versions PRIMARY KEY (version)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_catalog_versions_active ON catalog_versions (active) WHERE active`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id          text        NOT NULL,
        name        text        NOT NULL,
        role        text        NOT NULL,
        key_hash    text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE catalog_versions`);
    await queryRunner.query(`DROP TABLE calendar_years`);
    await queryRunner.query(`DROP TABLE calendar_days`);
    await queryRunner.query(`DROP TABLE case_events`);
    await queryRunner.query(`DROP FUNCTION case_events_append_only()`);
    await queryRunner.query(`DROP TABLE case_steps`);
    await queryRunner.query(`DROP TABLE cases`);
  }
}
