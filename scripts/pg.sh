#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the tests and for trying Umbral on
# PostgreSQL (issue 15). Debian's `postgresql` package is installed when missing.
#
#   scripts/pg.sh start DIR   makes a cluster in DIR (removed first if there), starts it
#                             on a free 127.0.0.1 port and prints its URL:
#                             postgres://umbral@127.0.0.1:PORT/postgres
#   scripts/pg.sh stop DIR    stops it (fast shutdown) and removes DIR
#   scripts/pg.sh crash DIR   stops it as a power cut would (pg_ctl stop -m immediate)
#   scripts/pg.sh restart DIR starts it again after a crash (recovery replays the WAL)
#
# The cluster trusts connections from 127.0.0.1 only, as user `umbral` (a superuser of
# this cluster alone). PostgreSQL refuses to run as root: under root the cluster belongs
# to the `postgres` user the package creates, and every command runs as that user.
set -euo pipefail
cmd="${1:?usage: scripts/pg.sh start|stop|crash|restart DIR}"
dir="${2:?usage: scripts/pg.sh start|stop|crash|restart DIR}"

bindir() {
  local b
  b="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$b" ] || [ ! -x "$b/initdb" ]; then
    local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
    b="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$b"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

BIN="$(bindir)"
case "$cmd" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$BIN/initdb" -D "$dir/data" -U umbral --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "$port" >"$dir/port"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/port"
    ;;
  restart) port="$(cat "$dir/port")" ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    exit 0
    ;;
  crash)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    exit 0
    ;;
  *) echo "usage: scripts/pg.sh start|stop|crash|restart DIR" >&2; exit 2 ;;
esac
# Sockets only on loopback TCP and in DIR; fsync stays on (the tests count on durability).
as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=on" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "postgres://umbral@127.0.0.1:$port/postgres"
