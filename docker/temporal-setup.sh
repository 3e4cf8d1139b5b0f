#!/bin/sh
# Runs in temporalio/admin-tools: creates and migrates Temporal's Postgres schemas (the auto-setup image is
# deprecated), then, once the server answers, the namespace and OneWindow's search attributes.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
SCHEMA=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" -p 5432 --db "$db" create-database || true
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" -p 5432 --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" -p 5432 --db "$db" update-schema -d "$SCHEMA/$dir/versioned"
done
if [ "${REGISTER_SEARCH_ATTRIBUTES:-false}" = true ]; then
  until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
  temporal operator namespace describe --address "$TEMPORAL_ADDRESS" -n default >/dev/null 2>&1 ||
    temporal operator namespace create --address "$TEMPORAL_ADDRESS" -n default --retention 3650d
  for attribute in CaseStatus=Keyword CaseTemplate=Keyword CaseDepartments=KeywordList CaseDeadline=Datetime \
    CaseOverdue=Bool CaseWarningLevel=Keyword; do
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" -n default \
      --name "${attribute%%=*}" --type "${attribute#*=}" || true
  done
fi
