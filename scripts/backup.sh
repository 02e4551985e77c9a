#!/usr/bin/env bash
# Back up the application's PostgreSQL database into a compressed custom-format dump.
#   scripts/backup.sh [DATABASE_URL] [DIRECTORY]
# Defaults: $DATABASE_URL and ./backups. Prints the path of the new dump.
set -euo pipefail
url=${1:-${DATABASE_URL:?set DATABASE_URL or pass it as the first argument}}
dir=${2:-backups}
mkdir -p "$dir"
file="$dir/leipzig-digital-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$file"
echo "$file"
