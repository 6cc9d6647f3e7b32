"""The package has layers you can draw: its import graph has no cycle, no
module uses a private name (``_x``) of another module, and the core
(:mod:`cleantext.core`) imports nothing of cleantext but the text
primitives.

The graph is read from the source with :mod:`ast`, so it holds every
import, at module level and inside functions alike (a lazy import is still
a dependency). Imports under ``if TYPE_CHECKING:`` are left out: they never
run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleantext"

#: What the core may import, directly or through one another: the errors,
#: the text primitives, the package data they read, and the style sheet that
#: shows a pass in a notebook.
CORE_MAY_IMPORT = {"cleantext.errors", "cleantext.text", "cleantext.data", "cleantext.markup"}


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    #: (imported module, line) for each import of a cleantext module.
    imports: list[tuple[str, int]] = field(default_factory=list)
    #: (module, private name, line) for each private name used from another module.
    private: list[tuple[str, str, int]] = field(default_factory=list)


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under ``node``, leaving out ``if TYPE_CHECKING:`` bodies."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def read_package(root: Path = PACKAGE) -> dict[str, Module]:
    """Every module of the package under ``root`` with its imports."""
    modules: dict[str, Module] = {}
    for path in sorted(root.rglob("*.py")):
        name, is_package = _module_name(path, root)
        modules[name] = Module(name, path, is_package)
    top = root.name
    for module in modules.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        here = module.name if module.is_package else module.name.rpartition(".")[0]
        aliases: dict[str, str] = {}  # local name -> the cleantext module it is bound to
        nodes = list(_walk(tree))
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == top or alias.name.startswith(top + "."):
                        module.imports.append((alias.name, node.lineno))
                        if alias.asname:
                            aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                if source != top and not source.startswith(top + "."):
                    continue
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    if target in modules:  # a submodule: `from cleantext import io`
                        module.imports.append((target, node.lineno))
                        aliases[alias.asname or alias.name] = target
                    else:
                        module.imports.append((source, node.lineno))
                        if _private(alias.name) and source != module.name:
                            module.private.append((source, alias.name, node.lineno))
        for node in nodes:
            # `registry._REGISTRY` through a module bound by an import.
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr):
                target = aliases.get(node.value.id)
                if target is not None and target != module.name:
                    module.private.append((target, node.attr, node.lineno))
    return modules


def edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Module -> the modules it imports. Importing ``a.b.c`` runs ``a.b``
    first, so it counts as importing each enclosing package too (except the
    importer's own)."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module in modules.values():
        for target, _ in module.imports:
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if prefix in modules and prefix != module.name and not module.name.startswith(prefix + "."):
                    graph[module.name].add(prefix)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a
    module importing itself), each sorted: Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _explain_cycle(component: list[str], modules: dict[str, Module]) -> str:
    inside = set(component)
    lines = []
    for name in component:
        for target, line in modules[name].imports:
            hit = next((m for m in inside if target == m or target.startswith(m + ".")), None)
            if hit and hit != name:
                lines.append(f"  {modules[name].path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    return " <-> ".join(component) + "\n" + "\n".join(sorted(set(lines)))


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return read_package()


class TestImportGraph:
    def test_the_graph_is_read(self, modules: dict[str, Module]) -> None:
        """The walk finds the package's modules and their imports, lazy ones too."""
        assert {"cleantext.core", "cleantext.registry", "cleantext.cli", "cleantext.io.formats"} <= set(modules)
        graph = edges(modules)
        assert "cleantext.core" in graph["cleantext.registry"]
        # main() imports the run loop inside a function: still an edge.
        assert "cleantext.run" in graph["cleantext.cli"]

    def test_no_cycle(self, modules: dict[str, Module]) -> None:
        """No module imports, directly or through others, a module that imports it."""
        found = cycles(edges(modules))
        assert not found, "import cycles:\n" + "\n".join(_explain_cycle(c, modules) for c in found)

    def test_no_private_import_across_modules(self, modules: dict[str, Module]) -> None:
        """A name starting with ``_`` is used only in the module that defines it."""
        offenders = [
            f"{m.path.relative_to(PACKAGE.parent)}:{line} uses {source}.{name}"
            for m in modules.values()
            for source, name, line in m.private
        ]
        assert not offenders, "private names used across modules:\n" + "\n".join(sorted(offenders))

    def test_core_imports_nothing_above_it(self, modules: dict[str, Module]) -> None:
        """The contract (Pass, LinePass, Change, ConfigError) depends on no other layer."""
        graph = edges(modules)
        reached: set[str] = set()
        todo = ["cleantext.core"]
        while todo:
            for target in graph[todo.pop()] - reached:
                reached.add(target)
                todo.append(target)
        assert reached <= CORE_MAY_IMPORT, sorted(reached - CORE_MAY_IMPORT)


class TestCommandLine:
    #: What cli.py may define: the parser and its argument types, and the
    #: wiring of main (logging, the Job's steps, exit statuses). A new
    #: option's logic goes into cleantext.job or the module that owns it.
    WIRING = frozenset(
        {"build_parser", "_size", "_setup_logging", "build_pipeline", "main", "_compatible", "_run", "_silence_stdout"}
    )

    def test_cli_is_argument_parsing_and_wiring(self, modules: dict[str, Module]) -> None:
        """cli.py holds no logic of its own beyond parsing arguments and calling the library."""
        tree = ast.parse(modules["cleantext.cli"].path.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        assert defined <= self.WIRING, sorted(defined - self.WIRING)


class TestTheCheckItself:
    """The checks fail when they should: each on a small package written here."""

    def _package(self, tmp_path: Path, files: dict[str, str]) -> dict[str, Module]:
        root = tmp_path / "cleantext"
        for rel, text in {"__init__.py": "", **files}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        return read_package(root)

    def test_a_cycle_through_a_lazy_import_is_found(self, tmp_path: Path) -> None:
        modules = self._package(
            tmp_path,
            {
                "a.py": "from cleantext.b import x\n",
                "b.py": "x = 1\ndef f():\n    from cleantext import c\n",
                "c.py": "import cleantext.a\n",
            },
        )
        assert cycles(edges(modules)) == [["cleantext.a", "cleantext.b", "cleantext.c"]]

    def test_type_checking_imports_are_not_edges(self, tmp_path: Path) -> None:
        modules = self._package(
            tmp_path,
            {
                "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cleantext.b import x\n",
                "b.py": "from cleantext.a import y\n",
            },
        )
        assert cycles(edges(modules)) == []

    def test_a_cycle_through_a_package_init_is_found(self, tmp_path: Path) -> None:
        modules = self._package(
            tmp_path,
            {"io/__init__.py": "from cleantext.io.x import y\n", "io/x.py": "from cleantext.z import w\n", "z.py": ""},
        )
        assert cycles(edges(modules)) == []
        (tmp_path / "cleantext" / "z.py").write_text("def f():\n    from cleantext.io.x import y\n")
        assert cycles(edges(read_package(tmp_path / "cleantext"))) == [
            ["cleantext.io", "cleantext.io.x", "cleantext.z"]
        ]

    def test_private_names_are_found(self, tmp_path: Path) -> None:
        modules = self._package(
            tmp_path,
            {
                "a.py": "_x = 1\n__version__ = '1'\n",
                "b.py": "from cleantext.a import _x, __version__\n",
                "c.py": "from cleantext import a\nprint(a._x)\n",
                "d.py": "import cleantext.a as alias\nprint(alias._x, alias.__name__)\n",
                "e.py": "from . import a\ndef f():\n    return a._x\n",
            },
        )
        found = sorted((m.name, source, name) for m in modules.values() for source, name, _ in m.private)
        assert found == [
            ("cleantext.b", "cleantext.a", "_x"),
            ("cleantext.c", "cleantext.a", "_x"),
            ("cleantext.d", "cleantext.a", "_x"),
            ("cleantext.e", "cleantext.a", "_x"),
        ]
