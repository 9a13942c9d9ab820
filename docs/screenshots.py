"""Make the README's screenshots from the demo, as of the sample's own day.

    python docs/screenshots.py            # writes docs/screenshot-*.svg (and -site.png)

A test makes the SVGs again and fails when the committed ones are out of date. The
exported site's screenshot is a PNG from headless Chromium, made when it is installed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))  # run from a checkout, installed or not

# file -> the keys that show its screen, from the OKR view
SHOTS = {"screenshot-okrs.svg": (), "screenshot-roadmap.svg": ("2", "t")}
SIZE = (120, 40)


async def _shot(root: Path, keys: tuple[str, ...]) -> str:
    from okrboard.create.shift import SAMPLE_DAY
    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig

    board = load_board(root, today=SAMPLE_DAY)
    app = OkrBoardApp(board, today=SAMPLE_DAY, config=UserConfig(), watch_git=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        for _ in range(200):  # the detail pane follows the cursor once it rests
            await pilot.pause(0.02)
            if _settled(app):
                break
        return app.export_screenshot(title="okrboard")


def _settled(app) -> bool:
    from okrboard.tui.screens.detail import DetailPane
    from okrboard.tui.screens.okrs import OkrScreen

    screen = app.screen
    if app.typing_ahead:  # a key pressed is still to be handed out
        return False
    if getattr(screen, "_detail_timer", None) is not None:  # the detail follows the cursor
        return False
    if isinstance(screen, OkrScreen):
        return screen.query_one(DetailPane).shown is screen.row
    from okrboard.tui.workers import background

    return not background(app.workers)


def make(out: Path = DOCS, site: bool = True) -> list[Path]:
    """Write every screenshot into ``out`` (``site``: the site's too); the files written."""
    from okrboard.create.demo import create_demo
    from okrboard.create.shift import SAMPLE_DAY

    written = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "demo"
        create_demo(root, today=SAMPLE_DAY)
        for name, keys in SHOTS.items():
            path = out / name
            path.write_text(asyncio.run(_shot(root, keys)), encoding="utf-8")
            written.append(path)
        if site and (shot := _site_shot(root, out / SITE_SHOT)):
            written.append(shot)
    return written


SITE_SHOT = "screenshot-site.png"


def _site_shot(root: Path, path: Path) -> Path | None:
    """The public site's overview of a team, as headless Chromium draws it; None without
    Chromium."""
    import shutil
    import subprocess

    from okrboard.cli import main

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    site = root.parent / "site"
    main(["-C", str(root), "export", "html", str(site), "--public"])
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
             f"--user-data-dir={root.parent / 'profile'}", "--window-size=1000,720",
             f"--screenshot={path}", (site / "team-growth.html").as_uri()]  # fmt: skip
    subprocess.run([browser, *flags], capture_output=True, check=True, timeout=120)
    return path


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(f"wrote {path}")
