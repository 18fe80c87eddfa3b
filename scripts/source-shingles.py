#!/usr/bin/env python3
"""Fingerprints of the source documents' wording, for the catalogue's test that no
message repeats them (shared/src/i18n.rs, `no_message_repeats_the_sources_wording`).

Every run of 8 consecutive words of ../shared/reference/*.txt (ASCII letters and digits,
lower case, anything else a separator) is hashed (SHA-256, first 12 hex digits); the
hashes, sorted, go to shared/data/source-shingles.txt. So are the runs of a canary phrase ("the quick brown fox jumps over the lazy dog"),
which the tests look for to prove they cut and hash words as this script does. The words
themselves are not kept,
so the repository holds no sentence of the sources. Run it again when the sources change:

    python3 scripts/source-shingles.py [../shared/reference]
"""
import hashlib
import pathlib
import sys

N = 8
root = pathlib.Path(__file__).resolve().parent.parent
src = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "reference"


def words(text):
    return "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in text).split()


def shingles(text):
    w = words(text)
    return {" ".join(w[i:i + N]) for i in range(len(w) - N + 1)}


seen = set()
files = sorted(p for p in src.glob("*.txt"))
if not files:
    sys.exit(f"no source documents in {src}")
for p in files:
    for s in shingles(p.read_text(encoding="utf-8")):
        seen.add(hashlib.sha256(s.encode()).hexdigest()[:12])
# A canary that is not from the sources: the tests check that their words and hashes agree
# with these by finding it.
for s in shingles("the quick brown fox jumps over the lazy dog"):
    seen.add(hashlib.sha256(s.encode()).hexdigest()[:12])
out = root / "shared" / "data" / "source-shingles.txt"
out.write_text("".join(h + "\n" for h in sorted(seen)))
print(f"{len(seen)} fingerprints of {len(files)} documents -> {out.relative_to(root)}")
