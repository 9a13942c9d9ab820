"""The layers: the core imports neither textual nor widgets, widgets import nothing of
okrboard, and no screen changes the model itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

APP_LAYER = {"tui"}


def _top(module: str) -> str:
    """A module's package, with the widget kit (``okrboard.widgets``) as ``widgets``."""
    return "widgets" if module.startswith("okrboard.widgets") else module.split(".")[0]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_top(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(_top(node.module))
    return found


def core_files() -> list[Path]:
    files = sorted((REPO / "okrboard").rglob("*.py"))  # (not into the okrboard/widgets link)
    return [
        p
        for p in files
        if not (APP_LAYER | {"widgets"}) & set(p.relative_to(REPO / "okrboard").parts)
    ]


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
    offenders = {str(p): "okrboard" for p in files if imported_modules(p) & {"okrboard", "widgets"}}
    assert offenders == {}  # (within the kit, relative imports: it names no package)


def test_the_widget_kit_and_the_sample_board_live_under_okrboard():
    """The wheel installs okrboard alone: okrboard/widgets and okrboard/board_data are the
    repository's widgets/ and board_data/ (links), so both import paths are one."""
    for name in ("widgets", "board_data"):
        assert (REPO / "okrboard" / name).resolve() == (REPO / name).resolve()


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
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'widgets')\n"
        + "             or m.startswith('okrboard.widgets'))\n"
        + "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_the_checker_sees_a_forbidden_import(tmp_path: Path):
    """Guard against a checker that can never fail."""
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.app import App\nimport okrboard.widgets.progress\n")
    assert imported_modules(bad) == {"textual", "widgets"}


# -- screens never change the model themselves --------------------------------------------

# Tables of the model that hold items: a screen that writes into one edits the model.
MODEL_TABLES = {
    "okrs",
    "roadmaps",
    "trees",
    "teams",
    "objectives",
    "key_results",
    "themes",
    "nodes",
    "checkins",
    "extra",
}
MUTATORS = {"setdefault", "pop", "popitem", "update", "clear", "append", "extend", "insert"}


def model_fields() -> set[str]:
    """Every field name of the model's dataclasses."""
    from dataclasses import fields, is_dataclass

    from okrboard.domain import model

    classes = [c for c in vars(model).values() if isinstance(c, type) and is_dataclass(c)]
    return {f.name for c in classes for f in fields(c)}


def model_writes(source: str) -> list[str]:
    """Where ``source`` changes the model itself instead of calling a domain edit: a field
    assigned on anything but ``self``, an item table written, deleted from or grown, or
    ``setattr``. Widgets' own attributes (``cursor``, ``highlighted``) are not model
    fields, so setting them is fine."""
    names = model_fields()
    found = []

    def chain(node: ast.AST) -> list[str]:
        attrs = []
        while isinstance(node, ast.Attribute | ast.Subscript):
            if isinstance(node, ast.Attribute):
                attrs.append(node.attr)
            node = node.value
        return attrs + ([node.id] if isinstance(node, ast.Name) else [])

    for node in ast.walk(ast.parse(source)):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for each in target.elts if isinstance(target, ast.Tuple | ast.List) else [target]:
                path = chain(each)
                on_self = path[-1:] == ["self"] and len(path) == 2
                if isinstance(each, ast.Attribute) and each.attr in names and not on_self:
                    found.append(f"line {node.lineno}: {ast.unparse(each)} assigned")
                elif isinstance(each, ast.Subscript) and MODEL_TABLES & set(path):
                    found.append(f"line {node.lineno}: {ast.unparse(each)} written")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("setattr", "delattr"):
                found.append(f"line {node.lineno}: {func.id}")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in MUTATORS
                and MODEL_TABLES & set(chain(func.value))
            ):
                found.append(f"line {node.lineno}: {ast.unparse(func)}()")
    return found


def test_no_screen_changes_the_model_itself():
    """Every edit the TUI makes is a domain function (okrboard.domain.edits)."""
    files = sorted((REPO / "okrboard" / "tui").rglob("*.py"))
    assert len(files) > 10
    found = {
        str(p.relative_to(REPO)): bad
        for p in files
        if (bad := model_writes(p.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "item.description = text",
        "board.objective(ref).title = 'x'",
        "theme.problem, theme.hypothesis = a, b",
        "tree.nodes[node_id].success_criteria = None",
        "board.okrs[key] = TeamQuarter(q, t)",
        "del board.roadmaps[team].themes[theme_id]",
        "board.roadmaps.setdefault(team, Roadmap(team=team))",
        "roadmap.themes.pop(theme_id)",
        "kr.checkins.append(checkin)",
        "setattr(node, field, value)",
        "self.board.okrs[key] = tq",
    ],
)
def test_the_model_check_sees_each_kind_of_write(source: str):
    """Guard against a check that can never fail."""
    assert model_writes(f"def change(board):\n    {source}\n")


def test_the_model_check_lets_widgets_and_locals_be():
    source = (
        "self.cursor = 3\nself.rows = []\noptions.highlighted = 0\n"
        "errors.setdefault('title', 'x')\nvalues = {'a': 1}\nvalues['b'] = 2\n"
    )
    assert model_writes(source) == []


# -- an import inside a function says why --------------------------------------------------


def function_imports(source: str) -> list[int]:
    """Lines of the imports inside functions (not those under ``if TYPE_CHECKING``)."""
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child.lineno)
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(source), False)
    return found


def unexplained_imports(source: str) -> list[int]:
    """Function-level imports with no comment on their line or above their block: each
    must say why it waits (start-up: docs/performance.md, "What loads when")."""
    lines = source.split("\n")

    def explained(index: int) -> bool:
        if "#" in lines[index]:
            return True
        above = index - 1
        while above >= 0:
            text = lines[above].strip()
            if text.startswith("#"):
                return True
            if not text.startswith(("from ", "import ")) and not text.endswith((",", "(")):
                return False
            above -= 1
        return False

    return [line for line in function_imports(source) if not explained(line - 1)]


def test_every_import_inside_a_function_says_why():
    found = {
        str(p.relative_to(REPO)): bad
        for p in sorted((REPO / "okrboard").rglob("*.py"))
        if (bad := unexplained_imports(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_import_check_sees_an_unexplained_one():
    source = (
        "import os\n\n"
        "def f():\n    import json\n\n"
        "def g():\n    # lazy: why\n    import json\n    from x import (\n        y,\n    )\n\n"
        "def h():\n    import json  # why\n"
    )
    assert function_imports(source) == [4, 8, 9, 14]
    assert unexplained_imports(source) == [4]


# Actions that live once, in okrboard/flows, and the names a front would use to sequence
# one itself: a front calls the flow instead.
FLOWS = {
    "checkin": ("record_checkin", "check_checkin", "checkin_defaults"),
    "measure": ("read_all", "read_items", "run.measure("),
    "compare": ("commits_between", "semdiff.diff("),
    "quarter": ("lifecycle.close_quarter(", "lifecycle.open_quarter(", "close_summary("),
    "share": ("commit_board(", "full_message(", "units_of("),
    "links": ("import_file(",),
    "export": ("site.export(",),
}


def test_fronts_call_the_flows_rather_than_sequence_an_action_themselves():
    fronts = [
        *(REPO / "okrboard" / "cli").rglob("*.py"),
        *(REPO / "okrboard" / "tui").rglob("*.py"),
    ]
    offenders = {
        f"{p.relative_to(REPO)}: {name} (use okrboard.flows.{flow})"
        for p in fronts
        for flow, names in FLOWS.items()
        for name in names
        if name in p.read_text(encoding="utf-8")
    }
    assert not offenders, sorted(offenders)


def test_plurals_go_through_one_rule():
    """Counts in messages go through ``domain.text.count`` ("1 file", "2 files"), so no
    message says "1 files" and none rolls its own "s"."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "okrboard"
    own = re.compile(r"""['"]s['"] \* \(""")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "text.py" and "board_data" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own.search(line)
    ]
    assert found == []
