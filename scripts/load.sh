#!/usr/bin/env bash
# The full load runs of issue 15 (the test suite runs a short one, tests/tests/soak/load.rs).
# Each run starts the release server on loopback with a temporary data directory and
# prints one JSON line of figures (see tests/src/bin/load/main.rs for what each means):
#   1. 2,000 flood clients that wait as Retry-After says (the SPA's behaviour), with
#      the connection cap raised to 4,096 so every one of them is let in;
#   2. 200 hostile flood clients that ignore Retry-After, at the default cap;
#   3. run 1 again with the server on PostgreSQL (a throwaway cluster on the same
#      machine, scripts/pg.sh), for the login efficiency on PostgreSQL.
# Extra arguments go to both runs, e.g. `scripts/load.sh --seconds 20 --accounts 1200`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p backend
cargo build --release -p tests --bin load
mkdir -p target/load
./target/release/load --flood 2000 --server-env UMBRAL_MAX_CONNECTIONS=4096 "$@" | tee target/load/polite-2000.json
./target/release/load --flood 200 --hostile "$@" | tee target/load/hostile-200.json
PG_DIR="$(mktemp -d /tmp/umbral-load-pg.XXXXXX)"
trap 'scripts/pg.sh stop "$PG_DIR"' EXIT
PG_ADMIN="$(scripts/pg.sh start "$PG_DIR")"
psql -X -q -d "$PG_ADMIN" -c "CREATE DATABASE umbral_load"
./target/release/load --flood 2000 --server-env UMBRAL_MAX_CONNECTIONS=4096 \
  --server-env "UMBRAL_DATABASE_URL=${PG_ADMIN%/*}/umbral_load" "$@" | tee target/load/postgres-polite-2000.json
