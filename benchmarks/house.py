"""The house of the web apps: lines per app, the imports between apps, and their cycles.

    .venv/bin/python benchmarks/house.py [ROOT]

ROOT is the checkout to measure (default: this one). An app is a package under
``resolute/web`` with an ``apps.py``; an edge A → B is any import in A's Python files
(migrations included, tests not) of ``resolute.web.B`` — at module level or inside a function,
since both tie A to B. ``lib`` holds shared helpers and is not an app. A cycle is a strongly
connected component of more than one app, so A → B → C → A counts as well as A ↔ B.
``tests/test_house.py`` fails on any cycle, using the functions here.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = "resolute.web"
HERE = Path(__file__).resolve().parents[1]


def apps(root: Path) -> list[str]:
    web = root / "resolute" / "web"
    return sorted(p.parent.name for p in web.glob("*/apps.py"))


def _python_files(root: Path, app: str) -> Iterator[Path]:
    yield from sorted((root / "resolute" / "web" / app).rglob("*.py"))


def _imported(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            # ``from resolute.web import ledger`` names the app in the alias
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> dict[str, set[str]]:
    """App → the other apps it imports."""
    names = set(apps(root))
    graph: dict[str, set[str]] = {app: set() for app in names}
    for app in names:
        for path in _python_files(root, app):
            for module in _imported(ast.parse(path.read_text(encoding="utf-8"))):
                parts = module.split(".")
                inside = parts[:2] == PACKAGE.split(".") and len(parts) > 2
                if inside and parts[2] in names and parts[2] != app:
                    graph[app].add(parts[2])
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one app (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def mutual_pairs(graph: Mapping[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a in graph for b in graph[a] if a < b and a in graph.get(b, ()))


def lines(root: Path, app: str) -> tuple[int, int]:
    """Non-blank lines of Python (migrations left out) and of templates."""
    folder = root / "resolute" / "web" / app
    python = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
        for p in folder.rglob("*.py")
        if "migrations" not in p.parts
    )
    templates = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
        for p in folder.rglob("templates/**/*.html")
    )
    return python, templates


def main(argv: list[str]) -> None:
    root = Path(argv[1]).resolve() if len(argv) > 1 else HERE
    graph = import_graph(root)
    print(f"{'app':<14}{'python':>8}{'templates':>11}  imports")
    for app in apps(root):
        python, templates = lines(root, app)
        print(f"{app:<14}{python:>8}{templates:>11}  {', '.join(sorted(graph[app])) or '—'}")
    edges = sum(len(v) for v in graph.values())
    print(f"\n{len(graph)} apps, {edges} app→app import edges")
    pairs = mutual_pairs(graph)
    print(f"{len(pairs)} mutual pairs: " + (", ".join(f"{a}↔{b}" for a, b in pairs) or "none"))
    found = cycles(graph)
    print(f"{len(found)} cycles (strongly connected components): "
          + ("; ".join(" ↔ ".join(c) for c in found) or "none"))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv)
