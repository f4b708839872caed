"""The house rules, checked on the source: rooms import only downward (import-linter's contracts in
pyproject.toml), no import cycle between modules (lazy imports inside functions included), short
commands and library functions, no engine attribute probing outside ``mt/``, a docstring per room."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "translate"
ROOMS = ["text", "mt", "qe", "align", "terms", "export", "run", "corpus", "evaluation", "review", "serve", "cli",
         "testing"]


def _functions() -> list[tuple[Path, ast.FunctionDef, int]]:
    """Every function of the package with its length in lines, its docstring left out."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                body = node.body
                if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and len(body) > 1:
                    body = body[1:]
                out.append((path, node, node.end_lineno - body[0].lineno + 1))
    return out


def test_rooms_import_only_downward() -> None:
    from importlinter.cli import lint_imports

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
    finally:
        os.chdir(cwd)


def test_no_import_cycle_between_modules() -> None:
    import grimp

    graph = grimp.build_graph("translate")
    modules = sorted(graph.modules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            # A package's __init__ may gather its own submodules (translate.cli imports translate.cli.main).
            if imported == module or module.startswith(imported + "."):
                continue
            if state.get(imported) == 1:
                pytest.fail("import cycle: " + " → ".join(path[path.index(imported):] + [imported]))
            if imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module)


def test_commands_and_library_functions_are_short() -> None:
    long = []
    for path, node, length in _functions():
        command = any("command" in ast.unparse(d) for d in node.decorator_list)
        if length > (25 if command else 60):
            long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert long == []


def test_engines_are_used_through_their_protocol_only() -> None:
    probing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "mt":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
                    and node.args and any(w in ast.unparse(node.args[0]) for w in ("engine", "translator"))):
                probing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert probing == []


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_says_what_it_owns(room: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 80


def test_the_library_never_prints_or_exits() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "cli" or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("print", "sys.exit", "exit"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


#: The storage layer: the only modules that speak SQL (see translate/storage.py).
STORAGE = {"translate/storage.py", "translate/run/store.py", "translate/corpus/store.py"}


def test_no_sql_outside_the_storage_layer() -> None:
    import re

    sql = re.compile(r"\b(SELECT .* FROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|BEGIN IMMEDIATE)\b")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name in STORAGE:
            continue
        text = path.read_text(encoding="utf-8")
        if "sqlite3" in text:
            found.append(f"{name}: imports sqlite3")
        for number, line in enumerate(text.splitlines(), 1):
            if sql.search(line) or re.search(r"\.(execute|executemany|executescript)\(\s*f?[\"']", line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
