#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local cluster, for the read-replica test (issue 13):
#   tests/support/replica.sh start   -> makes it with `pg_basebackup -R`, starts it on
#                                       127.0.0.1:$REPLICA_PORT (5433), prints its URL
#   tests/support/replica.sh stop    -> stops it and removes its files
# The primary must accept replication connections from 127.0.0.1: the line is added to its
# pg_hba.conf (and the configuration reloaded) when missing. The replica's files live under
# $REPLICA_DIR (/tmp/cqs-replica), owned by the postgres user, who runs it.
set -euo pipefail
PRIMARY=${TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${REPLICA_PORT:-5433}
DIR=${REPLICA_DIR:-/tmp/cqs-replica}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
}

case ${1:-start} in
  start)
    stop
    HBA=$(psql "$PRIMARY" -Atc "SHOW hba_file")
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
      echo "host replication all 127.0.0.1/32 trust" >>"$HBA"
      psql "$PRIMARY" -Atqc "SELECT pg_reload_conf()" >/dev/null
    fi
    mkdir -p "$DIR"
    chown postgres: "$DIR" 2>/dev/null || true
    chmod 700 "$DIR"
    as_postgres "$BIN/pg_basebackup" -d "host=127.0.0.1 port=5432 user=postgres" -D "$DIR/data" -R -X stream -c fast >&2
    # Debian keeps the primary's configuration outside its data directory: the copy gets its own.
    cat >"$DIR/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
max_connections = 200
CONF
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DIR/data/pg_hba.conf"
    chown postgres: "$DIR/data/postgresql.conf" "$DIR/data/pg_hba.conf" 2>/dev/null || true
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start >&2
    echo "postgres://postgres@127.0.0.1:$PORT/test"
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
