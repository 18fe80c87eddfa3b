#!/usr/bin/env bash
# How Umbral's costs grow with the number of accounts (issue 34): writes N made-up
# accounts (`umbral admin synthesize`, hidden), imports them into sled and into a
# throwaway PostgreSQL (scripts/pg.sh), starts the server on each and prints a table:
# import time, start to healthy, RSS after start and its peak, the lifecycle pass with
# nothing due, the help desk's search (p50/p99 over ROUNDS searches of each kind) and its
# lifecycle console (its view, and the inactive list's pages after the first).
#
#   scripts/scale.sh N [sled|postgres|both] [ROUNDS]
#
# Run after scripts/build.sh (it uses target/release/umbral). The suite runs it at
# 10,000 accounts as a smoke run; the 1,000,000 run is a separate command
# (docs/benchmarks.md has its figures).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N="${1:-10000}"; STORES="${2:-both}"; ROUNDS="${3:-50}"
BIN="${UMBRAL_BIN:-target/release/umbral}"
PW="Scale-test-passw0rd!"
work=$(mktemp -d /tmp/umbral-scale.XXXXXX)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

secs() { python3 -c "import time; print(time.monotonic())"; }
since() { python3 -c "import sys, time; print(f'{time.monotonic() - float(sys.argv[1]):.1f}')" "$1"; }
rss() { awk -v k="$2" '$1 == k":" {printf "%d", $2/1024}' "/proc/$1/status"; }

t=$(secs)
"$BIN" admin synthesize --accounts "$N" --output "$work/export.jsonl" \
  --secret-key-file "$work/secret.key" --desk-password "$PW" 2>/dev/null
echo "synthesized $N accounts in $(since "$t") s ($(du -h "$work/export.jsonl" | cut -f1))"

printf '| store | accounts | import s | start to healthy s | RSS after start MiB | peak MiB | pass, nothing due ms | search p50/p99 ms (surname, two words, user ID, email, none; console, its next page; /me, the password step of a login) |\n'
printf '|---|---|---|---|---|---|---|---|\n'
port=18480
for store in sled postgres; do
  [ "$STORES" = both ] || [ "$STORES" = "$store" ] || continue
  port=$((port + 1))
  args=(--secret-key-file "$work/secret.key")
  if [ "$store" = sled ]; then
    args+=(--data-dir "$work/sled")
  else
    pgdir=$(mktemp -d /tmp/umbral-pg.XXXXXX)
    url=$(scripts/pg.sh start "$pgdir")
    args+=(--data-dir "$work/pg-data" --database-url "$url")
  fi
  t=$(secs)
  "$BIN" admin import --input "$work/export.jsonl" "${args[@]}" 2>/dev/null
  import_s=$(since "$t")
  t=$(secs)
  # The password step is timed ROUNDS times in a row from one address, beyond what the
  # per-address limits allow: scaled away, as the load test does.
  UMBRAL_LOG="warn,backend::jobs=debug" UMBRAL_LIFECYCLE_EVERY_SECS=1 UMBRAL_RATE_LIMIT_SCALE=1000 "$BIN" serve "${args[@]}" \
    --listen "127.0.0.1:$port" --dist "$work" --log-format json >"$work/$store.log" 2>&1 &
  pid=$!
  until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
    "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$store.log" >&2; exit 1; }
    sleep 0.02
  done
  start_s=$(since "$t")
  idle=$(rss "$pid" VmRSS)
  # Passes every second here: the first may find the few the made-up data left due; the
  # figure is the median of the next three.
  until [ "$(grep -c '"lifecycle pass' "$work/$store.log")" -ge 4 ]; do sleep 0.2; done
  pass_ms=$(python3 -c '
import json, sys
ms = [json.loads(l)["ms"] for l in open(sys.argv[1]) if "lifecycle pass" in l][1:4]
print(sorted(ms)[1])' "$work/$store.log")
  # One login (a passcode works once), then every kind of search.
  python3 scripts/scale.py "http://127.0.0.1:$port" "$PW" "$ROUNDS" >"$work/$store.search"
  search=$(awk '{printf "%s%s/%s", sep, $3, $4; sep=", "}' "$work/$store.search")
  peak=$(rss "$pid" VmHWM)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$store" "$N" "$import_s" "$start_s" "$idle" "$peak" "$pass_ms" "$search"
  if [ "${UMBRAL_SCALE_CHECK:-}" = 1 ]; then
    # The smoke run: every search kind found what it should (the miss nothing).
    awk '
      $2 == "none" && $5 != 0 { print "the search for a miss found " $5; bad = 1 }
      $2 != "none" && $5 == 0 { print "the " $2 " search found nothing"; bad = 1 }
      END { exit bad }' "$work/$store.search"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  if [ "$store" = postgres ]; then scripts/pg.sh stop "$pgdir" >/dev/null; pgdir=""; fi
done
