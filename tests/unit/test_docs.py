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


def test_every_binding_id_is_in_the_key_map():
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.screens.alignment import AlignmentScreen
    from okrboard.tui.screens.base import BoardScreen
    from okrboard.tui.screens.changes import ChangesScreen
    from okrboard.tui.screens.close import CloseQuarterScreen
    from okrboard.tui.screens.help import HelpScreen
    from okrboard.tui.screens.history import HistoryScreen
    from okrboard.tui.screens.lines import LinesScreen
    from okrboard.tui.screens.okrs import OkrList, OkrScreen
    from okrboard.tui.screens.resolver import ResolveScreen
    from okrboard.tui.screens.roadmap import RoadmapScreen
    from okrboard.tui.screens.trees import NodeList, TreeScreen
    from widgets.choose import ChooseScreen
    from widgets.form import FormScreen
    from widgets.message import MessageScreen
    from widgets.picker import PickerScreen
    from widgets.textview import TextScreen

    keys_doc = (REPO / "docs" / "keys.md").read_text(encoding="utf-8")
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
        CloseQuarterScreen,
    )
    ids = {b.id for cls in classes for b in cls.BINDINGS if b.id}
    assert len(ids) > 20
    missing = sorted(i for i in ids if f"`{i}`" not in keys_doc)
    assert missing == []


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
