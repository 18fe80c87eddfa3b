#!/usr/bin/env bash
# Schemathesis (PyPI, pinned, in a venv) against the release binary: every operation of
# /api/v1/openapi.json, checking that nothing answers 5xx and every answer matches its
# documented schema and content type, in four phases (the schema's examples, coverage,
# fuzzing, and stateful sequences along the links between operations).
#
# Each operation is sent with the session of the role it needs (scripts/fuzz_hooks.py:
# help desk, approver, end user with a role or without, and one account for the
# operations that end a session), with real identifiers of the demo data as path
# parameters most of the time (scripts/fuzz-setup.py collects them), and sessions the
# fuzzer ends are logged in again. Every answer is recorded, and the run fails unless
# at least 90 % of the operations answered something other than 401, 403 or 404 at
# least once: a run that mostly meets the guards proves little.
# Usage: scripts/fuzz-api.sh [max examples per operation, default 30]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXAMPLES="${1:-30}"
VENV="${UMBRAL_TOOLS_DIR:-$HOME/.cache/umbral-tools}/schemathesis-venv"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "4.32.5"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check schemathesis==4.32.5
fi
BIN=target/release/umbral
[ -x "$BIN" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# Generous buckets: the fuzzer is one client sending thousands of requests.
UMBRAL_MAINTENANCE_WEEKLY=off UMBRAL_RATE_LIMIT_SCALE=100000 UMBRAL_LOG=warn "$BIN" serve --demo --listen "127.0.0.1:$PORT" \
  --data-dir "$DATA/data" --dist dist > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
python3 - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/health", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
PY
# Sessions and identifiers for the hooks.
python3 scripts/fuzz-setup.py "http://127.0.0.1:$PORT" "$DATA/data/demo-accounts.txt" "$DATA/setup.json"
export UMBRAL_FUZZ_SETUP="$DATA/setup.json" UMBRAL_FUZZ_RECORD="$DATA/record.txt"
export SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"
# Schemathesis runs in the temporary directory, so its caches stay out of the checkout.
set +e
( cd "$DATA" && "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$EXAMPLES" --seed 20261123 --workers 2 --no-color --generation-database none \
  -H "X-Umbral-Request: 1" ) \
  2>&1 | tee "$DATA/schemathesis.txt"
STATUS=${PIPESTATUS[0]}
set -e
# How many operations got past the guards at least once.
python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" \
  "http://127.0.0.1:$PORT/api/v1/openapi.json" > "$DATA/openapi.json"
set +e
python3 - "$DATA/record.txt" "$DATA/openapi.json" <<'PY'
import json, sys
from collections import defaultdict
record, schema = sys.argv[1], json.load(open(sys.argv[2]))
ops = {(m.upper(), p) for p, ms in schema["paths"].items() for m in ms
       if m in ("get", "put", "post", "patch", "delete")}
seen = defaultdict(set)
calls = 0
for line in open(record):
    m, p, st = line.split()
    seen[(m, p)].add(int(st))
    calls += 1
reached = {o for o in ops if seen[o] - {401, 403, 404}}
print(f"contract fuzz: {len(reached)} of {len(ops)} operations reached past 401/403/404 "
      f"({100 * len(reached) / len(ops):.1f} %), {calls} requests")
for o in sorted(ops - reached):
    print(f"  not reached: {o[0]} {o[1]} answered {sorted(seen[o]) or 'nothing'}")
sys.exit(0 if len(reached) * 10 >= len(ops) * 9 else 1)
PY
REACH=$?
set -e
if grep -q "panicked" "$DATA/server.log"; then
  echo "the server panicked:" >&2; grep -A5 panicked "$DATA/server.log" >&2; exit 1
fi
kill -0 $SERVER 2>/dev/null || { echo "the server died" >&2; exit 1; }
[ "$REACH" -eq 0 ] || { echo "the fuzz reached under 90 % of the operations" >&2; exit 1; }
exit "$STATUS"
