"""No circles between the web apps: an app's imports (at module level or inside a function)
never lead back to it. The figures per app are printed by ``benchmarks/house.py``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _house() -> ModuleType:
    spec = importlib.util.spec_from_file_location("house", ROOT / "benchmarks" / "house.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_web_app_imports_an_app_that_imports_it_back() -> None:
    house = _house()
    graph = house.import_graph(ROOT)
    assert "ledger" in graph and graph["front"], "the graph should see the apps and their imports"
    assert house.cycles(graph) == []


def test_the_cycle_finder_sees_long_cycles_and_not_chains() -> None:
    house = _house()
    assert house.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert house.cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert house.cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}) == [
        ["a", "b"],
        ["c", "d"],
    ]
