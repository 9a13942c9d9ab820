"""The core imports neither textual nor widgets; widgets import nothing of okrboard."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

APP_LAYER = {"tui"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def core_files() -> list[Path]:
    files = sorted((REPO / "okrboard").rglob("*.py"))
    return [p for p in files if not APP_LAYER & set(p.relative_to(REPO / "okrboard").parts)]


def test_core_never_imports_textual_or_widgets():
    offenders = {
        str(p.relative_to(REPO)): bad
        for p in core_files()
        if (bad := imported_modules(p) & {"textual", "widgets"})
    }
    assert core_files(), "no core modules found: the test would pass vacuously"
    assert offenders == {}


def test_widgets_never_import_okrboard():
    files = sorted((REPO / "widgets").rglob("*.py"))
    assert files
    offenders = {str(p): "okrboard" for p in files if "okrboard" in imported_modules(p)}
    assert offenders == {}


def test_core_loads_without_textual_at_run_time():
    """Importing every core module, and running a check, pulls in no textual module."""
    modules = [
        "okrboard." + ".".join(p.relative_to(REPO / "okrboard").with_suffix("").parts)
        for p in core_files()
        if p.name not in ("__main__.py",)
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "from okrboard.files.load import load_board\n"
        + f"load_board({str(REPO / 'board_data')!r})\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'widgets'))\n"
        + "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_the_checker_sees_a_forbidden_import(tmp_path: Path):
    """Guard against a checker that can never fail."""
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.app import App\nimport widgets.progress\n")
    assert imported_modules(bad) == {"textual", "widgets"}
