#!/bin/sh
# Runs in temporalio/admin-tools (the auto-setup image is deprecated). Modes, by $1:
#   schema     create (once) and migrate Temporal's Postgres schemas, as the temporal role;
#   ready      wait until the server answers its health check (the server image need not carry a CLI);
#   namespace  create the namespace and OneWindow's search attributes.
set -eu
case "${1:-}" in
  schema)
    : "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
    SCHEMA=/etc/temporal/schema/postgresql/v12
    for db in temporal temporal_visibility; do
      dir=temporal
      [ "$db" = temporal_visibility ] && dir=visibility
      sql="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -u $POSTGRES_USER --pw $POSTGRES_PWD -p 5432 --db $db"
      # Made by postgres-init on our Postgres; on another server, made here (or already there).
      $sql create-database >/dev/null 2>&1 || true
      # The version tables (a no-op when present), then every versioned update newer than the database's: the base
      # schema on a fresh database, a release's new ones on an upgrade, nothing otherwise (apps/stack does the same).
      $sql setup-schema -v 0.0
      $sql update-schema -d "$SCHEMA/$dir/versioned"
    done
    ;;
  ready)
    : "${TEMPORAL_ADDRESS:?}"
    until temporal operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING; do sleep 2; done
    ;;
  namespace)
    : "${TEMPORAL_ADDRESS:?}"
    temporal operator namespace describe --address "$TEMPORAL_ADDRESS" -n default >/dev/null 2>&1 ||
      temporal operator namespace create --address "$TEMPORAL_ADDRESS" -n default --retention 3650d
    for attribute in CaseStatus=Keyword CaseTemplate=Keyword CaseDepartments=KeywordList CaseDeadline=Datetime \
      CaseOverdue=Bool CaseWarningLevel=Keyword; do
      temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" -n default \
        --name "${attribute%%=*}" --type "${attribute#*=}" || true
    done
    ;;
  *)
    echo "usage: temporal-setup.sh schema|ready|namespace" >&2
    exit 2
    ;;
esac
