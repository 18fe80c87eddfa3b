#!/usr/bin/env bash
# Runs every test: formatting, unit and property tests, API tests against the real
# binary, and browser tests in Debian's headless chromium through chromedriver.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi
scripts/build.sh
cargo fmt --all -- --check
# The tests crate finds the release binary and dist/ itself; browser tests run one at a time
# to share the 2 cores with cargo, the browser and the server.
cargo test --release --workspace --exclude frontend -- --test-threads=2
scripts/wasm-size.sh
