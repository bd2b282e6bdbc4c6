#!/usr/bin/env bash
# `make run`: the web server and one job worker (PDF renders, e-mail, housekeeping) together.
# Ctrl+C stops both. Usage: scripts/serve.sh HOST PORT
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-5000}
bin="$(dirname "$0")/../.venv/bin"
"$bin/flask" worker --workers 2 &
worker=$!
stop() { kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap stop EXIT INT TERM
echo "Job worker started (pid $worker). Serving http://$host:$port/ ; Ctrl+C stops both."
"$bin/flask" run --host "$host" --port "$port"
