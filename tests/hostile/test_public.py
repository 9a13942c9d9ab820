"""Public means public: ``--public`` leaves out, on every page and in every JSON written,
owners (and leads and check-in authors), confidence, check-in notes and blockers, why a
target moved, tracker links, metric sources and internal cards; ``--show-owners`` and
``--show-confidence`` bring the first two back. Checked by grepping every file written
for every such value the board holds."""

from __future__ import annotations

import json
import re

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board


def secrets_of(root) -> dict[str, set[str]]:
    """Every private value on the board, by kind."""
    board = load_board(root)
    found: dict[str, set[str]] = {"owners": set(), "notes": set(), "internal": set()}
    people = found["owners"]
    people |= {t.lead for t in board.teams.values() if t.lead}
    for _, _, kr in board.iter_key_results():
        people |= {kr.owner} if kr.owner else set()
        for c in kr.checkins or ():
            found["notes"] |= {t for t in (c.note, c.blockers) if t and len(t) > 12}
            people |= {c.author} if c.author else set()
        found["notes"] |= {kr.target_reason} if kr.target_reason else set()
    for tq in board.okrs.values():
        people |= {o.owner for o in tq.objectives.values() if o.owner}
    for plan in board.roadmaps.values():
        for theme in plan.themes.values():
            people |= {theme.owner} if theme.owner else set()
            if theme.visibility == "internal":
                found["internal"].add(theme.label)
    for _, kpi in board.iter_kpis():
        people |= {kpi.owner} if kpi.owner else set()
    people.discard("okrboard")  # measure's check-ins: not a person
    return found


# "6/10", a Confidence column (a page's or the report's), a JSON value that is not null
CONFIDENCE = re.compile(r'\b(?:10|[1-9])/10\b|>Confidence<|\| Confidence|"confidence": [\[0-9]')


def leaks(text: str, secrets: dict[str, set[str]], owners: bool, confidence: bool) -> list[str]:
    found = [s for s in secrets["notes"] | secrets["internal"] if s in text]
    found += [] if owners else [s for s in secrets["owners"] if s in text]
    found += [] if confidence else CONFIDENCE.findall(text)[:3]
    return found


@pytest.mark.parametrize(("flags", "owners", "confidence"), [
    ([], False, False), (["--show-owners", "--show-confidence"], True, True),
])  # fmt: skip
def test_every_page_of_a_public_site_holds_nothing_private(
    tmp_path, demo_master, flags, owners, confidence
):
    secrets = secrets_of(demo_master)
    assert secrets["owners"] and secrets["notes"] and secrets["internal"]  # the test can fail
    out = tmp_path / "site"
    assert main(["-C", str(demo_master), "export", "html", str(out), "--public", *flags]) == 0
    pages = {p.name: p.read_text() for p in out.iterdir() if p.suffix == ".html"}
    assert "changes.html" in pages and "report.html" in pages
    for name, text in pages.items():
        assert not leaks(text, secrets, owners, confidence), (name, leaks(text, secrets, owners,
                                                                          confidence))  # fmt: skip
    every = "".join(pages.values())
    assert any(s in every for s in secrets["owners"]) == owners  # shown again when asked


def test_a_public_report_in_markdown_and_json_holds_nothing_private(demo_master, capsys):
    secrets = secrets_of(demo_master)
    for fmt in ("markdown", "json"):
        assert main(["-C", str(demo_master), "report", "2026-Q4", "--public", "--format", fmt]) == 0
        text = capsys.readouterr().out
        if fmt == "json":
            json.loads(text)
        assert not leaks(text, secrets, False, False), (fmt, leaks(text, secrets, False, False))
    # and the same report, not public, holds them: the check above can fail
    assert main(["-C", str(demo_master), "report", "2026-Q4"]) == 0
    assert leaks(capsys.readouterr().out, secrets, False, False)
