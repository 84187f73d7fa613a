"""The package's shape: modules import one way, and each format is one module behind the registry."""

import ast
import importlib
from pathlib import Path

from mieux_pub.formats import FORMATS

PACKAGE = Path(__file__).parent.parent / "mieux_pub"


def imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports."""
    modules = {p.stem: p for p in PACKAGE.glob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        graph[name] = found & set(modules)
    return graph


def test_no_module_imports_one_that_imports_it_back():
    graph = imports()

    def reaches(start, goal, seen=()):
        return any(d == goal or (d not in seen and reaches(d, goal, seen + (d,))) for d in graph[start])

    assert [m for m in graph if reaches(m, m)] == []


def test_every_registered_format_has_a_render_function():
    for output in FORMATS:
        module = importlib.import_module(output.module, "mieux_pub")
        assert callable(module.render), output.name
