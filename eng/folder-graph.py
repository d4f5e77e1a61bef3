#!/usr/bin/env python3
"""Prints which top-level folders of BujjiCoder.Api use which, and the cycles among them.

A file uses a folder when it has `using BujjiCoder.Api.X…` (plain, static or aliased) or names a type as
`BujjiCoder.Api.X.…`. Files directly under BujjiCoder.Api (Program.cs) count as the folder "(root)".
Exits 1 when there is a cycle, so it can run in CI until the architecture test replaces it.
Usage: eng/folder-graph.py [path/to/BujjiCoder.Api]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "BujjiCoder.Api")
reference = re.compile(r"\bBujjiCoder\.Api\.([A-Za-z_][A-Za-z0-9_]*)")
comment = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)

edges: dict[str, dict[str, set[str]]] = {}
for file in sorted(root.rglob("*.cs")):
    relative = file.relative_to(root)
    if relative.parts[0] in ("bin", "obj"):
        continue
    source = relative.parts[0] if len(relative.parts) > 1 else "(root)"
    edges.setdefault(source, {})
    # Comments name folders without depending on them (cref aside, which the compiler checks but the assembly does not keep).
    for target in set(reference.findall(comment.sub("", file.read_text(encoding="utf-8")))):
        if target != source and (root / target).is_dir():
            edges[source].setdefault(target, set()).add(str(relative))

print("Folder -> folders it uses (files)")
for source in sorted(edges):
    uses = ", ".join(f"{t} ({len(files)})" for t, files in sorted(edges[source].items()))
    print(f"  {source} -> {uses or '-'}")

# Elementary cycles, each once, starting from its smallest folder name.
cycles = []


def walk(start: str, node: str, path: list[str]) -> None:
    for target in sorted(edges.get(node, {})):
        if target == start:
            cycles.append(path + [start])
        elif target > start and target not in path:
            walk(start, target, path + [target])


for start in sorted(edges):
    walk(start, start, [start])

print(f"\nCycles: {len(cycles)}")
for cycle in sorted(cycles, key=lambda c: (len(c), c)):
    print("  " + " -> ".join(cycle))
    if len(cycle) == 3:
        # Two folders using each other: name the files, since these are the ones to untangle first.
        a, b = cycle[0], cycle[1]
        print(f"      {a} -> {b}: {', '.join(sorted(edges[a][b]))}")
        print(f"      {b} -> {a}: {', '.join(sorted(edges[b][a]))}")
sys.exit(1 if cycles else 0)
