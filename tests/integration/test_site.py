"""Everyone can see the plan: the static site (escaped, public, every link whole) rendered
in a real headless Chromium, and the app served in the browser by textual-serve."""

from __future__ import annotations

import asyncio
import html.parser
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from okrboard.cli import main
from okrboard.domain import roadmap
from okrboard.files.load import load_board
from tests.helpers import start_serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no chromium on this machine"
)  # CI installs it (.ci/run), so there a missing browser fails instead


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory, demo_master):
    out = tmp_path_factory.mktemp("site") / "public"
    assert main(["-C", str(demo_master), "export", "html", str(out), "--public"]) == 0
    return out


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.headings: list[str] = []
        self.external: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href", ""))
        for key in ("src", "href"):
            if str(attrs.get(key, "")).startswith(("http:", "https:", "//")):
                self.external.append(attrs[key])
        if tag in ("h1", "h2"):
            self._in = tag

    def handle_data(self, data):
        if self._in:
            self.headings.append(data)
            self._in = None


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_the_public_site_has_every_page_and_no_internal_card(demo_site, demo_master):
    pages = sorted(p.name for p in demo_site.glob("*.html"))
    assert "index.html" in pages and "roadmap.html" in pages and "team-growth.html" in pages
    internal = roadmap.internal_cards(load_board(demo_master))
    assert "Sales-assist for large trials" in internal.values()
    for page in demo_site.iterdir():
        text = page.read_text(encoding="utf-8")
        assert not [item for item in (*internal, *internal.values()) if item in text], page.name
    for page in demo_site.glob("*.html"):
        links = parsed(page)
        assert links.external == [], page.name  # no asset or link off the site
        for href in links.hrefs:
            assert (demo_site / href).is_file(), (page.name, href)  # no broken internal link
    assert parsed(demo_site / "roadmap.html").headings[1:] == ["Now", "Next", "Later"]


def test_the_full_site_keeps_internal_cards_and_owners_may_be_left_out(tmp_path, demo_master):
    out = tmp_path / "site"
    args = ["-C", str(demo_master), "export", "html", str(out)]
    assert main([*args, "--no-owners", "--no-confidence"]) == 0
    assert "Sales-assist for large trials" in (out / "roadmap.html").read_text()
    team = (out / "team-growth.html").read_text()
    assert "Maya Chen" not in team and "Confidence" not in team
    assert main(args) == 0  # an okrboard site is written again in place
    assert "Maya Chen" in (out / "team-growth.html").read_text()
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    (elsewhere / "mine.txt").write_text("keep me")
    assert main(["-C", str(demo_master), "export", "html", str(elsewhere)]) == 2
    assert (elsewhere / "mine.txt").read_text() == "keep me"  # never written over


def test_text_from_the_board_is_escaped_on_every_page(tmp_path):
    from tests.helpers import make_board

    hostile = '<script>alert("x")</script>'
    okrs = (
        f"[objectives.o]\ntitle = {json.dumps(hostile)}\n\n[objectives.o.key_results.k]\n"
        f'title = "<img src=x onerror=alert(1)>"\nbaseline = 0\ntarget = 10\n'
        'checkins = [{ date = 2026-07-10, value = 3, note = "</td><script>bad()</script>" }]\n'
    )
    root = make_board(tmp_path / "b", {"okrs/2026-Q3/growth.toml": okrs})
    out = tmp_path / "site"
    assert main(["-C", str(root), "export", "html", str(out)]) == 0
    for page in out.glob("*.html"):
        text = page.read_text()
        assert "<script" not in text and "<img" not in text, page.name
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        in (out / "team-growth.html").read_text()
    )


def test_report_public_leaves_internal_cards_out(demo_master, capsys):
    internal = roadmap.internal_cards(load_board(demo_master))
    assert main(["-C", str(demo_master), "report", "2026-Q4"]) == 0
    text = capsys.readouterr().out
    assert "- Sales-assist for large trials: moved later -> next" in text
    assert "roadmap/growth/partner-webinars" in text  # the coach's MAP001 names it
    assert main(["-C", str(demo_master), "report", "2026-Q4", "--public"]) == 0
    text = capsys.readouterr().out
    assert not [item for item in (*internal, *internal.values()) if item in text]
    assert "## Roadmap changes" in text


# -- in a real browser ------------------------------------------------------------------------

BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]  # fmt: skip


def chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    command = [CHROMIUM or "chromium", *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@needs_chromium
def test_chromium_renders_every_page_without_a_console_error(demo_site, tmp_path):
    for page in sorted(demo_site.glob("*.html")):
        done = chromium(tmp_path, page.as_uri(), "--dump-dom")
        assert done.returncode == 0, done.stderr[-2000:]
        errors = [
            line
            for line in done.stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line
        ]
        assert errors == [], (page.name, errors)
        assert "<main>" in done.stdout and "</html>" in done.stdout, page.name
    shot = tmp_path / "roadmap.png"
    done = chromium(
        tmp_path,
        (demo_site / "roadmap.html").as_uri(),
        "--window-size=390,844",
        f"--screenshot={shot}",
    )  # fmt: skip  (a phone's width)
    assert shot.stat().st_size > 10_000, done.stderr[-2000:]


# -- the app in a browser ----------------------------------------------------------------------


async def board_name_over_websocket(address: str, name: str) -> str:
    """What the served app shows over its websocket until ``name`` appears (or a minute
    passes), asked as the browser does: the page first (its cookie), then the websocket
    from the page's own origin."""
    import aiohttp

    seen = ""
    origin = address.split("/?")[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(address) as page:
            assert page.status == 200
        async with session.ws_connect(f"{origin}/ws", origin=origin) as ws:
            await ws.send_json(["resize", {"width": 120, "height": 40}])
            deadline = time.monotonic() + 60
            while name not in seen and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=5)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data.decode("utf-8", "replace")
                elif message.type == aiohttp.WSMsgType.TEXT:
                    seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return seen


def test_serve_answers_on_localhost_and_a_session_shows_the_board(tmp_path, demo_master):
    server, address = start_serve(demo_master)
    try:
        import urllib.request

        with urllib.request.urlopen(address, timeout=10) as answer:
            page = answer.read().decode()
        assert "textual" in page.lower()
        seen = asyncio.run(board_name_over_websocket(address, "Fieldnote Product"))
        assert "Fieldnote Product" in seen
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert "read-only, as of HEAD" in err and "token" in err


def test_the_site_writes_numbers_and_results_as_the_app_does(demo_site):
    """ "44.1k / 60k views" as in the app (it said "44100 views"), and a milestone's
    result in words ("done", not "1 launched / 1 launched")."""
    page = (demo_site / "team-growth.html").read_text(encoding="utf-8")
    assert "44.1k / 60k views" in page and "44100" not in page
    assert "launched / 1 launched" not in page and '<td class="num">done</td>' in page


MEASURE = """<script>
const widths = [...document.querySelectorAll("main table")]
  .filter(t => t.querySelector("th")?.textContent === "Key result")
  .map(t => [...t.querySelectorAll("thead th")].map(th => Math.round(th.offsetWidth)).join(","));
document.body.setAttribute("data-widths", JSON.stringify(widths));
</script></body>"""


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])  # a laptop and a phone
def test_every_objectives_table_has_the_same_columns_in_chromium(demo_site, tmp_path, width):
    """One column width per table kind: the columns do not change width from one
    objective's table to the next (measured by the browser, at a laptop's and a phone's
    width)."""
    page = tmp_path / "measured.html"
    html_text = (demo_site / "team-growth.html").read_text(encoding="utf-8")
    page.write_text(html_text.replace("</body>", MEASURE), encoding="utf-8")
    done = chromium(tmp_path, page.as_uri(), f"--window-size={width},900", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-widths="([^"]*)"', done.stdout)
    assert found, done.stdout[-2000:]
    widths = json.loads(html.unescape(found[1]))
    assert len(widths) >= 2 and len(set(widths)) == 1, widths
