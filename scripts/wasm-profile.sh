#!/usr/bin/env bash
# Where the SPA's bytes are: twiggy (crates.io, pinned; installed when missing) over the
# wasm as rustc wrote it (before wasm-bindgen and wasm-opt, which keep the names), items
# grouped by crate or screen. Run after scripts/build.sh. The module is the first argument
# (public, account or help-desk; public, the first load, when none is given).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
twiggy --version 2>/dev/null | grep -q "0.7.0" || cargo install twiggy --version 0.7.0 --locked
W=target/wasm32-unknown-unknown/wasm-release/${1:-public}.wasm
echo "largest items:"
twiggy top -n 12 "$W"
echo
echo "by group (bytes, share of the unstripped module):"
twiggy top -n 1000000 "$W" | grep -v "Σ\|and [0-9]* more" | awk -F'┊' 'NR>2 {
  b=$1; gsub(/ /,"",b); item=$3; if (item !~ /^ *data\[/) gsub(/\[[0-9a-f]+\]/,"",item); k="other (core, std, closures)";
  if (item ~ /function names|__wasm_bindgen_unstable|producers|target_features/) k="custom sections (stripped when shipped)";
  else if (item ~ /^ *data\[/) k="data segment (string literals, the messages of both languages)";
  else if (item ~ /frontend::pages::help_desk/) k="help-desk console screens";
  else if (item ~ /frontend::/) k="frontend screens and components";
  else if (item ~ /serde_json/) k="serde_json";
  else if (item ~ /serde_core|serde::|Deserialize|Serialize|Visitor/) k="serde (derived)";
  else if (item ~ /yew_router/) k="yew-router";
  else if (item ~ /yew::|implicit_clone/) k="yew";
  else if (item ~ /jiff/) k="jiff (calendar)";
  else if (item ~ /core::fmt|alloc::fmt|fmt::|Debug|Display/) k="formatting";
  else if (item ~ /dlmalloc|alloc::/) k="allocator/alloc";
  else if (item ~ /wasm_bindgen|js_sys|web_sys|gloo/) k="wasm-bindgen/js-sys/web-sys/gloo";
  else if (item ~ /shared::/) k="shared (rules)";
  s[k]+=b; t+=b } END { for (k in s) printf "%9d %5.1f%% %s\n", s[k], 100*s[k]/t, k }' | sort -rn
