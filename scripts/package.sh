#!/usr/bin/env bash
# Builds Umbral's Debian package with cargo-deb (crates.io, pinned; installed when
# missing) from the release server and the SPA that scripts/build.sh made, and prints
# its path (target/debian/umbral_<version>_amd64.deb). What it holds and what installing
# it does: packaging/ and docs/install.md, "The Debian package".
#
#   scripts/build.sh && scripts/package.sh
#   sudo dpkg -i target/debian/umbral_*.deb
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CARGO_DEB_VERSION=3.7.0
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo deb --version 2>/dev/null | grep -q " $CARGO_DEB_VERSION\$"; then
  cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION"
fi
if [ ! -x target/release/umbral ] || [ ! -f dist/index.html ]; then
  echo "scripts/package.sh: run scripts/build.sh first (the server and the SPA)" >&2
  exit 1
fi
rm -rf target/debian && mkdir -p target/debian
# gzip by the system's tool: seconds, where xz took 40 s of CPU for 2 MB less.
cargo deb -p backend --no-build -Z gz --fast --compress-system -o target/debian/ >&2
echo "$PWD/$(ls -t target/debian/*.deb | head -n 1)"
