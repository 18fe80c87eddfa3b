#!/usr/bin/env bash
# Quick start: install what is missing, build everything, serve at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build.sh
exec target/release/umbral serve "$@"
