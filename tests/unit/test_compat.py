"""Public Textual only: the product and the widget kit touch no private Textual name, and
the tests and benchmarks touch them only through ``tests/compat.py``, each tried here on the
installed Textual (a version that moves one fails here, by name)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import textual

ROOT = Path(__file__).resolve().parents[2]
PRIVATE = re.compile(r"\b(?:def\s+|self\.|cls\.)(_[a-z][a-z0-9_]*)")


def _textual_private_names() -> set[str]:
    """Every private attribute or method name Textual defines."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names.update(PRIVATE.findall(path.read_text(encoding="utf-8")))
    return names


def _own_names(paths: list[Path]) -> set[str]:
    """Private names our own code defines (``self._cache``, ``def _update``)."""
    names: set[str] = set()
    for path in paths:
        names.update(PRIVATE.findall(path.read_text(encoding="utf-8")))
    return names


def _touches(path: Path, private: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            module = node.module or ""
            names = [a.name for a in node.names]
            if any(part.startswith("_") for part in module.split(".")) or any(
                n.startswith("_") for n in names
            ):
                found.append(f"{path.name}:{node.lineno} from {module} import {names}")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in private
            and not (isinstance(node.value, ast.Name) and node.value.id in ("os", "sys"))
        ):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


def test_no_private_textual_name_outside_the_tests_compat_module():
    ours = [
        p
        for folder in ("okrboard", "widgets", "tests", "bench")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "compat.py" and "corpora" not in p.parts
    ]
    private = _textual_private_names() - _own_names(ours)
    touches = [t for path in ours for t in _touches(path, private)]
    assert touches == [], "\n".join(touches)


async def test_each_private_touch_of_the_tests_works_on_this_textual():
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    from tests.compat import key_name, notifications, on_frame, screen_lines

    class Hello(App):
        def compose(self) -> ComposeResult:
            yield Label("Привет, мир")

    assert key_name("/") == "slash" and key_name("?") == "question_mark"
    app = Hello()
    frames: list[object] = []
    on_frame(app, lambda screen, update: frames.append(update))
    async with app.run_test(size=(30, 4)) as pilot:
        app.notify("hello there")
        await pilot.pause()
        assert notifications(app) == ["hello there"]
        lines = screen_lines(app)
        assert len(lines) == 4 and lines[0].startswith("Привет, мир")
        assert any(update is not None for update in frames)
