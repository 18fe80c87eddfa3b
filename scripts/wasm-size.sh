#!/usr/bin/env bash
# Prints the size of the release wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
f=$(ls dist/*_bg.wasm | head -1)
raw=$(stat -c %s "$f")
gz=$(gzip -9c "$f" | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzip ($f)"
