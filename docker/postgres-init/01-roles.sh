#!/bin/sh
# Runs once, when the Postgres volume is new: one role per tenant of the server, each owning only its databases.
# Temporal's persistence (temporal, temporal_visibility) and OneWindow's (onewindow) never share a login.
set -eu
: "${TEMPORAL_DB_PASSWORD:?}" "${ONEWINDOW_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE temporal LOGIN PASSWORD '${TEMPORAL_DB_PASSWORD}' CREATEDB;
CREATE ROLE onewindow LOGIN PASSWORD '${ONEWINDOW_DB_PASSWORD}';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
CREATE DATABASE onewindow OWNER onewindow;
REVOKE ALL ON DATABASE onewindow FROM PUBLIC;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
SQL
