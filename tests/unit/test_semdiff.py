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
    lines = [f"{c.ref}: {semdiff.describe(c)}" for c in changes]
    assert "team:data: added team “Data”" in lines
    assert f"{KR}: target 50% -> 52%" in lines  # with the KR's unit
    assert f"{KR}: check-in 2026-11-23: 47% · confidence 7/10" in lines
    assert f"{KR}: progress 56% -> 55%" in lines
    assert "roadmap/growth/sales-assist: moved next -> now" in lines
    assert (
        "tree/activation/one-click-import: moved under lonely-workspace (was import-friction)"
        in lines
    )
    assert (
        "2026-Q4/mobile/on-the-go/mobile-capture: removed key result "
        "“Raise weekly mobile captures per active user from 2 to 5” (it had 6 check-ins)" in lines
    )
    assert len(changes) == 7
    kinds = {c.kind for c in changes}
    assert kinds == {"added", "changed", "checkin", "moved", "reparented", "removed", "progress"}


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
        "unit": None,
        "text": "title Increase activation rate from 41% to 50% -> "
        "Increase activation rate from 41% to 52%",
    }
    markdown = semdiff.as_markdown(changes, "Proposal")
    assert markdown.startswith(
        "## Proposal\n\n### OKRs 2026-Q4\n\n- **Increase activation rate from 41% to 52%**"
    )
    assert "  - target 50% -> 52%" in markdown
    # text, Markdown and JSON say the same, line for line
    said = [c["text"] for c in data]
    assert said == [line.strip() for line in semdiff.as_text(changes).splitlines()[1:]]
    assert all(f"  - {line}" in markdown for line in said)


def test_a_removed_checkin_and_a_new_file():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    new.key_result(KR).checkins.pop()
    added = copy.deepcopy(new.okrs[("2026-Q4", "mobile")])
    added.quarter = "2027-Q1"
    new.okrs[("2027-Q1", "mobile")] = added
    changes = semdiff.diff(old, new)
    assert [c.kind for c in changes if c.ref == KR] == ["uncheckin", "progress"]
    assert any(c.ref == "2027-Q1/mobile/on-the-go" and c.kind == "added" for c in changes)


def test_a_multi_line_text_reads_as_its_first_line_and_how_many_more():
    change = semdiff.Change(
        "changed", "objective", "2026-Q4/growth/activation", "Activation", "description",
        "Checklists.", "Checklists beat tours.\nPricing needs discovery.\nAsk sales.",
    )  # fmt: skip
    assert semdiff.describe(change) == (
        "description Checklists. -> Checklists beat tours. … (+2 lines)"
    )


def _kr(board, ref=KR):
    kr = board.key_result(ref)
    assert kr is not None
    return kr


def test_a_check_in_folds_the_current_value_and_confidence_it_set():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    kr = _kr(new)
    kr.checkins.append(CheckIn(date=dt.date(2026, 11, 23), value=48, confidence=8, note="Up"))
    kr.current, kr.confidence = 48, 8
    days = (dt.date(2026, 11, 16), dt.date(2026, 11, 23))
    changes = semdiff.diff(old, new, days)
    assert [semdiff.describe(c) for c in changes] == [
        "check-in 2026-11-23: 48% · confidence 8/10 · “Up”",
        "progress 56% -> 78%",  # on track on both days
    ]
    kr.checkins[-1].value = kr.current = 42  # a step back: the status follows
    (_, progress) = semdiff.diff(old, new, days)
    assert semdiff.describe(progress) == "progress 56% -> 11%, on track -> off track"
    assert progress.as_dict()["new"] == {"progress": 1 / 9, "status": "off track"}


def test_a_current_value_typed_by_hand_is_not_folded():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    _kr(new).current = 49
    assert [semdiff.describe(c) for c in semdiff.diff(old, new)] == ["current 46% -> 49%"]


def test_reorders_are_summarised_and_renumbering_is_not_one():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    now = new.roadmaps["growth"].column("now")
    now[0].rank, now[1].rank = now[1].rank, now[0].rank
    changes = semdiff.diff(old, new)
    assert [c.kind for c in changes] == ["reordered"]
    line = semdiff.describe(changes[0])
    assert line == f"reordered within Now: {now[1].label}, {now[0].label}" + (
        "".join(f", {t.label}" for t in now[2:])
    )
    renumbered = copy.deepcopy(old)
    for theme in renumbered.roadmaps["growth"].themes.values():
        theme.rank = (theme.rank or 0) * 10  # the same order
    assert semdiff.diff(old, renumbered) == []


def test_a_carried_key_result_is_named_by_its_title():
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    objective = new.objective("2026-Q4/growth/activation")
    carried = copy.deepcopy(_kr(new))
    carried.id, carried.carried_from = "activation-rate-2", KR
    objective.key_results["activation-rate-2"] = carried
    (change,) = [c for c in semdiff.diff(old, new) if c.kind == "added"]
    assert semdiff.describe(change) == (
        "added key result “Increase activation rate from 41% to 50%”, carried from "
        "“Increase activation rate from 41% to 50%” (2026-Q4)"
    )


def test_a_band_reads_as_a_range_with_its_unit():
    change = semdiff.Change(
        "changed", "key_result", KR, "Uptime", "band", [99.9, 100], [99.95, 100], "%"
    )
    assert semdiff.describe(change) == "band 99.9–100% -> 99.95–100%"


def test_a_removed_card_is_not_counted_as_holding_key_results():
    """A card's key_results are references, not items: removing it counts nothing."""
    old = load_board(SAMPLE)
    new = copy.deepcopy(old)
    card = next(t for t in old.roadmaps["growth"].themes.values() if t.key_results)
    del new.roadmaps["growth"].themes[card.id]
    (change,) = semdiff.diff(old, new)
    assert semdiff.describe(change) == f"removed theme “{card.label}”"


def test_a_close_says_the_quarter_closed():
    """``okrboard diff`` of a close commit says the quarter closed, not only its grades."""
    import datetime as dt
    from pathlib import Path

    from okrboard.domain.model import Board, Review, Team, TeamQuarter

    old, new = Board(Path(".")), Board(Path("."))
    for board in (old, new):
        board.teams["growth"] = Team("growth", name="Growth")
    old.okrs[("2026-Q4", "growth")] = TeamQuarter("2026-Q4", "growth")
    new.okrs[("2026-Q4", "growth")] = TeamQuarter(
        "2026-Q4", "growth", review=Review(closed=dt.date(2026, 12, 31))
    )
    (change,) = semdiff.diff(old, new)
    assert semdiff.heading(change) == "Growth, 2026-Q4 (2026-Q4/growth)"
    assert semdiff.describe(change) == "closed the quarter on 2026-12-31"
    assert semdiff.describe(semdiff.diff(new, old)[0]) == "reopened the quarter"


def test_a_change_names_a_field_as_people_do():
    """A pull request's text says "why it moves", not the file's raw key target_reason."""
    change = semdiff.Change(
        "changed", "key_result", "2026-Q4/company/o/arr", "ARR", "target_reason", None,
        "Enterprise deal slipped",
    )  # fmt: skip
    assert semdiff.describe(change) == "why it moves — -> Enterprise deal slipped"
    assert "target_reason" not in semdiff.as_markdown([change])
