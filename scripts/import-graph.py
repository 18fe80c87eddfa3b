#!/usr/bin/env python3
"""Prints the import cycles between the modules of each crate (a module is a file;
`foo/mod.rs` is `foo`). Edges are `crate::a::b` and `super::x` paths that name another
module of the same crate; an edge from a module to one of its own sub-modules (declaring or
re-exporting it) is not counted. Also checks that no module of the SPA names a message its
module's catalogue leaves out (shared/build.rs). Exits 1 on a cycle or such a message."""
import os, re, sys

def modules(src):
    mods = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith('.rs'):
                continue
            rel = os.path.relpath(os.path.join(root, f), src)[:-3].split(os.sep)
            if rel[-1] in ('mod', 'lib', 'main'):
                rel = rel[:-1]
            mods[tuple(rel)] = os.path.join(root, f)
    return mods

def resolve(path, mods):
    """The longest module prefix of `path`."""
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in mods:
            return tuple(path[:n])
    return ()

def edges(mods):
    g = {m: set() for m in mods}
    for m, f in mods.items():
        text = open(f).read()
        for seg in re.findall(r'\bcrate((?:::\w+)+)', text):
            target = resolve(seg.strip(':').split('::'), mods)
            g[m].add(target)
        # `super::` relative to the file's module (mod.rs files are their folder).
        for seg in re.findall(r'\b((?:super::)+)(\w+(?:::\w+)*)', text):
            ups = seg[0].count('super')
            base = list(m[:len(m) - ups]) if ups <= len(m) else []
            target = resolve(base + seg[1].split('::'), mods)
            g[m].add(target)
        # `use foo::...` inside a mod.rs names a child module.
        g[m] = {t for t in g[m] if t != m and t[:len(m)] != m}
    return g

def cycles(g):
    index, low, stack, on, out, i = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)
    for v in g:
        if v not in index:
            visit(v)
    return out

def reachable(mods, start_points):
    """The modules the SPA module whose screens are `start_points` compiles in: followed
    through paths and declared sub-modules, except the declarations of the crate root and
    of the folders every module declares all of (`pages`, `components`, `api`, `context`,
    `hooks`), which do not make a module use them."""
    g = {m: set() for m in mods}
    for m, f in mods.items():
        text = open(f).read()
        for seg in re.findall(r'\bcrate((?:::\w+)+)', text):
            g[m].add(resolve(seg.strip(':').split('::'), mods))
        for seg in re.findall(r'\b((?:super::)+)(\w+(?:::\w+)*)', text):
            ups = seg[0].count('super')
            base = list(m[:len(m) - ups]) if ups <= len(m) else []
            g[m].add(resolve(base + seg[1].split('::'), mods))
        if m not in [(), ('pages',), ('components',), ('api',), ('context',), ('hooks',)]:
            for name in re.findall(r'^\s*(?:pub(?:\([a-z]+\))? )?mod (\w+);', text, re.M):
                g[m].add(resolve(list(m) + [name], mods))
    seen, todo = set(), list(start_points)
    while todo:
        v = todo.pop()
        if v not in seen:
            seen.add(v)
            todo.extend(g.get(v, ()))
    return seen

def catalogue_families(root):
    """Which message families (key prefixes) each SPA module's catalogue leaves out, read
    from `shared/build.rs` (`NOT_IN_FRONT`, `ACCESS_IN_FRONT`, `NOT_IN`)."""
    text = open(os.path.join(root, 'shared', 'build.rs')).read()
    words = lambda block: re.findall(r'"([a-z0-9_-]+)"', block)
    front = words(re.search(r'const NOT_IN_FRONT[^=]*=\s*&\[(.*?)\];', text, re.S).group(1))
    allowed = words(re.search(r'const ACCESS_IN_FRONT[^=]*=\s*&\[(.*?)\];', text, re.S).group(1))
    out = {'front': (set(front), set(allowed))}
    block = re.search(r'const NOT_IN:.*?= \[(.*?)\n\];', text, re.S).group(1)
    for module, fams in re.findall(r'\(\s*"([A-Z_]+)",\s*&\[(.*?)\],?\s*\)', block, re.S):
        out[module.lower()] = (set(words(fams)), set())
    return out

def catalogue_misses(root):
    """Message keys (or key families, `"doc-{}"`, `"doc"` as a field kind) that a module
    of the SPA spells while its module's catalogue leaves their family out: the screen
    would show the key itself."""
    src = os.path.join(root, 'frontend', 'src')
    mods = modules(src)
    keys = set()
    for line in open(os.path.join(root, 'shared', 'locales', 'en', 'main.ftl')):
        m = re.match(r'^([a-z0-9_-]+) =', line)
        if m:
            keys.add(m.group(1))
    misses = []
    for module, (left_out, allowed) in catalogue_families(root).items():
        seen = reachable(mods, [('pages', module), ('app',), ('route',)])
        for m in sorted(seen):
            if m not in mods:
                continue
            for lit in re.findall(r'"([a-z0-9_{}-]+)"', open(mods[m]).read()):
                fam = lit.split('-')[0]
                if fam not in left_out or lit in allowed:
                    continue
                stem = lit.split('{')[0]
                is_key = lit in keys or lit == fam or ('{' in lit and any(k.startswith(stem) for k in keys))
                if is_key:
                    misses.append(f"{module}: {'::'.join(m)} uses {lit!r}, a family its catalogue leaves out (shared/build.rs)")
    return misses

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
bad = False
for crate in ('shared', 'backend', 'frontend'):
    g = edges(modules(os.path.join(root, crate, 'src')))
    found = cycles(g)
    if found:
        bad = True
        for c in found:
            print(f"{crate}: cycle among " + ", ".join('::'.join(m) or 'crate' for m in sorted(c)))
    else:
        print(f"{crate}: no import cycles ({len(g)} modules)")
misses = catalogue_misses(root)
for m in misses:
    print(m)
if misses:
    bad = True
else:
    print("frontend: every message a module's screens name is in its catalogue")
sys.exit(1 if bad else 0)
