#!/usr/bin/env python3
"""Compares every #include under core/, ui/ and app/ with the layer graph.

The graph comes from the build (cmake/ZooScopeLayers.cmake writes it: one
line per layer with its folder, the layers it may use and the public headers
it implements). Every source file belongs to the layer of its folder, a public
header (core/include/zooscope/x.h) to the layer that claims it. An include is
allowed when it stays in its layer or names a layer below it (its DEPENDS,
transitively). Besides:
  - core never includes Qt, ui/ or app/;
  - a layer outside core/ (ui, app) uses core only through core/include/zooscope;
  - a public header includes only public headers (an installed set compiles);
  - every folder of core/ and every public header belongs to a layer.
A header-only include counts as much as one that links, which is why this
reads the text: the linker only sees calls.

Usage: check_includes.py --graph <build>/layers.tsv --source-dir <repo>
Prints one line per violation (file:line, the include, the forbidden edge)
and exits 1 if there is any.
"""
import argparse
import os
import re
import sys

SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc")
SCANNED_ROOTS = ("core", "ui", "app")
PUBLIC_DIR = "core/include"
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
QT_HEADER = re.compile(r"^(Q[A-Za-z0-9_]*(/.*)?|q[a-z0-9_]+\.h)$")


class Graph:
    def __init__(self, path):
        self.folder = {}   # layer -> folder
        self.deps = {}     # layer -> direct deps
        self.owner = {}    # "zooscope/x.h" -> layer
        with open(path, encoding="utf-8") as f:
            for raw in f:
                if raw.startswith("#") or not raw.strip():
                    continue
                layer, folder, deps, headers = (raw.rstrip("\n").split("\t") + ["", "", ""])[:4]
                self.folder[layer] = folder
                self.deps[layer] = [d for d in deps.split(",") if d]
                for h in filter(None, headers.split(",")):
                    if h in self.owner:
                        raise SystemExit(f"{h} is claimed by both {self.owner[h]} and {layer}")
                    self.owner[h] = layer
        self.below = {layer: self._closure(layer, []) for layer in self.folder}

    def _closure(self, layer, path):
        if layer in path:
            raise SystemExit("the layer graph has a cycle: " + " -> ".join(path + [layer]))
        out = set()
        for d in self.deps.get(layer, []):
            if d not in self.folder:
                raise SystemExit(f"layer {layer} depends on an undeclared layer {d}")
            out.add(d)
            out |= self._closure(d, path + [layer])
        return out

    def is_core(self, layer):
        return self.folder[layer].startswith("core/")

    def layer_of(self, rel):
        """The layer a repository-relative path belongs to, or None."""
        if rel.startswith(PUBLIC_DIR + "/"):
            return self.owner.get(rel[len(PUBLIC_DIR) + 1:])
        best = None
        for layer, folder in self.folder.items():
            if (rel == folder or rel.startswith(folder + "/")) and (
                    best is None or len(folder) > len(self.folder[best])):
                best = layer
        return best


def resolve(src_root, including_dir, name, quoted, layer_folders):
    """The repository-relative path an include names, or None (system or generated).

    Tried as the compiler would (the including folder for "...", then the
    project's include folders), then inside every layer folder: a target may
    put one of those on its include path, and the include still crosses
    layers. A name found in more than one layer folder is left alone."""
    def rel(c):
        return os.path.relpath(os.path.realpath(c), os.path.realpath(src_root)).replace(os.sep, "/")
    candidates = [os.path.join(including_dir, name)] if quoted else []
    candidates += [os.path.join(src_root, d, name) for d in (PUBLIC_DIR, "core", "ui")]
    for c in candidates:
        if os.path.isfile(c):
            return rel(c)
    found = [os.path.join(src_root, f, name) for f in layer_folders]
    found = [c for c in found if os.path.isfile(c)]
    return rel(found[0]) if len(found) == 1 else None


def includes(path):
    """(line number, '<' or '"', name) of every #include outside block comments."""
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if in_comment:
                if "*/" not in line:
                    continue
                line = line.split("*/", 1)[1]
                in_comment = False
            m = INCLUDE.match(line)
            if m:
                yield n, m.group(1), m.group(2)
            code = line.split("//", 1)[0]
            if code.rfind("/*") > code.rfind("*/"):
                in_comment = True


def check(graph, src_root):
    problems = []
    files = count = 0
    layer_folders = sorted(set(graph.folder.values()))
    for root in SCANNED_ROOTS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(src_root, root)):
            dirnames.sort()
            for fn in sorted(filenames):
                if not fn.endswith(SOURCE_SUFFIXES):
                    continue
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, src_root).replace(os.sep, "/")
                files += 1
                layer = graph.layer_of(rel)
                if layer is None:
                    if rel.startswith(PUBLIC_DIR + "/"):
                        problems.append(f"{rel}: a public header no layer claims "
                                        "(add it to PUBLIC_HEADERS of the zs_add_layer that implements it)")
                    else:
                        problems.append(f"{rel}: its folder is no layer (declare one with zs_add_layer "
                                        "or zs_declare_layer, cmake/ZooScopeLayers.cmake)")
                    continue
                public = rel.startswith(PUBLIC_DIR + "/")
                for line, kind, name in includes(full):
                    count += 1
                    closing = ">" if kind == "<" else '"'
                    where = f"{rel}:{line}: #include {kind}{name}{closing}"
                    target_rel = resolve(src_root, dirpath, name, kind == '"', layer_folders)
                    if target_rel is None:
                        if graph.is_core(layer) and kind == "<" and QT_HEADER.match(name):
                            problems.append(f"{where}: core never includes Qt ({layer} is a core layer)")
                        continue
                    target = graph.layer_of(target_rel)
                    if target is None:
                        problems.append(f"{where}: {target_rel} belongs to no layer")
                        continue
                    target_public = target_rel.startswith(PUBLIC_DIR + "/")
                    if public and not target_public:
                        problems.append(f"{where}: a public header includes the private {target_rel} "
                                        "(public headers include only core/include/zooscope)")
                    if target == layer:
                        continue
                    if graph.is_core(layer) and not graph.is_core(target):
                        problems.append(f"{where}: edge {layer} -> {target}: core never includes ui/ or app/")
                        continue
                    if target not in graph.below[layer]:
                        allowed = ", ".join(sorted(graph.below[layer])) or "no other layer"
                        problems.append(f"{where}: edge {layer} -> {target} is not in the graph "
                                        f"({layer} may use {allowed})")
                        continue
                    if not graph.is_core(layer) and graph.is_core(target) and not target_public:
                        problems.append(f"{where}: {layer} may use core only through core/include/zooscope "
                                        f"({target_rel} is private to {target})")
    return problems, files, count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", required=True)
    ap.add_argument("--source-dir", required=True)
    args = ap.parse_args()
    graph = Graph(args.graph)
    problems, files, count = check(graph, args.source_dir)
    for p in problems:
        print(p)
    print(f"{count} includes in {files} files against {len(graph.folder)} layers: "
          f"{len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
