#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into an EMPTY database.
#   scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL
# Afterwards run `manage.py migrate` if the dump is older than the installed version.
set -euo pipefail
dump=${1:?dump file}
url=${2:?target database URL}
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$dump"
