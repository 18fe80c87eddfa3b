#!/usr/bin/env bash
# Runs every test: formatting, unit and property tests, API tests against the real
# binary, and browser tests in Debian's headless chromium through chromedriver.
#
#   scripts/test.sh          everything (what CI runs)
#   scripts/test.sh --fast   everything but the soak tier (crash, fan-out, load, timing)
#
# At the end it prints each tier's wall time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FAST=""
case "${1:-}" in
  --fast) FAST=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac
TIMES=()
SUITE_START=$SECONDS
# tier NAME COMMAND...: runs it and records its wall time.
tier() {
  local name="$1"; shift
  local start=$SECONDS
  echo "=== $name"
  "$@"
  TIMES+=("$(printf '%-28s %4d s' "$name" $((SECONDS - start)))")
}
report() {
  echo
  echo "Wall time per tier:"
  printf '  %s\n' "${TIMES[@]}"
  printf '  %-28s %4d s\n' "total" $((SECONDS - SUITE_START))
}
trap report EXIT
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi
# Apache with mod_auth_openidc (Debian's packages), a relying party that gates a page on
# a role; the test starts its own Apache on loopback. The package's own service is kept
# from starting while it installs (policy-rc.d), so nothing is left listening.
if [ ! -x /usr/sbin/apache2 ] || [ ! -e /usr/lib/apache2/modules/mod_auth_openidc.so ]; then
  $SUDO apt-get update -qq
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    apache2 libapache2-mod-auth-openidc
  [ -z "$made_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi
export UMBRAL_TEST_APACHE=/usr/sbin/apache2
# A real SMTP server for the email delivery test: aiosmtpd from PyPI, pinned, in a venv.
SMTPD_VENV="${UMBRAL_TOOLS_DIR:-$HOME/.cache/umbral-tools}/smtpd-venv"
if ! "$SMTPD_VENV/bin/python" -c "import aiosmtpd" 2>/dev/null; then
  python3 -m venv "$SMTPD_VENV"
  "$SMTPD_VENV/bin/pip" install -q --disable-pip-version-check aiosmtpd==1.4.6
fi
export UMBRAL_TEST_SMTPD_PYTHON="$SMTPD_VENV/bin/python"
# A relying party built on a maintained OIDC library for the provider's tests: Authlib
# (PyPI, pinned) in a venv.
RP_VENV="${UMBRAL_TOOLS_DIR:-$HOME/.cache/umbral-tools}/oidc-rp-venv"
if ! "$RP_VENV/bin/python" -c "import authlib, requests; assert authlib.__version__ == '1.3.2'" 2>/dev/null; then
  python3 -m venv "$RP_VENV"
  "$RP_VENV/bin/pip" install -q --disable-pip-version-check Authlib==1.3.2 requests==2.32.3
fi
export UMBRAL_TEST_RP_PYTHON="$RP_VENV/bin/python"
# axe-core (npm, pinned) for the accessibility tests, injected into each screen.
AXE_VERSION=4.10.3
TOOLS="${UMBRAL_TOOLS_DIR:-$HOME/.cache/umbral-tools}"
if [ "$(node -p "require('$TOOLS/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION"
fi
export UMBRAL_AXE_JS="$TOOLS/node_modules/axe-core/axe.min.js"
# A throwaway PostgreSQL cluster on loopback for the store contract suite and the
# two-instance tests (Debian's postgresql, installed when missing), stopped at the end.
PG_DIR="$(mktemp -d /tmp/umbral-pg.XXXXXX)"
trap 'scripts/pg.sh stop "$PG_DIR"; report' EXIT
UMBRAL_TEST_DATABASE_URL="$(scripts/pg.sh start "$PG_DIR")"
export UMBRAL_TEST_DATABASE_URL
TIMES+=("$(printf '%-28s %4d s' "tools and services" $((SECONDS - SUITE_START)))")
tier "format and layers" sh -c 'cargo fmt --all -- --check && python3 scripts/import-graph.py && python3 scripts/long-functions.py'
# The SPA, the server and every test binary, in one release build (the tests start the
# server they were compiled with).
tier "build (SPA, server, tests)" scripts/build.sh --with-tests
# Finds everything built: cargo would compile again here only if the build above had
# unified the crates' features differently.
tier "compile check" cargo test --release --workspace --exclude frontend --no-run
# Unit, property and store-contract tests of shared and backend, and the tests crate's own.
tier "unit" cargo test --release --workspace --exclude frontend --lib --bins -- --test-threads=2
# The tests crate finds the release binary and dist/ itself.
# Always the whole workspace (less the SPA): `-p tests` alone would unify the crates'
# features differently and compile them again.
ws=(--release --workspace --exclude frontend)
tier "api (end to end)" cargo test "${ws[@]}" --test api -- --test-threads=2
tier "browser" cargo test "${ws[@]}" --test browser -- --test-threads=2
if [ -z "$FAST" ]; then
  # Long: the crash, fan-out and load runs two at a time; then the two that measure
  # time (the password step's timing, the first paint on a slow line) alone.
  tier "soak" sh -c "cargo test ${ws[*]} --test soak -- --test-threads=2 --skip timing:: --skip first_paint:: \
    && cargo test ${ws[*]} --test soak -- --test-threads=1 timing:: first_paint::"
fi
if [ -z "$FAST" ]; then
  # Scale at 10,000 made-up accounts on both stores: every search kind finds what it
  # should (scripts/scale.sh; the 1,000,000 run is a separate command).
  tier "scale smoke" env UMBRAL_SCALE_CHECK=1 scripts/scale.sh 10000 both 5
fi
tier "doc tests" cargo test --release --workspace --exclude frontend --doc
# The API contract: Schemathesis over every operation of /api/v1/openapi.json.
tier "api contract fuzz" scripts/fuzz-api.sh "${UMBRAL_FUZZ_EXAMPLES:-20}"
tier "wasm budgets" scripts/wasm-size.sh
