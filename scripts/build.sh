#!/usr/bin/env bash
# Builds the SPA (trunk, release, offline) into dist/ with brotli and gzip copies, and the
# server in release mode. One release build, reused by the tests.
#
# The SPA is one module per page (shared::bundle): index.html (the home page and login,
# the site's first load) is trunk's own target; the other pages are index.html with the module's
# binary named instead, each built by trunk into its own directory and gathered into
# dist/ under the page's name (their hashed assets beside index.html's).
#
#   scripts/build.sh               the SPA and the server
#   scripts/build.sh --with-tests  also every test binary (scripts/test.sh), compiled in the
#                                  same cargo run as the server, so the features that the
#                                  test-only crates switch on (tokio's test-util, for one)
#                                  are unified once rather than every shared crate being
#                                  compiled a second time for the tests
#
# The SPA (nightly, wasm) and the server (stable, native) are built at once: each has
# single-threaded stretches (the wasm's link-time optimisation, wasm-opt, the server's
# largest crates) that the other fills.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
native_targets=(--bins)
case "${1:-}" in
  --with-tests) native_targets=(--bins --tests) ;;
  "") ;;
  *) echo "usage: scripts/build.sh [--with-tests]" >&2; exit 2 ;;
esac
. scripts/install-tools.sh
# The wasm's compiler settings (scripts/install-tools.sh says why a nightly).
wasm_env=()
if [ "$UMBRAL_WASM_TOOLCHAIN" != stable ]; then
  wasm_env=(
    RUSTUP_TOOLCHAIN="$UMBRAL_WASM_TOOLCHAIN"
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  )
fi
build_spa() {
# The four modules compiled at once (this fetches std's own dependencies when std is
# rebuilt); trunk then finds them built and only binds and optimises each.
env "${wasm_env[@]}" cargo build --profile wasm-release --target wasm32-unknown-unknown -p frontend --bins
env "${wasm_env[@]}" trunk build --release --offline=true
pages=target/pages
rm -rf "$pages"
mkdir -p "$pages"
for bin in public account help-desk; do
  sed -e "s|data-bin=\"front\"|data-bin=\"$bin\"|" -e 's|href="frontend/|href="../../frontend/|g' \
    index.html > "$pages/$bin.html"
  grep -q "data-bin=\"$bin\"" "$pages/$bin.html"
  env "${wasm_env[@]}" trunk build --release --offline=true -d "$pages/dist-$bin" "$pages/$bin.html"
  for f in "$pages/dist-$bin"/*; do
    case "$(basename "$f")" in
      index.html) cp "$f" "dist/$bin.html" ;;
      *) cp "$f" dist/ ;;
    esac
  done
done
# The help pages: plain HTML, readable without the SPA (frontend/help/).
rm -rf dist/help
cp -r frontend/help dist/help
"$UMBRAL_BROTLI_PYTHON" scripts/compress-dist.py dist
}
mkdir -p target
build_spa > target/build-spa.log 2>&1 &
spa=$!
# The server with the workspace's crates (as the tests compile it), so the test build
# reuses every crate this one compiles.
if ! cargo build --release --workspace --exclude frontend "${native_targets[@]}"; then
  kill "$spa" 2>/dev/null || true
  exit 1
fi
if ! wait "$spa"; then
  cat target/build-spa.log >&2
  echo "building the SPA failed (its log is above, and in target/build-spa.log)" >&2
  exit 1
fi
echo "SPA built (its log: target/build-spa.log)"
