#!/usr/bin/env bash
# Builds the SPA (trunk, release, offline) into dist/ with gzip copies, and the
# server in release mode. One release build, reused by the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/install-tools.sh
trunk build --release --offline
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) -exec gzip -kf9 {} \;
cargo build --release -p backend
