#!/usr/bin/env bash
# PostgreSQL for development and tests, as the project's OWN cluster (a plain local process;
# Debian's default "main" cluster is neither needed nor touched, and may run beside it).
#
#   address   127.0.0.1 only, port $PGPORT (default 55432: 5432 stays free for Debian's cluster)
#   role      eps / password eps, SUPERUSER (tests create and drop databases), scram over TCP
#   databases affiliation identity authorizations billing incapacities pqrs notifications
#             portal audit eps_test (`createdbs`; owner eps)
#   URL       postgresql://eps:eps@127.0.0.1:55432/<database>
#
# Where the data lives: <repo>/.cache/postgres/ (git-ignored), owned by the `postgres` OS user
# because initdb and the server refuse to run as root:
#   .cache/postgres/data/        the cluster (PGDATA)
#   .cache/postgres/run/         the unix socket directory
#   .cache/postgres/server.log   the server log
#   .cache/postgres/eps.conf     the project's settings, included from postgresql.conf
# If the `postgres` user cannot reach that folder (a parent directory without o+x), or the
# socket path would be too long, the root moves to /var/tmp/eps-postgres-<hash of repo path>
# instead; EPS_PG_ROOT=<dir> forces a location. `scripts/infra/postgres.sh status` prints it.
# Run as a normal user (no root), everything runs as that user and no chown is needed.
#
# Settings (dev/test box, 2 cores): fsync=on (honest durability for benchmarks),
# max_connections=300, shared_buffers=256MB.
#
# Usage: scripts/infra/postgres.sh <command>
#   install     apt-get install postgresql if no server binaries are found
#   start       initdb once, start, ensure role eps (idempotent)
#   createdbs   create the databases (idempotent)
#   stop | status | url [db] | psql [db] [psql args] | wipe
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PGPORT="${PGPORT:-55432}"
PGHOST_TCP=127.0.0.1
DATABASES=(affiliation identity authorizations billing incapacities pqrs notifications portal audit eps_test)
ROLE=eps
ROLE_PASSWORD=eps

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

IS_ROOT=0; [[ $EUID -eq 0 ]] && IS_ROOT=1
PG_USER="$(id -un)"; (( IS_ROOT )) && PG_USER=postgres

# ---------------------------------------------------------------------------------------------
# binaries
# ---------------------------------------------------------------------------------------------
find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return 0; fi
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [[ -n "$d" && -x "$d/postgres" ]]; then echo "$d"; return 0; fi
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/postgres" ]]; then
    pg_config --bindir; return 0
  fi
  if command -v postgres >/dev/null; then dirname "$(command -v postgres)"; return 0; fi
  return 1
}

cmd_install() {
  if find_pg_bin >/dev/null; then
    log "PostgreSQL server binaries present: $(find_pg_bin)"
    return 0
  fi
  local sudo=""
  (( IS_ROOT )) || sudo="sudo"
  log "installing PostgreSQL from the distribution's packages ..."
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  find_pg_bin >/dev/null || die "postgresql installed but no server binaries found"
  # Debian's package starts its own "main" cluster on 5432; that one is not ours and may stay.
  log "installed: $(find_pg_bin)"
}

BIN=""
need_bin() {
  [[ -n "$BIN" ]] && return 0
  BIN="$(find_pg_bin)" || die "no PostgreSQL server binaries; run: scripts/infra/postgres.sh install"
}

# as_pg CMD...: run a command as the cluster's OS user.
as_pg() {
  if (( IS_ROOT )); then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# location
# ---------------------------------------------------------------------------------------------
pick_root() {
  if [[ -n "${EPS_PG_ROOT:-}" ]]; then echo "$EPS_PG_ROOT"; return; fi
  local cand="$ROOT/.cache/postgres" alt
  alt="/var/tmp/eps-postgres-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
  # An existing cluster at the alternative place wins (chosen on an earlier run).
  if [[ -f "$alt/data/PG_VERSION" && ! -f "$cand/data/PG_VERSION" ]]; then echo "$alt"; return; fi
  # unix socket paths are limited to ~107 bytes
  if (( ${#cand} + 24 > 100 )); then echo "$alt"; return; fi
  if (( IS_ROOT )); then
    mkdir -p "$cand" 2>/dev/null || { echo "$alt"; return; }
    if ! runuser -u postgres -- test -x "$ROOT/.cache"; then echo "$alt"; return; fi
  fi
  echo "$cand"
}

PGROOT="$(pick_root)"
PGDATA_DIR="$PGROOT/data"
SOCKDIR="$PGROOT/run"
LOGFILE="$PGROOT/server.log"
CONF="$PGROOT/eps.conf"

prepare_root() {
  mkdir -p "$PGROOT/run"
  if (( IS_ROOT )); then
    chown postgres:postgres "$PGROOT" "$PGROOT/run"
    chmod 700 "$PGROOT"
    [[ -d "$PGDATA_DIR" ]] && chown postgres:postgres "$PGDATA_DIR"
    runuser -u postgres -- test -w "$PGROOT" || die "user postgres cannot write $PGROOT (set EPS_PG_ROOT)"
  fi
}

write_conf() {
  as_pg tee "$CONF" >/dev/null <<EOF
# Generated by scripts/infra/postgres.sh on every start — edit the script, not this file.
listen_addresses = '$PGHOST_TCP'
port = $PGPORT
unix_socket_directories = '$SOCKDIR'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
password_encryption = 'scram-sha-256'
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
timezone = 'UTC'
EOF
}

ensure_initdb() {
  if [[ -f "$PGDATA_DIR/PG_VERSION" ]]; then
    local have want
    have="$(cat "$PGDATA_DIR/PG_VERSION")"
    want="$("$BIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
    [[ "$have" == "$want" ]] || die "$PGDATA_DIR was made by PostgreSQL $have, binaries are $want (run wipe)"
    return 0
  fi
  log "initdb $PGDATA_DIR"
  as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$PGROOT/initdb.log" 2>&1 \
    || { cat "$PGROOT/initdb.log" >&2; die "initdb failed"; }
  # Only TCP from loopback with a password, plus the OS user through the socket.
  as_pg tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# Generated by scripts/infra/postgres.sh
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  peer
host    all       all   127.0.0.1/32   scram-sha-256
host    all       all   ::1/128        scram-sha-256
EOF
  printf "\ninclude '%s'\n" "$CONF" | as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null
}

running() {
  need_bin
  [[ -f "$PGDATA_DIR/PG_VERSION" ]] || return 1
  as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

# psql through the socket as the cluster's OS user (superuser "postgres" when run as root).
psql_admin() {
  local user=postgres
  (( IS_ROOT )) || user="$PG_USER"
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PGPORT" -U "$user" -d postgres "$@"
}

ensure_role() {
  psql_admin <<EOF
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN SUPERUSER CREATEDB PASSWORD '$ROLE_PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN SUPERUSER CREATEDB PASSWORD '$ROLE_PASSWORD';
  END IF;
END
\$\$;
EOF
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
cmd_start() {
  find_pg_bin >/dev/null || cmd_install
  need_bin
  prepare_root
  ensure_initdb
  write_conf
  if running; then
    log "already running on $PGHOST_TCP:$PGPORT (data $PGDATA_DIR)"
  else
    if "$BIN/pg_isready" -q -h "$PGHOST_TCP" -p "$PGPORT" -t 1; then
      die "port $PGPORT is already served by another PostgreSQL (set PGPORT to another port)"
    fi
    log "starting PostgreSQL $(cat "$PGDATA_DIR/PG_VERSION") on $PGHOST_TCP:$PGPORT (data $PGDATA_DIR)"
    as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOGFILE" -w -t 60 start >/dev/null 9>&- \
      || { tail -n 30 "$LOGFILE" >&2 || true; die "pg_ctl start failed"; }
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    "$BIN/pg_isready" -q -h "$PGHOST_TCP" -p "$PGPORT" -t 1 && break
    sleep 0.5
  done
  "$BIN/pg_isready" -q -h "$PGHOST_TCP" -p "$PGPORT" -t 1 || { tail -n 30 "$LOGFILE" >&2; die "not ready"; }
  ensure_role
  log "ready: postgresql://$ROLE:$ROLE_PASSWORD@$PGHOST_TCP:$PGPORT/<database>"
}

cmd_createdbs() {
  need_bin
  running || die "not running; run: scripts/infra/postgres.sh start"
  local db
  for db in "${DATABASES[@]}"; do
    if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" == 1 ]]; then
      log "database $db exists"
    else
      psql_admin -c "CREATE DATABASE \"$db\" OWNER $ROLE"
      log "database $db created"
    fi
  done
}

cmd_stop() {
  need_bin
  if running; then
    as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

cmd_status() {
  need_bin
  echo "data:   $PGDATA_DIR"
  echo "log:    $LOGFILE"
  echo "socket: $SOCKDIR"
  echo "url:    postgresql://$ROLE:$ROLE_PASSWORD@$PGHOST_TCP:$PGPORT/<database>"
  if running && "$BIN/pg_isready" -q -h "$PGHOST_TCP" -p "$PGPORT" -t 1; then
    echo "status: running on $PGHOST_TCP:$PGPORT"
  else
    echo "status: stopped"
    return 3
  fi
}

cmd_wipe() {
  cmd_stop
  rm -rf "$PGROOT"
  log "removed $PGROOT"
}

# Commands that change state run one at a time (tests may call `start` concurrently).
take_lock() {
  local lock
  lock="/tmp/eps-postgres-$(printf '%s' "$PGROOT" | sha1sum | cut -c1-10).lock"
  exec 9>"$lock"
  flock -w 300 9 || die "another postgres.sh is still running (lock $lock)"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install | start | createdbs | stop | wipe) take_lock ;;
  esac
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    createdbs) cmd_createdbs ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) echo "postgresql://$ROLE:$ROLE_PASSWORD@$PGHOST_TCP:$PGPORT/${1:-postgres}" ;;
    psql)
      need_bin
      local db="${1:-postgres}"; [[ $# -gt 0 ]] && shift
      PGPASSWORD="$ROLE_PASSWORD" exec "$BIN/psql" -h "$PGHOST_TCP" -p "$PGPORT" -U "$ROLE" -d "$db" "$@" ;;
    wipe) cmd_wipe ;;
    -h | --help | help | "") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command: $cmd (see --help)" ;;
  esac
}

main "$@"
