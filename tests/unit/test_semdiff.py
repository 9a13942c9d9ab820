"""The semantic diff between two boards: by item and field, matched by id."""

from __future__ import annotations

import copy
import datetime as dt

from okrboard.domain import semdiff
from okrboard.domain.model import CheckIn
from okrboard.files.load import load_board
from tests.helpers import SAMPLE

KR = "2026-Q4/growth/activation/activation-rate"


def test_no_changes_between_equal_boards():
    board = load_board(SAMPLE)
    assert semdiff.diff(board, copy.deepcopy(board)) == []
    assert semdiff.as_text([]) == ""
    assert "No changes." in semdiff.as_markdown([])


def test_field_checkin_move_reparent_add_remove():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    kr = new.key_result(KR)
    kr.target = 52
    kr.checkins.append(CheckIn(date=dt.date(2026, 11, 23), value=47, confidence=7))
    new.roadmaps["growth"].themes["sales-assist"].horizon = "now"
    new.trees["activation"].nodes["one-click-import"].parent = "lonely-workspace"
    del new.objective("2026-Q4/mobile/on-the-go").key_results["mobile-capture"]
    new.teams["data"] = copy.deepcopy(new.teams["mobile"])
    new.teams["data"].id, new.teams["data"].name = "data", "Data"
    changes = semdiff.diff(old, new)
    lines = semdiff.as_text(changes).splitlines()
    assert "team:data: added team “Data”" in lines
    assert f"{KR}: target 50 -> 52" in lines
    assert f"{KR}: check-in date 2026-11-23, value 47, confidence 7" in lines
    assert "roadmap/growth/sales-assist: moved next -> now" in lines
    assert (
        "tree/activation/one-click-import: moved under lonely-workspace (was import-friction)"
        in lines
    )
    assert (
        "2026-Q4/mobile/on-the-go/mobile-capture: removed key result "
        "“Raise weekly mobile captures per active user from 2 to 5”" in lines
    )
    assert len(changes) == 6
    kinds = {c.kind for c in changes}
    assert kinds == {"added", "changed", "checkin", "moved", "reparented", "removed"}


def test_json_and_markdown():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    new.key_result(KR).target = 52
    new.key_result(KR).title = "Increase activation rate from 41% to 52%"
    changes = semdiff.diff(old, new)
    data = [c.as_dict() for c in changes]
    assert data[0] == {
        "kind": "changed",
        "what": "key_result",
        "ref": KR,
        "label": "Increase activation rate from 41% to 52%",
        "field": "title",
        "old": "Increase activation rate from 41% to 50%",
        "new": "Increase activation rate from 41% to 52%",
    }
    markdown = semdiff.as_markdown(changes, "Proposal")
    assert markdown.startswith("## Proposal\n\n- **Increase activation rate from 41% to 52%**")
    assert "  - target 50 -> 52" in markdown


def test_a_removed_checkin_and_a_new_file():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    new.key_result(KR).checkins.pop()
    added = copy.deepcopy(new.okrs[("2026-Q4", "mobile")])
    added.quarter = "2027-Q1"
    new.okrs[("2027-Q1", "mobile")] = added
    changes = semdiff.diff(old, new)
    assert [c.kind for c in changes if c.ref == KR] == ["uncheckin"]
    assert any(c.ref == "2027-Q1/mobile/on-the-go" and c.kind == "added" for c in changes)


def test_a_multi_line_text_reads_as_its_first_line_and_how_many_more():
    change = semdiff.Change(
        "changed", "objective", "2026-Q4/growth/activation", "Activation", "description",
        "Checklists.", "Checklists beat tours.\nPricing needs discovery.\nAsk sales.",
    )  # fmt: skip
    assert semdiff.describe(change) == (
        "description Checklists. -> Checklists beat tours. … (+2 lines)"
    )
