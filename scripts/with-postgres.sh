#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1, then stop and remove it.
# The command sees SEMINAR_TEST_DATABASE_URL (and SEMINAR_DATABASE_URL).
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
if ! [ -x "${PGBIN:-}/initdb" ]; then
  bash "$(dirname "$0")/system-deps.sh" test
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
PGROOT=$(mktemp -d -t seminar-pg.XXXXXX)
chmod 755 "$PGROOT"
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGROOT"; AS=(runuser -u postgres --); fi
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log"
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -t 30 \
  -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres seminar_test
export SEMINAR_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/seminar_test"
export SEMINAR_DATABASE_URL="$SEMINAR_TEST_DATABASE_URL"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
"$@"
