"""Text from board files and from git is shown, never obeyed: Rich markup, ANSI and OSC
escape sequences, control characters and bidi overrides in every text field reach neither
the terminal nor a command's output as anything but visible characters."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import tomlkit

from okrboard.cli import main
from tests.helpers import SAMPLE, git, make_app, screen_text, workers_done

# Markup, a clear-screen, an OSC 52 clipboard write, an OSC 8 link, a C1 CSI, a bell,
# a carriage return and a right-to-left override.
PAYLOAD = (
    " [bold red]b[/] [link=https://evil.example]l[/link] \x1b[2J\x1b]52;c;aGk=\x07"
    "\x1b]8;;https://evil.example\x1b\\x\x9b31m\x07\r\u202eevil"
)
FREE_TEXT = {
    "name", "lead", "title", "description", "owner", "retro", "unit", "note", "blockers",
    "author", "learnings", "problem", "hypothesis", "segment", "success_criteria", "tags",
}  # fmt: skip
# What no screen and no output may hold: C0 and C1 controls but newline, DEL, bidi controls.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
KR = "2026-Q4/growth/activation/activation-rate"


def poison(item) -> None:
    """Add the payload to every free-text value of a tomlkit container, in place."""
    for key, value in list(item.items()):
        if key in FREE_TEXT and isinstance(value, str):
            item[key] = value + PAYLOAD
        elif key in FREE_TEXT and isinstance(value, list):
            item[key] = [f"{v}{PAYLOAD}" if isinstance(v, str) else v for v in value]
        elif isinstance(value, dict):
            poison(value)
        elif isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    poison(entry)


@pytest.fixture
def hostile(tmp_path) -> Path:
    """The sample board with the payload in every text field, an unknown key and a bad id
    made of it too, committed by an author whose name and message carry it."""
    root = tmp_path / "board"
    shutil.copytree(SAMPLE, root)
    for path in root.rglob("*.toml"):
        doc = tomlkit.parse(path.read_text())
        poison(doc)
        path.write_text(doc.as_string())
    okr = root / "okrs/2026-Q4/growth.toml"
    okr.write_text(
        okr.read_text()
        + '\n[objectives."bad\\u001b[31mid"]\ntitle = "x"\n"key\\u001b]0;t\\u0007" = 1\n'
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    name = "Eve" + PAYLOAD.replace("\x00", "")
    git(root, "-c", f"user.name={name}", "commit", "-q", "-m", "plan" + PAYLOAD)
    okr.write_text(okr.read_text().replace("target = 50", "target = 55", 1))
    return root


async def visit(pilot, keys: tuple[str, ...]) -> str:
    for key in keys:
        await pilot.press(key)
        await pilot.pause(0.1)
    await workers_done(pilot.app)
    await pilot.pause(0.3)
    return screen_text(pilot.app)


# Every screen: (what to press from the OKR view, a literal bit it must show)
SCREENS = {
    "okrs and detail": ((), "[bold red]b[/]"),
    "check-in form": (("c",), "[bold red]b[/]"),
    "edit form": (("enter",), "[bold red]b[/]"),
    "problems": (("p",), "\\x1b"),
    "coach": (("C",), "[bold red]b[/]"),
    "history": (("h",), "[bold red]b[/]"),
    "roadmap": (("2",), "[bold red]b[/]"),
    "card form": (("2", "enter"), "[bold red]b[/]"),
    "trees": (("3",), "[bold red]b[/]"),
    "changes": (("4",), "target"),
    "alignment": (("5",), "[bold red]b[/]"),
    "time travel": (("ctrl+t",), "[bold red]b[/]"),
    "close quarter": (("Q",), "[bold red]b[/]"),
}


@pytest.mark.parametrize("name", SCREENS)
async def test_every_screen_shows_hostile_text_literally(hostile, name):
    keys, literal = SCREENS[name]
    app = make_app(hostile)
    async with app.run_test(size=(160, 50)) as pilot:
        app.screen.select_ref(KR)
        before = await visit(pilot, ())
        text = await visit(pilot, keys)
        assert text != before or not keys, f"{keys} showed nothing new"
        assert not UNSAFE.findall(text), sorted(set(UNSAFE.findall(text)))
        assert literal in text


COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "github"],
    ["check", "--format", "gitlab"],
    ["lint"],
    ["lint", "--format", "github"],
    ["lint", "--format", "json"],
    ["diff", "--format", "json"],
    ["report", "2026-Q4"],
    ["report", "2026-Q4", "--format", "json"],
    ["diff"],
    ["diff", "--format", "markdown"],
    ["log"],
    ["log", KR],
    ["checkin", KR, "47", "--note", "ok" + PAYLOAD],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:3]))
def test_every_command_prints_hostile_text_literally(hostile, args, capsys):
    where = [str(hostile)] if args[0] in ("check", "lint") else ["--dir", str(hostile)]
    main([*args, *where])
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert not UNSAFE.findall(stream), sorted(set(UNSAFE.findall(stream)))
    assert out.out.strip()


async def test_a_message_quoting_a_file_is_shown_literally(hostile):
    """Messages quote file names, ids and git's words: never read as markup."""
    app = make_app(hostile)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        app.screen.notify("Saved:" + PAYLOAD, severity="error")
        for _ in range(100):  # the toast is drawn within a few frames, later on a busy machine
            await pilot.pause(0.05)
            text = screen_text(app)
            if "Saved:" in text:
                break
        assert "Saved: [bold red]b[/]" in text
        assert not UNSAFE.findall(text)
