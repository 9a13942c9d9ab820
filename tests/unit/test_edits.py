"""The board's edits as plain functions (domain.edits): each finds its item by reference,
changes the model, and returns the part to save. The TUI and the CLI call these."""

from __future__ import annotations

import pytest

from okrboard.domain import edits, ranks
from okrboard.domain.model import KeyResult, ranked
from okrboard.files.load import load_board
from tests.helpers import SAMPLE

Q = "2026-Q4"
OBJECTIVE = f"{Q}/growth/activation"
KR = f"{OBJECTIVE}/activation-rate"


@pytest.fixture
def board():
    return load_board(SAMPLE)


def test_a_new_objective_opens_the_team_quarter_it_needs(board):
    assert ("2027-Q1", "growth") not in board.okrs
    part, ref = edits.new_objective(board, "2027-Q1", "growth", {"title": "Win", "owner": None})
    assert part is board.okrs[("2027-Q1", "growth")] and ref == "2027-Q1/growth/win"
    assert board.objective(ref).rank == ranks.RANK_STEP and board.objective(ref).owner is None


def test_a_new_key_result_is_ranked_last_in_its_objective(board):
    part, ref = edits.new_key_result(board, OBJECTIVE, {"title": "Cut time to value"})
    assert part is board.okrs[(Q, "growth")] and ref == f"{OBJECTIVE}/cut-time-to-value"
    krs = ranked(board.objective(OBJECTIVE).key_results.values())
    assert krs[-1].id == "cut-time-to-value"


def test_set_fields_replaces_a_value_kept_as_invalid(board):
    board.key_result(KR).extra["owner"] = 5  # an invalid value, kept as written
    part = edits.set_fields(board, KR, {"owner": "Maya", "description": None})
    kr = board.key_result(KR)
    assert part is board.okrs[(Q, "growth")]
    assert kr.owner == "Maya" and kr.description is None and "owner" not in kr.extra


def test_delete_each_kind_of_item(board):
    edits.delete(board, KR)
    assert board.key_result(KR) is None and board.objective(OBJECTIVE) is not None
    edits.delete(board, OBJECTIVE)
    assert board.objective(OBJECTIVE) is None
    assert edits.delete(board, "roadmap/growth/sales-assist") is board.roadmaps["growth"]
    assert "sales-assist" not in board.roadmaps["growth"].themes
    tree = board.trees["activation"]
    edits.delete(board, "tree/activation/guided-template")  # and what hangs under it
    assert {"guided-template", "users-pick-template", "template-click-test"}.isdisjoint(tree.nodes)
    with pytest.raises(KeyError, match="no objective"):
        edits.delete(board, OBJECTIVE)


def test_reorder_moves_among_siblings_only(board):
    plan = board.roadmaps["growth"]
    now = [t.id for t in plan.column("now")]
    edits.reorder(board, f"roadmap/growth/{now[1]}", -1)
    assert [t.id for t in plan.column("now")][:2] == [now[1], now[0]]
    assert [t.id for t in plan.column("next")] == ["sales-assist", "invite-moments"]
    tree = board.trees["activation"]
    node = tree.nodes["templates-fit"]
    before = [n.id for n in tree.children(node.parent)]
    edits.reorder(board, "tree/activation/templates-fit", -1)
    after = [n.id for n in tree.children(node.parent)]
    assert sorted(after) == sorted(before) and after.index("templates-fit") == max(
        0, before.index("templates-fit") - 1
    )


def test_cards_move_between_columns_and_link_key_results(board):
    ref = "roadmap/growth/sales-assist"
    assert edits.move_card(board, ref, -1) is board.roadmaps["growth"]
    assert board.roadmaps["growth"].themes["sales-assist"].horizon == "now"
    theme = board.roadmaps["growth"].themes["sales-assist"]
    theme.key_results = ["2026-Q3/growth/old/kr", KR]
    edits.link_key_results(board, ref, [f"{OBJECTIVE}/x"], [Q])
    assert theme.key_results == ["2026-Q3/growth/old/kr", f"{OBJECTIVE}/x"]  # Q3 link kept
    edits.link_key_results(board, ref, [], [Q, "2026-Q3"])
    assert theme.key_results is None


def test_nodes_are_added_moved_and_made_into_cards(board):
    tree, ref = edits.new_node(board, "activation", "solution", "blank-page", {"title": "Tour"})
    assert ref == "tree/activation/tour" and tree.nodes["tour"].parent == "blank-page"
    with pytest.raises(ValueError, match="cannot sit at the top"):
        edits.move_node(board, ref, None)
    plan, card = edits.card_for_solution(board, "growth", ref)
    theme = plan.themes[card.rsplit("/", 1)[1]]
    assert (theme.horizon, theme.solution, theme.status) == ("next", ref, "discovery")
    assert theme.key_results == [tree.outcome]


def test_a_bad_reference_is_refused_with_a_clear_message(board):
    with pytest.raises(ValueError, match="is not a reference"):
        edits.set_fields(board, "growth/activation", {"title": "x"})
    with pytest.raises(KeyError, match="no key result"):
        edits.set_fields(board, f"{OBJECTIVE}/missing", {"title": "x"})


def test_a_new_item_takes_the_id_chosen_and_refuses_a_taken_or_bad_one():
    items: dict = {}
    first = ranks.add_item(items, KeyResult, "Удержание D30", id="retention-d30")
    assert first.id == "retention-d30" and list(items) == ["retention-d30"]
    assert ranks.add_item(items, KeyResult, "Удержание D30").id == "uderzhanie-d30"
    with pytest.raises(ValueError, match="taken"):
        ranks.add_item(items, KeyResult, "Other", id="retention-d30")
    with pytest.raises(ValueError, match="not an id"):
        ranks.add_item(items, KeyResult, "Other", id="Retention D30")
    assert list(items) == ["retention-d30", "uderzhanie-d30"]


def test_a_reference_typed_as_an_id_or_a_title_fragment_resolves():
    from okrboard.domain import links

    board = load_board(SAMPLE)
    same = "2026-Q4/company/self-serve"
    assert links.resolve(board, "objective", same) == same
    assert links.resolve(board, "objective", "self-serve", "2026-Q4") == same
    assert links.resolve(board, "objective", "company/self-serve", "2026-Q4") == same
    assert links.resolve(board, "objective", "engine of our GROWTH", "2026-Q4") == same
    rate = links.resolve(board, "key_result", "activation-rate", "2026-Q4")
    assert rate == "2026-Q4/growth/activation/activation-rate"
    assert links.resolve(board, "objective", "nothing like it") == "nothing like it"
    assert links.resolve(board, "key_result", "Raise", "2026-Q4") == "Raise"  # many fit
    assert ("2026-Q4/company/self-serve", "Make self-serve the engine of our growth") in (
        links.targets(board, "objective")
    )


def test_a_tree_a_team_and_the_boards_settings_from_values(tmp_path):
    import datetime as dt
    import shutil

    from okrboard.files.session import Session

    root = tmp_path / "board"
    shutil.copytree(SAMPLE, root)
    session = Session(load_board(root))
    kr = "2026-Q4/core/reliable/uptime"
    values = {"title": "Why teams lose work", "outcome": kr, "team": "core",
              "owner": "Tomás Rivera", "created": dt.date(2026, 11, 22)}  # fmt: skip
    session.edit(lambda b: edits.new_tree(b, values)[0], "new tree")
    text = (root / "trees/why-teams-lose-work.toml").read_text()
    assert text.startswith('[tree]\ntitle = "Why teams lose work"\n')
    assert f'outcome = "{kr}"' in text
    session.edit(lambda b: edits.new_team(b, {"name": "Платформа", "lead": "Ада"})[0], "team")
    board = load_board(root)
    assert board.teams["platforma"].name == "Платформа" and board.teams["platforma"].rank
    session.edit(lambda b: edits.set_settings(b, {"stale_days": 10}), "settings")
    session.edit(lambda b: edits.set_coach(b, {"max_objectives": 4}), "coach")
    board = load_board(root)
    assert (board.settings.stale_after, board.coach.max_objectives) == (10, 4)
    assert board.problems == []
    with pytest.raises(ValueError, match="taken"):
        edits.new_team(board, {"name": "Growth again", "id": "growth"})
