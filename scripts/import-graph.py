#!/usr/bin/env python3
"""Prints the import cycles between the modules of each crate (a module is a file;
`foo/mod.rs` is `foo`). Edges are `crate::a::b` and `super::x` paths that name another
module of the same crate; an edge from a module to one of its own sub-modules (declaring or
re-exporting it) is not counted. Exits 1 if any crate has a cycle."""
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
sys.exit(1 if bad else 0)
