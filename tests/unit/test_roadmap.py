"""The roadmap's rules, without the UI."""

from __future__ import annotations

from okrboard.domain import roadmap
from okrboard.domain.model import Roadmap, RoadmapTheme
from okrboard.files.load import load_board
from tests.helpers import SAMPLE


def test_columns_filters_and_flags():
    board = load_board(SAMPLE)
    cols = roadmap.columns(board)
    assert list(cols) == ["now", "next", "later"]
    assert [c.theme.id for c in cols["now"]][:2] == ["guided-setup", "pricing-clarity"]
    assert list(roadmap.columns(board, show_all=True)) == list(roadmap.ALL)
    public = roadmap.columns(board, public=True)
    assert all(c.theme.visibility != "internal" for col in public.values() for c in col)
    growth = roadmap.columns(board, team="growth")
    assert {c.team for col in growth.values() for c in col} == {"growth"}
    tagged = roadmap.columns(board, text="#onboarding".strip("#"))
    assert {c.theme.id for col in tagged.values() for c in col} == {
        "guided-setup",
        "localised-onboarding",
    }
    serving = roadmap.columns(board, serving="2026-Q4/growth/activation/activation-rate")
    assert {c.theme.id for col in serving.values() for c in col} == {
        "guided-setup",
        "invite-moments",
    }


def test_gaps_between_roadmap_and_okrs():
    board = load_board(SAMPLE)
    assert [c.theme.id for c in roadmap.now_without_kr(board)] == ["partner-webinars"]
    uncovered = roadmap.krs_without_card(board, "2026-Q4")
    assert "2026-Q4/growth/activation/activation-rate" not in uncovered
    assert "2026-Q4/company/teams-stay/nrr" in uncovered
    text = roadmap.gaps_text(board)
    assert text.startswith("⚠ 1 Now card serves no key result (Partner webinar series)")
    assert f"{len(uncovered)} KRs of 2026-Q4 have no card in Now or Next" in text


def test_moves_between_horizons():
    theme = RoadmapTheme(id="t", horizon="next")
    assert roadmap.move_horizon(theme, -1) and theme.horizon == "now"
    assert not roadmap.move_horizon(theme, -1) and theme.horizon == "now"
    assert roadmap.next_horizon("later", 1, roadmap.MAIN) is None
    assert roadmap.next_horizon("later", 1) == "done"


def test_add_theme_ranks_last_in_its_column():
    rm = Roadmap(team="growth")
    rm.themes["a"] = RoadmapTheme(id="a", horizon="now", rank=10)
    rm.themes["b"] = RoadmapTheme(id="b", horizon="next", rank=50)
    theme = roadmap.add_theme(rm, "Guided setup", "now", owner="Maya")
    assert (theme.id, theme.rank, theme.owner) == ("guided-setup", 20, "Maya")


def test_impact_in_the_krs_unit():
    board = load_board(SAMPLE)
    assert roadmap.impact_text(board, "2026-Q4/growth/activation/activation-rate", 5) == "+5 %"
    ref = "2026-Q4/core/reliable/data-loss-tickets"
    assert roadmap.impact_text(board, ref, -25) == "-25 tickets/mo"
