#!/usr/bin/env bash
# Proves that a backup can be restored: fills a database with reference and demo data, backs
# it up with scripts/backup.sh, restores it with scripts/restore.sh into a fresh database and
# compares every table's row count and a checksum of the projects. Needs PostgreSQL.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
scripts/postgres-up.sh
source_db=leipzig_digital_backup_source
target_db=leipzig_digital_backup_target
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$source_db"; dropdb --if-exists "$target_db"' EXIT
for db in "$source_db" "$target_db"; do dropdb --if-exists "$db"; createdb "$db"; done

export DATABASE_URL="postgres:///$source_db"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_reference >/dev/null
.venv/bin/python manage.py seed_demo --projects 150 --seed 4 >/dev/null

dump=$(scripts/backup.sh "$DATABASE_URL" "$tmp")
scripts/restore.sh "$dump" "postgres:///$target_db"

fingerprint() {
  psql -qAt -d "$1" <<'SQL'
SELECT string_agg(table_name || '=' || (xpath('/row/c/text()',
       query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text,
       ' ' ORDER BY table_name)
  FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE';
SELECT md5(string_agg(id || title || status || coalesce(last_reported_on::text, ''), ',' ORDER BY id))
  FROM projects_project;
SQL
}
before=$(fingerprint "$source_db")
after=$(fingerprint "$target_db")
if [ "$before" != "$after" ]; then
  echo "Backup/restore check FAILED"; diff <(echo "$before" | tr ' ' '\n') <(echo "$after" | tr ' ' '\n') || true
  exit 1
fi
echo "Backup/restore check passed: $(echo "$before" | head -1 | wc -w) tables identical, $(basename "$dump")"
