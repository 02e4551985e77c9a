#!/usr/bin/env bash
# `make run`: the development server and, next to it, the background worker that checks and
# applies imports and builds large exports. Ctrl+C stops both; a worker that stops on its own
# (an error, a database outage) is started again after two seconds.
set -uo pipefail
BIN=${BIN:-.venv/bin}
ADDRESS=${1:-127.0.0.1:8000}

# The worker and its restart loop in a process group of their own, stopped as one.
setsid bash -c "while true; do '$BIN/python' manage.py db_worker --interval 1; sleep 2; done" &
workers=$!

stop() {
  trap - EXIT INT TERM
  kill -TERM -- "-$workers" 2>/dev/null
  wait "$workers" 2>/dev/null
}
trap stop EXIT INT TERM

"$BIN/python" manage.py runserver "$ADDRESS"
