#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL for the hub's tests: `vwall_pg_start` runs initdb and starts a
# server on 127.0.0.1 on a free port (as user postgres when run as root) and exports
# VWALL_TEST_PG_URL; `vwall_pg_stop` stops it and removes its data (also run on EXIT).

vwall_pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && echo "$dir"
  done | sort -V | tail -n 1
}

vwall_pg_start() {
  local bindir port run_as=()
  bindir="$(vwall_pg_bindir)"
  if [ -z "$bindir" ]; then
    # In CI a missing PostgreSQL fails the run: otherwise every PostgreSQL case would
    # skip and the run would pass on SQLite alone.
    case "${CI:-}" in
      true | TRUE | True | 1 | yes)
        echo "postgres.sh: CI=true and no PostgreSQL server binaries found" \
          "(/usr/lib/postgresql/*/bin/initdb); install postgresql" >&2
        return 1
        ;;
    esac
    echo "postgres.sh: no PostgreSQL server binaries found; PostgreSQL tests will be skipped" >&2
    return 0
  fi
  VWALL_PG_DIR="$(mktemp -d /tmp/vwall-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$VWALL_PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${run_as[@]}" "$bindir/initdb" -D "$VWALL_PG_DIR/data" -U postgres -A trust -E UTF8 \
    --no-locale >"$VWALL_PG_DIR/initdb.log" 2>&1
  "${run_as[@]}" "$bindir/pg_ctl" -D "$VWALL_PG_DIR/data" -l "$VWALL_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $VWALL_PG_DIR -c fsync=off" start >/dev/null
  export VWALL_PG_DIR VWALL_PG_BINDIR="$bindir"
  export VWALL_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  trap vwall_pg_stop EXIT
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port ($VWALL_PG_DIR)" >&2
}

vwall_pg_stop() {
  [ -n "${VWALL_PG_DIR:-}" ] || return 0
  local run_as=()
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$VWALL_PG_BINDIR/pg_ctl" -D "$VWALL_PG_DIR/data" -m fast -w stop \
    >/dev/null 2>&1 || true
  rm -rf "$VWALL_PG_DIR"
  unset VWALL_PG_DIR VWALL_TEST_PG_URL
}
