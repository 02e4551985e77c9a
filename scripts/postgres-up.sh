#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (Debian layout) and make sure the current user may
# create databases. Used by CI, `make bench` and `make loadtest`; harmless when it runs.
set -euo pipefail
if ! pg_lsclusters --no-header | grep -q "^15 *main .*online"; then
  pg_ctlcluster 15 main start
fi
me=$(id -un)
if ! psql -d postgres -qtc "SELECT 1" >/dev/null 2>&1; then
  su postgres -c "psql -qc 'CREATE ROLE \"$me\" SUPERUSER LOGIN'"
fi
