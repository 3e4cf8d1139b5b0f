import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue and calendar as published data: catalogue versions become immutable (who published them, activation
 * history); holiday notices are stored whole, one row per published revision, never overwritten (the effective
 * calendar is each region-year's latest revision); recomputations of open cases after a notice are tracked.
 * The old day rows are carried over as one notice per region, year and source.
 */
export class PublishedReferenceData1764850000000 implements MigrationInterface {
  name = 'PublishedReferenceData1764850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE catalog_versions
        ADD COLUMN published_by text NOT NULL DEFAULT 'seed',
        ADD COLUMN activated_at timestamptz`);
    await queryRunner.query(`UPDATE catalog_versions SET activated_at = published_at WHERE active`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.version <> OLD.version OR NEW.digest <> OLD.digest OR NEW.snapshot <> OLD.snapshot
           OR NEW.published_at <> OLD.published_at OR NEW.published_by <> OLD.published_by THEN
          RAISE EXCEPTION 'a published catalogue version is immutable (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_catalog_versions_immutable BEFORE UPDATE OR DELETE ON catalog_versions
      FOR EACH ROW EXECUTE FUNCTION catalog_versions_immutable()`);
    await queryRunner.query(`
      CREATE TABLE catalog_activations (
        id            bigserial   NOT NULL,
        version       text        NOT NULL REFERENCES catalog_versions (version),
        activated_at  timestamptz NOT NULL DEFAULT now(),
        activated_by  text        NOT NULL,
        CONSTRAINT pk_catalog_activations PRIMARY KEY (id)
      )`);
    await queryRunner.query(`
      INSERT INTO catalog_activations (version, activated_at, activated_by)
      SELECT version, published_at, published_by FROM catalog_versions WHERE active`);

    await queryRunner.query(`
      CREATE TABLE calendar_notices (
        id               bigserial   NOT NULL,
        region           text        NOT NULL,
        year             integer     NOT NULL,
        revision         integer     NOT NULL,
        title            text        NOT NULL,
        document_number  text        NOT NULL,
        issued_on        date,
        holidays         jsonb       NOT NULL,
        workdays         jsonb       NOT NULL,
        digest           text        NOT NULL,
        published_at     timestamptz NOT NULL DEFAULT now(),
        published_by     text        NOT NULL,
        CONSTRAINT pk_calendar_notices PRIMARY KEY (id),
        CONSTRAINT uq_calendar_notices_revision UNIQUE (region, year, revision)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION calendar_notices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a published holiday notice is kept as it was (% refused): publish a new revision', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_calendar_notices_immutable BEFORE UPDATE OR DELETE ON calendar_notices
      FOR EACH ROW EXECUTE FUNCTION calendar_notices_immutable()`);
    // The day rows so far, as notices: one per region, year and source, each day a one-day period.
    await queryRunner.query(`
      INSERT INTO calendar_notices (region, year, revision, title, document_number, holidays, workdays, digest, published_by)
      SELECT region, year, 1,
             -- "title（文号）", the form every day's source has had, splits back into both; anything else is a title.
             CASE WHEN source ~ '（[^（）]+）$' THEN regexp_replace(source, '（[^（）]+）$', '') ELSE source END,
             coalesce(substring(source FROM '（([^（）]+)）$'), '（无文号）'),
             coalesce(jsonb_agg(jsonb_build_object('name', name, 'from', d, 'to', d) ORDER BY d)
                        FILTER (WHERE kind = 'holiday'), '[]'::jsonb),
             coalesce(jsonb_agg(jsonb_build_object('name', name, 'date', d) ORDER BY d)
                        FILTER (WHERE kind = 'workday'), '[]'::jsonb),
             'migrated', 'migration'
      FROM (SELECT region, extract(year FROM date)::int AS year, to_char(date, 'YYYY-MM-DD') AS d, kind, name, source
            FROM calendar_days) days
      GROUP BY region, year, source`);
    await queryRunner.query(`DROP TABLE calendar_days`);
    await queryRunner.query(`DROP TABLE calendar_years`);

    await queryRunner.query(`
      CREATE TABLE calendar_recomputations (
        id                text        NOT NULL,
        notice_id         bigint      NOT NULL REFERENCES calendar_notices (id),
        calendar_version  text        NOT NULL,
        status            text        NOT NULL DEFAULT 'running',
        total             integer     NOT NULL DEFAULT 0,
        done              integer     NOT NULL DEFAULT 0,
        cases_changed     integer     NOT NULL DEFAULT 0,
        cases_unchanged   integer     NOT NULL DEFAULT 0,
        cases_closed      integer     NOT NULL DEFAULT 0,
        cases_failed      integer     NOT NULL DEFAULT 0,
        deadlines_moved   integer     NOT NULL DEFAULT 0,
        became_final      integer     NOT NULL DEFAULT 0,
        moves             jsonb       NOT NULL DEFAULT '[]'::jsonb,
        started_at        timestamptz NOT NULL DEFAULT now(),
        finished_at       timestamptz,
        CONSTRAINT pk_calendar_recomputations PRIMARY KEY (id),
        CONSTRAINT ck_calendar_recomputations_status CHECK (status IN ('running', 'done', 'failed'))
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calendar_recomputations`);
    await queryRunner.query(`
      CREATE TABLE calendar_days (
        region text NOT NULL, date date NOT NULL, kind text NOT NULL, name text NOT NULL, source text NOT NULL,
        CONSTRAINT pk_calendar_days PRIMARY KEY (region, date),
        CONSTRAINT ck_calendar_days_kind CHECK (kind IN ('holiday', 'workday'))
      )`);
    await queryRunner.query(`
      CREATE TABLE calendar_years (
        region text NOT NULL, year integer NOT NULL, source text NOT NULL,
        CONSTRAINT pk_calendar_years PRIMARY KEY (region, year)
      )`);
    await queryRunner.query(`
      WITH latest AS (
        SELECT DISTINCT ON (region, year) * FROM calendar_notices ORDER BY region, year, revision DESC
      )
      INSERT INTO calendar_days (region, date, kind, name, source)
      SELECT region, day::date, 'holiday', period->>'name', CASE WHEN document_number = '（无文号）' THEN title ELSE title || '（' || document_number || '）' END
      FROM latest, jsonb_array_elements(holidays) period,
           generate_series((period->>'from')::date, (period->>'to')::date, interval '1 day') day
      UNION ALL
      SELECT region, (w->>'date')::date, 'workday', w->>'name', CASE WHEN document_number = '（无文号）' THEN title ELSE title || '（' || document_number || '）' END
      FROM latest, jsonb_array_elements(workdays) w`);
    await queryRunner.query(`
      INSERT INTO calendar_years (region, year, source)
      SELECT DISTINCT ON (region, year) region, year, CASE WHEN document_number = '（无文号）' THEN title ELSE title || '（' || document_number || '）' END
      FROM calendar_notices ORDER BY region, year, revision DESC`);
    await queryRunner.query(`DROP TABLE calendar_notices`);
    await queryRunner.query(`DROP FUNCTION calendar_notices_immutable()`);
    await queryRunner.query(`DROP TABLE catalog_activations`);
    await queryRunner.query(`DROP TRIGGER tr_catalog_versions_immutable ON catalog_versions`);
    await queryRunner.query(`DROP FUNCTION catalog_versions_immutable()`);
    await queryRunner.query(`ALTER TABLE catalog_versions DROP COLUMN activated_at, DROP COLUMN published_by`);
  }
}
