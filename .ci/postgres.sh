# shellcheck shell=bash
# Makes a PostgreSQL server reachable for the PostgreSQL tests and exports SHIPGATE_TEST_DATABASE_URL; .ci/run
# sources it before the test command (CI=1 makes those tests fail, not skip, without the URL). Run alone
# (`bash .ci/postgres.sh`) it does the same, checks the database answers, prints the URL, and stops any server it
# started on the way out.
#
# - SHIPGATE_TEST_DATABASE_URL already set: used as it is.
# - A server answering on 127.0.0.1:$SHIPGATE_CI_POSTGRES_PORT (default 5432): postgres://postgres@…/test, with
#   the `test` database created if it is missing (trust auth for the postgres user is assumed).
# - Otherwise: Debian's postgresql package (installed if initdb is missing) runs a throwaway cluster in a temp
#   directory, on a free port, as the postgres user when this runs as root, with trust auth; it is stopped and
#   removed when the shell exits (an EXIT trap).

if [ "${BASH_SOURCE[0]}" = "$0" ]; then set -euo pipefail; fi

ci_pg_port="${SHIPGATE_CI_POSTGRES_PORT:-5432}"

if ! declare -F as_root >/dev/null; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
fi

# Whether anything listens on 127.0.0.1:$1.
ci_pg_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether a PostgreSQL server answers on 127.0.0.1:$1 (pg_isready if present, else any listener).
ci_pg_answers() {
  if command -v pg_isready >/dev/null; then pg_isready -q -h 127.0.0.1 -p "$1"; else ci_pg_listening "$1"; fi
}

# The path of PostgreSQL program $1: on PATH, else in the newest /usr/lib/postgresql/*/bin; empty if neither.
ci_pg_tool() {
  local found
  found="$(command -v "$1" || true)"
  if [ -z "$found" ]; then
    found="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path "*/bin/$1" 2>/dev/null | sort -V | tail -n 1)"
  fi
  printf '%s' "$found"
}

ci_pg_apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Runs "$@" in $ci_pg_dir, as the postgres user when this shell is root (initdb and postgres refuse root).
ci_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$ci_pg_dir" && runuser -u postgres -- "$@")
  else
    (cd "$ci_pg_dir" && "$@")
  fi
}

# Creates the database `test` on the server at 127.0.0.1:$1, tolerating "already exists".
ci_pg_create_test_db() {
  local createdb out
  createdb="$(ci_pg_tool createdb)"
  if [ -z "$createdb" ]; then
    ci_pg_apt_install postgresql-client
    createdb="$(ci_pg_tool createdb)"
  fi
  if out="$("$createdb" -h 127.0.0.1 -p "$1" -U postgres test 2>&1)"; then return 0; fi
  case "$out" in
    *"already exists"*) return 0 ;;
    *) printf '%s\n' "$out" >&2; return 1 ;;
  esac
}

# Stops the throwaway cluster and removes its directory (the EXIT trap).
ci_pg_stop() {
  if [ -n "${ci_pg_dir:-}" ] && [ -d "$ci_pg_dir" ]; then
    ci_pg_as_owner "$(ci_pg_tool pg_ctl)" -D "$ci_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$ci_pg_dir"
  fi
}

# Starts a throwaway cluster with trust auth on a free port, kept in $ci_pg_started_port.
ci_pg_start_cluster() {
  local initdb pg_ctl port
  initdb="$(ci_pg_tool initdb)"
  if [ -z "$initdb" ]; then
    ci_pg_apt_install postgresql
    initdb="$(ci_pg_tool initdb)"
  fi
  pg_ctl="$(ci_pg_tool pg_ctl)"
  ci_pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/shipgate-ci-postgres.XXXXXX")"
  trap ci_pg_stop EXIT
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres: "$ci_pg_dir"
  fi
  port=54329
  while ci_pg_listening "$port"; do port=$((port + 1)); done
  ci_pg_as_owner "$initdb" -D "$ci_pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >"$ci_pg_dir/initdb.log"
  ci_pg_as_owner "$pg_ctl" -D "$ci_pg_dir/data" -l "$ci_pg_dir/server.log" -w \
    -o "-p $port -k $ci_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  ci_pg_started_port="$port"
}

ci_postgres() {
  local port
  if [ -n "${SHIPGATE_TEST_DATABASE_URL:-}" ]; then
    export SHIPGATE_TEST_DATABASE_URL
    return 0
  fi
  if ci_pg_answers "$ci_pg_port"; then
    port="$ci_pg_port"
    echo "PostgreSQL answers on 127.0.0.1:$port: the PostgreSQL tests use it" >&2
  else
    ci_pg_start_cluster
    port="$ci_pg_started_port"
    echo "Started a throwaway PostgreSQL on 127.0.0.1:$port ($ci_pg_dir) for the PostgreSQL tests" >&2
  fi
  ci_pg_create_test_db "$port"
  export SHIPGATE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/test"
  local psql
  psql="$(ci_pg_tool psql)"
  if [ -n "$psql" ]; then "$psql" "$SHIPGATE_TEST_DATABASE_URL" -qtAc 'SELECT 1' >/dev/null; fi
}

ci_postgres

if [ "${BASH_SOURCE[0]}" = "$0" ]; then echo "SHIPGATE_TEST_DATABASE_URL=$SHIPGATE_TEST_DATABASE_URL"; fi
