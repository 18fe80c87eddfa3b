#!/usr/bin/env python3
"""Writes `.gz` (level 9) and `.br` (quality 11) beside every text and wasm asset of
`dist/`, so the server sends them precompressed, chosen by `Accept-Encoding`."""
import gzip
import pathlib
import sys

import brotli

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
for f in sorted(dist.rglob("*")):
    if f.is_file() and f.suffix in {".wasm", ".js", ".css", ".html"}:
        data = f.read_bytes()
        f.with_name(f.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        f.with_name(f.name + ".br").write_bytes(brotli.compress(data, quality=11))
