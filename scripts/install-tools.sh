#!/usr/bin/env bash
# Installs what building the SPA needs, from the registries only, pinned, and only
# when missing: the wasm32 target, a pinned nightly for the wasm (below), trunk, wasm-bindgen-cli (the exact version of the
# wasm-bindgen crate in Cargo.lock), wasm-opt (npm package binaryen) and cargo-deb. Source it to
# get the tools on PATH: `. scripts/install-tools.sh`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
TOOLS="${UMBRAL_TOOLS_DIR:-$HOME/.cache/umbral-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

# The SPA's modules are compiled with a pinned nightly, for their weight: std rebuilt for
# wasm with `optimize_for_size`, panics that abort at once and no panic locations
# (scripts/build.sh; about 10 % off each module, measured in the README). Only the wasm
# uses it; the server and the tests build with stable. UMBRAL_WASM_TOOLCHAIN=stable builds
# the SPA with stable instead (heavier, same behaviour).
export UMBRAL_WASM_TOOLCHAIN="${UMBRAL_WASM_TOOLCHAIN:-nightly-2026-05-20}"
if [ "$UMBRAL_WASM_TOOLCHAIN" != stable ]; then
  if ! rustup component list --toolchain "$UMBRAL_WASM_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src' \
    || ! rustup target list --toolchain "$UMBRAL_WASM_TOOLCHAIN" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    rustup toolchain install "$UMBRAL_WASM_TOOLCHAIN" --profile minimal \
      --component rust-src --target wasm32-unknown-unknown
  fi
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  echo "installing trunk $TRUNK_VERSION (about 10-20 minutes on 2 cores, once)" >&2
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$root/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION"; then
  echo "installing wasm-bindgen-cli $WBG_VERSION" >&2
  # Not --locked: its lock file can name a yanked crate.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

# cargo-deb (crates.io, pinned) for the Debian package (scripts/package.sh, and the API
# tier's test that installs it): about a minute on 2 cores, once.
CARGO_DEB_VERSION=3.7.0
if ! cargo deb --version 2>/dev/null | grep -q " $CARGO_DEB_VERSION\$"; then
  cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION"
fi

# Brotli (PyPI, pinned) for the precompressed `.br` assets beside trunk's output.
BROTLI_VERSION=1.1.0
BROTLI_VENV="$TOOLS/brotli-venv"
if ! "$BROTLI_VENV/bin/python" -c "import brotli, sys; sys.exit(brotli.__version__ != '$BROTLI_VERSION')" 2>/dev/null; then
  mkdir -p "$TOOLS"
  python3 -m venv "$BROTLI_VENV"
  "$BROTLI_VENV/bin/pip" install -q --disable-pip-version-check "Brotli==$BROTLI_VERSION"
fi
export UMBRAL_BROTLI_PYTHON="$BROTLI_VENV/bin/python"
