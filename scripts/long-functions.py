#!/usr/bin/env python3
"""Lists the functions of the server, the SPA and the shared crate longer than 150 lines
(from `fn` to its closing brace at the same indentation), longest first, and exits 1 if
there is one: a screen or a handler that long is split into its steps or sections. The
end-to-end journeys in tests/ are scripts of one story each and are not counted."""
import glob, os, re, sys

LIMIT = 150
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
found = []
for crate in ('backend', 'frontend', 'shared'):
    for path in glob.glob(os.path.join(root, crate, 'src', '**', '*.rs'), recursive=True):
        lines = open(path).read().split('\n')
        for i, line in enumerate(lines):
            m = re.match(r'^(\s*)(?:pub(?:\([a-z]+\))? )?(?:async )?fn ([a-z_0-9]+)', line)
            if not m:
                continue
            indent = m.group(1)
            for j in range(i + 1, len(lines)):
                if lines[j] == indent + '}':
                    if j - i + 1 > LIMIT:
                        found.append((j - i + 1, os.path.relpath(path, root), i + 1, m.group(2)))
                    break
for n, path, line, name in sorted(found, reverse=True):
    print(f"{path}:{line}: {name} is {n} lines (at most {LIMIT})")
if not found:
    print(f"no function over {LIMIT} lines in backend/src, frontend/src, shared/src")
sys.exit(1 if found else 0)
