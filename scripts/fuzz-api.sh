#!/usr/bin/env bash
# Schemathesis (PyPI, pinned, in a venv) against the release binary: every operation of
# /api/v1/openapi.json, anonymous and with a help-desk session, checking that nothing
# answers 5xx, every answer matches its documented schema and content type.
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
# Schemathesis runs in the temporary directory, so its caches stay out of the checkout.
# A help-desk session: password, then the authenticator's code (RFC 6238, computed here).
COOKIE="$(python3 scripts/demo-login.py "http://127.0.0.1:$PORT" "$DATA/data/demo-accounts.txt" helpdesk.demo)"
set +e
( cd "$DATA" && "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$EXAMPLES" --seed 20261123 --workers 2 --no-color --generation-database none \
  --exclude-path /api/v1/sessions/current \
  -H "X-Umbral-Request: 1" -H "Cookie: __Host-umbral_session=$COOKIE" ) \
  2>&1 | tee "$DATA/schemathesis.txt"
STATUS=${PIPESTATUS[0]}
set -e
if grep -q "panicked" "$DATA/server.log"; then
  echo "the server panicked:" >&2; grep -A5 panicked "$DATA/server.log" >&2; exit 1
fi
kill -0 $SERVER 2>/dev/null || { echo "the server died" >&2; exit 1; }
exit "$STATUS"
