"""Module boundaries: no import cycles, no private names across modules, one dynamic import.

The import graph of ``src/breast_cancer_course`` is read with ``ast`` (module-level and
function-level imports alike; ``if TYPE_CHECKING:`` blocks are skipped, they never run).
Importing ``a.b.c`` also runs the packages ``a.b`` (but not the top package, whose
``__init__`` imports its submodules only when an attribute is asked for).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = "breast_cancer_course"
SRC = ROOT / "src" / PACKAGE
# The one place a module is imported by name: the registry loading its PROVIDERS.
DYNAMIC_IMPORT_ALLOWED = {f"{PACKAGE}.registry"}


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(src: Path) -> dict[str, Path]:
    return {module_name(p, src): p for p in sorted(src.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST):
    """Every node, skipping the bodies of ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.If) and _is_type_checking(node):
            children = list(node.orelse) + [node.test]
        stack.extend(children)


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


class Import:
    def __init__(self, target: str, names: list[str], line: int):
        self.target, self.names, self.line = target, names, line


def imports(name: str, path: Path, known: set[str]) -> list[Import]:
    """The package's own modules that `name` imports, with the names it takes from each."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    out.append(Import(alias.name, [], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path)
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            if source.split(".")[0] != PACKAGE:
                continue
            taken = []
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in known:
                    out.append(Import(sub, [], node.lineno))  # `from . import quiz`: the submodule itself
                else:
                    taken.append(alias.name)
            if taken:
                out.append(Import(source, taken, node.lineno))
    return out


def graph(src: Path) -> dict[str, set[str]]:
    """module -> the modules importing it runs (with the packages on the way, except the top one)."""
    mods = modules(src)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for imp in imports(name, path, set(mods)):
            target = imp.target
            while target and target != PACKAGE:
                if target in mods and target != name:
                    edges[name].add(target)
                target = target.rpartition(".")[0]
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as a path that starts and ends at the same module (one per cycle)."""
    found, seen_sets = [], set()
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(edges, WHITE)
    stack: list[str] = []

    def visit(node: str) -> None:
        colour[node] = GREY
        stack.append(node)
        for nxt in sorted(edges[node]):
            if colour[nxt] == GREY:
                loop = stack[stack.index(nxt) :] + [nxt]
                key = frozenset(loop)
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(loop)
            elif colour[nxt] == WHITE:
                visit(nxt)
        stack.pop()
        colour[node] = BLACK

    for node in sorted(edges):
        if colour[node] == WHITE:
            visit(node)
    return found


def private_uses(src: Path) -> list[str]:
    """`from .x import _name`, `x._name` on an imported module of the package, and importing a private module."""
    mods = modules(src)
    problems = []
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(src).as_posix()
        found = imports(name, path, set(mods))
        aliases: dict[str, str] = {}  # local name -> module of the package
        for imp in found:
            if imp.target.rpartition(".")[2].startswith("_") and imp.target != name:
                problems.append(f"{where}:{imp.line}: imports the private module {imp.target}")
            for taken in imp.names:
                if taken.startswith("_"):
                    problems.append(f"{where}:{imp.line}: imports the private name {taken} from {imp.target}")
        for node in _walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    for imp in found:
                        if (
                            imp.line == node.lineno
                            and not imp.names
                            and imp.target.endswith("." + alias.name.split(".")[-1])
                        ):
                            aliases[local] = imp.target
        for node in _walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != name
            ):
                problems.append(f"{where}:{node.lineno}: uses {aliases[node.value.id]}.{node.attr}")
    return sorted(set(problems))


def dynamic_imports(src: Path) -> list[str]:
    found = []
    for name, path in modules(src).items():
        if name in DYNAMIC_IMPORT_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("import_module", "__import__"):
                found.append(f"{path.name}:{node.lineno}")
            elif isinstance(node, ast.Name) and node.id in ("importlib", "__import__"):
                found.append(f"{path.name}:{node.lineno}")
    return found


# -- the tests -------------------------------------------------------------------------------


def test_the_graph_sees_module_and_function_level_imports():
    edges = graph(SRC)
    assert f"{PACKAGE}.content" in edges[f"{PACKAGE}.quiz"]  # module level
    assert f"{PACKAGE}.frontend" in edges[f"{PACKAGE}.picker"]  # inside a function
    assert f"{PACKAGE}.diagrams.style" in edges[f"{PACKAGE}.survival"]
    assert f"{PACKAGE}.diagrams" in edges[f"{PACKAGE}.survival"]  # the package on the way


def test_no_import_cycles():
    found = cycles(graph(SRC))
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


@functools.cache
def private_uses_in_package() -> tuple[str, ...]:
    """Worked out once, when the first test asks (not while every pytest worker collects the tests)."""
    return tuple(private_uses(SRC))


@pytest.mark.parametrize("path", sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")))
def test_no_private_names_used_across_modules(path):
    found = [p for p in private_uses_in_package() if p.split(":")[0] == path]
    assert not found, "\n".join(found)


def test_only_the_registry_imports_modules_by_name():
    assert dynamic_imports(SRC) == []


def test_registry_imports_only_the_standard_library_text_and_picker():
    """picker builds a saved explorer; it imports ipywidgets only when a widget is built."""
    edges = graph(SRC)
    assert edges[f"{PACKAGE}.registry"] == {f"{PACKAGE}.text", f"{PACKAGE}.picker"}
    assert not any(f"{PACKAGE}.survival" == t for t in edges[f"{PACKAGE}.diagrams"])


def test_quiz_is_pure_python():
    edges = graph(SRC)
    assert f"{PACKAGE}.quiz_view" not in edges[f"{PACKAGE}.quiz"]
    tree = ast.parse((SRC / "quiz.py").read_text(encoding="utf-8"))
    third_party = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    third_party |= {
        (n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level
    }
    assert not third_party & {"ipywidgets", "IPython", "anywidget", "matplotlib"}


# -- the checks can fail ----------------------------------------------------------------------


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / PACKAGE
    for rel, text in {"__init__.py": "", **files}.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def test_a_planted_cycle_is_found(tmp_path):
    src = _fake_package(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": "def later():\n    from .c import thing\n",
            "c.py": "from .a import x\n",
            "d.py": "from .a import x\n",
        },
    )
    found = cycles(graph(src))
    assert len(found) == 1 and set(found[0]) == {f"{PACKAGE}.a", f"{PACKAGE}.b", f"{PACKAGE}.c"}


def test_a_cycle_through_a_package_init_is_found(tmp_path):
    src = _fake_package(
        tmp_path, {"sub/__init__.py": "from .. import top\n", "sub/leaf.py": "", "top.py": "from .sub import leaf\n"}
    )
    assert cycles(graph(src))


def test_planted_private_uses_are_found(tmp_path):
    src = _fake_package(
        tmp_path,
        {
            "a.py": "_secret = 1\n",
            "b.py": "from .a import _secret\n",
            "c.py": "from . import a\nprint(a._secret)\n",
            "d.py": "def f():\n    from ._hidden import x\n",
            "_hidden.py": "x = 1\n",
        },
    )
    found = private_uses(src)
    assert len(found) == 3, found
    assert sorted(f.split(":")[0] for f in found) == ["b.py", "c.py", "d.py"]


def test_a_planted_dynamic_import_is_found(tmp_path):
    src = _fake_package(tmp_path, {"a.py": "import importlib\nimportlib.import_module('x')\n"})
    assert dynamic_imports(src)
