"""The docs stay true to the code: every key the schema knows is in docs/format.md."""

from __future__ import annotations

import re

import pytest

from okrboard.domain import schema
from tests.helpers import REPO

FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")

FIELDS = {
    f.name
    for table in (
        schema.BOARD,
        schema.SETTINGS,
        schema.COACH,
        schema.TEAM,
        schema.OBJECTIVE,
        schema.KEY_RESULT,
        schema.CHECKIN,
        schema.REVIEW,
        schema.THEME,
        schema.TREE,
        *(schema.node_fields(t) for t in schema.NODE_TYPES),
    )
    for f in table
}


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_key_is_documented(name):
    assert f"| `{name}` |" in FORMAT


def test_every_choice_is_documented():
    for table in (schema.OBJECTIVE, schema.KEY_RESULT, schema.THEME):
        for field in table:
            for choice in field.choices:
                assert f"`{choice}`" in FORMAT, (field.name, choice)


def test_readme_shows_the_two_commands():
    assert "okrboard demo" in README
    commands = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert any("pip install" in c and "okrboard demo" in c for c in commands)
    assert any("[test]" in c and "pytest" in c for c in commands)


def _bindings() -> list:
    """Every binding okrboard declares, in the app, its views, panels and dialogs."""
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.screens.alignment import AlignmentScreen
    from okrboard.tui.screens.base import BoardScreen
    from okrboard.tui.screens.changes import ChangesScreen
    from okrboard.tui.screens.close import CloseQuarterScreen
    from okrboard.tui.screens.help import HelpScreen
    from okrboard.tui.screens.history import HistoryScreen
    from okrboard.tui.screens.kpis import KpiList, KpiScreen
    from okrboard.tui.screens.lines import LinesScreen
    from okrboard.tui.screens.measuring import Measures
    from okrboard.tui.screens.okrs import OkrList, OkrScreen
    from okrboard.tui.screens.resolver import ResolveScreen
    from okrboard.tui.screens.roadmap import RoadmapScreen
    from okrboard.tui.screens.trees import NodeList, TreeScreen
    from okrboard.widgets.choose import ChooseScreen
    from okrboard.widgets.form import FormScreen
    from okrboard.widgets.message import MessageScreen
    from okrboard.widgets.picker import PickerScreen
    from okrboard.widgets.textview import TextScreen

    classes = (
        OkrBoardApp,
        BoardScreen,
        OkrScreen,
        OkrList,
        RoadmapScreen,
        ResolveScreen,
        FormScreen,
        HelpScreen,
        PickerScreen,
        TreeScreen,
        NodeList,
        ChooseScreen,
        LinesScreen,
        HistoryScreen,
        ChangesScreen,
        MessageScreen,
        TextScreen,
        AlignmentScreen,
        KpiScreen,
        KpiList,
        Measures,
        CloseQuarterScreen,
    )
    return [b for cls in classes for b in cls.BINDINGS]


def test_every_binding_id_is_in_the_key_map():
    keys_doc = (REPO / "docs" / "keys.md").read_text(encoding="utf-8")
    ids = {b.id for b in _bindings() if b.id}
    assert len(ids) > 20
    missing = sorted(i for i in ids if f"`{i}`" not in keys_doc)
    assert missing == []


# How docs/keys.md writes a key, and how Textual names it.
KEY_NAMES = {
    "↑": "up", "↓": "down", "←": "left", "→": "right", "[": "left_square_bracket",
    "]": "right_square_bracket", "?": "question_mark", "/": "slash", "*": "asterisk",
    "F1": "f1", "page up": "pageup", "page down": "pagedown",
}  # fmt: skip


def _key_name(text: str) -> str:
    if text == "+":
        return "plus"
    *mods, key = text.split("+")
    return "+".join([*mods, KEY_NAMES.get(key, key)])


def _documented_rows() -> list[tuple[str, list[str], list[str]]]:
    """``(row, keys, binding ids)`` of each row of the key map that names binding ids."""
    rows = []
    for line in (REPO / "docs" / "keys.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not line.startswith("|"):
            continue
        ids = [i for i in re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[2])]
        if ids:
            keys = [_key_name(k) for k in re.findall(r"`([^`]+)`", cells[0])]
            rows.append((cells[0], keys, ids))
    return rows


@pytest.mark.parametrize(("row", "keys", "ids"), _documented_rows(), ids=lambda v: str(v))
def test_every_documented_key_is_bound_to_its_action(row, keys, ids):
    """A key the map documents is bound, by default, in the binding it names: a documented
    key that does nothing fails here."""
    bound = {
        key.strip()
        for binding in _bindings()
        if binding.id in ids
        for key in binding.key.split(",")
    }
    assert keys and set(keys) <= bound, f"{row}: documented, not bound: {set(keys) - bound}"


def test_every_coach_rule_is_documented_with_a_bad_and_a_good_example():
    from okrboard.domain.coach import RULES

    text = (REPO / "docs" / "coach.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    documented = {section.split()[0]: section for section in sections}
    assert sorted(documented) == sorted(RULES)
    for rule, section in documented.items():
        assert "**Bad**" in section and "**Good**" in section, rule
        assert f"`{RULES[rule].severity}`" in section, rule


def test_every_test_named_in_reliability_md_exists():
    text = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/\w+/test_\w+\.py)(?:::(\w+))?`", text)
    assert len(named) >= 20
    for file, test in named:
        source = (REPO / file).read_text(encoding="utf-8")
        assert not test or re.search(rf"def {test}\(", source), f"{file}::{test}"


def test_the_readme_screenshots_are_up_to_date(tmp_path):
    """docs/screenshots.py makes them from the demo; run it when a screen changes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshots", REPO / "docs" / "screenshots.py")
    assert spec and spec.loader
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)

    def text(path) -> list[str]:
        return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))

    for made in screenshots.make(tmp_path, site=False):  # (a PNG from Chromium: not compared)
        committed = REPO / "docs" / made.name
        assert text(made) == text(committed), f"{made.name}: run python docs/screenshots.py"
        assert f"docs/{made.name}" in README
