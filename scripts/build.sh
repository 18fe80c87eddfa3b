#!/usr/bin/env bash
# Builds the SPA (trunk, release, offline) into dist/ with brotli and gzip copies, and the
# server in release mode. One release build, reused by the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/install-tools.sh
trunk build --release --offline
"$UMBRAL_BROTLI_PYTHON" scripts/compress-dist.py dist
cargo build --release -p backend
