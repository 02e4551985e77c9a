#!/usr/bin/env bash
# `make loadtest`: 50 logged-in users for 60 s against the production set-up (gunicorn +
# whitenoise + PostgreSQL) on 127.0.0.1, with 5,000 projects. Starts and stops everything it
# needs; writes bench/results/load.md. Traffic goes to the loopback address only.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-50}
DURATION=${DURATION:-60s}
PORT=${PORT:-8077}
WORKERS=${WORKERS:-4}
DB=leipzig_digital_load
export DATABASE_URL="postgres:///$DB" DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 \
  DJANGO_SECRET_KEY="loadtest-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" \
  DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_LOG_LEVEL=WARNING \
  DJANGO_STATIC_ROOT="$PWD/staticfiles"

scripts/postgres-up.sh
dropdb --if-exists "$DB"
createdb "$DB"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_reference >/dev/null
.venv/bin/python manage.py seed_demo --projects 5000 --offices 60 --seed 2026 | head -1
.venv/bin/python manage.py collectstatic --no-input -v 0
export LOAD_SESSIONS=bench/results/.load-sessions.json
.venv/bin/python bench/make_sessions.py "$USERS" > "$LOAD_SESSIONS"

.venv/bin/gunicorn leipzig_digital.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-tmp-dir /dev/shm --access-logfile /dev/null \
  --error-logfile bench/results/load-gunicorn.log &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.2
done

status=0
.venv/bin/locust -f bench/locustfile.py --headless --users "$USERS" --spawn-rate 10 \
  --run-time "$DURATION" --stop-timeout 5 --reset-stats --host "http://127.0.0.1:$PORT" \
  --csv bench/results/load --only-summary --loglevel WARNING || status=$?
.venv/bin/python bench/load_report.py bench/results/load_stats.csv "$USERS" "$DURATION" \
  > bench/results/load.md
cat bench/results/load.md
rm -f "$LOAD_SESSIONS" bench/results/load_stats_history.csv bench/results/load_failures.csv \
  bench/results/load_exceptions.csv
exit $status
