"""An import inside a function says why (STYLE.md): ``# noqa: PLC0415 -- reason`` on its line.

Ruff's PLC0415 finds such an import without a ``noqa``; this test finds a ``noqa`` without a
reason.
"""

import ast
import re
from pathlib import Path

import pytest

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

SRC = Path(__file__).resolve().parent.parent / "src" / "greenfactory"
EXPLAINED = re.compile(r"# noqa: [A-Z0-9, ]*\bPLC0415\b[A-Z0-9, ]* -- \S")


def unexplained(text: str) -> list[int]:
    """The lines of the imports inside functions (or classes) that give no reason."""
    lines = text.splitlines()
    found = []

    def walk(node, nested: bool):
        for child in ast.iter_child_nodes(node):
            is_import = isinstance(child, ast.Import | ast.ImportFrom)
            if nested and is_import and not EXPLAINED.search(lines[child.lineno - 1]):
                found.append(child.lineno)
            scope = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            walk(child, nested or scope)

    walk(ast.parse(text), False)
    return found


def test_every_import_inside_a_function_gives_its_reason():
    found = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := unexplained(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_an_import_without_a_reason_is_found():
    text = (
        "import os\n"
        "def f():\n"
        "    import json  # noqa: PLC0415 -- json is slow\n"
        "    import csv  # noqa: PLC0415\n"
        "    if True:\n"
        "        import io\n"
        "    return json, csv, io\n"
    )
    assert unexplained(text) == [4, 6]
