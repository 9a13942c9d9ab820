"""The detail pane follows links both ways: what an objective is aligned from, what
contributes to a KR, and the roadmap themes of each; the links followed backwards are
worked out once per board version, never stale after a change."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import (
    committed,
    detail_text,
    make_app,
    make_board,
    okr_screen,
    select,
    workers_done,
)

BOARD = """\
[board]
name = "Доска продукта"
current_quarter = "2026-Q4"

[teams.company]
name = "Компания"
rank = 1

[teams.growth]
name = "Рост"
rank = 2
"""

COMPANY = """\
[objectives.trust]
title = "Клиенты доверяют нам важную работу"

[objectives.trust.key_results.retention]
title = "Удержание выше 90%"
unit = "%"
baseline = 85
target = 90
"""

GROWTH = """\
[objectives.activation]
title = "Новые команды быстро получают пользу"
aligns_to = ["2026-Q4/company/trust"]

[objectives.activation.key_results.setup]
title = "Первый проект за один день"
unit = "%"
baseline = 20
target = 40
contributes_to = ["2026-Q4/company/trust/retention"]
"""

ROADMAP = """\
[themes.guided-setup]
title = "Пошаговый первый проект"
horizon = "now"
key_results = ["2026-Q4/company/trust/retention"]
"""


def links_board(root: Path) -> Path:
    make_board(
        root,
        {
            "board.toml": BOARD,
            "okrs/2026-Q4/company.toml": COMPANY,
            "okrs/2026-Q4/growth.toml": GROWTH,
            "roadmaps/company.toml": ROADMAP,
        },
    )
    return committed(root)


async def test_the_detail_follows_links_both_ways_and_after_a_change(tmp_path):
    root = links_board(tmp_path / "board")
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/company/trust")
        detail = detail_text(app)
        assert "Aligned from" in detail
        assert "Новые команды быстро получают пользу" in detail
        # an objective's themes: those of its KRs too
        assert "Roadmap themes" in detail and "Пошаговый первый проект" in detail

        await select(pilot, "2026-Q4/company/trust/retention")
        detail = detail_text(app)
        assert "Contributions from" in detail and "Первый проект за один день" in detail
        assert "Пошаговый первый проект" in detail

        # the link goes, and a theme comes: the pane says so at the next move
        (root / "okrs/2026-Q4/growth.toml").write_text(
            GROWTH.replace('contributes_to = ["2026-Q4/company/trust/retention"]\n', ""),
            encoding="utf-8",
        )
        (root / "roadmaps/company.toml").write_text(
            ROADMAP + '\n[themes.trust-center]\ntitle = "Центр доверия"\nhorizon = "next"\n'
            'key_results = ["2026-Q4/company/trust/retention"]\n',
            encoding="utf-8",
        )
        okr_screen(app).check_disk()  # the disk watch, now
        await workers_done(app)
        await select(pilot, "2026-Q4/company/trust")
        await select(pilot, "2026-Q4/company/trust/retention")
        detail = detail_text(app)
        assert "Contributions from" not in detail
        assert "Первый проект за один день" not in detail
        assert "Пошаговый первый проект" in detail and "Центр доверия" in detail
