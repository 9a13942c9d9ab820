"""Showing text from board files safely: what a file says is shown, never obeyed."""

from __future__ import annotations

import re

# C0/C1 controls (escape sequences start with ESC or CSI), DEL, and the bidi controls that
# can make text read differently from what it is (trojan-source style).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, newlines: bool = False) -> str:
    """``text`` on one line (or keeping its lines, with ``newlines``), every control
    character shown as a visible escape (``\\x1b``)."""
    if newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text.replace("\n", "\\n").replace("\t", " "))


def lines(text: str) -> list[str]:
    """``text``'s lines, split at newlines only: ``str.splitlines`` also splits at ``\r``
    and other controls, so a title holding one would forge a line of output."""
    if not text:
        return []
    return text.removesuffix("\n").split("\n")


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe_json(data: object) -> str:
    """``data`` as indented JSON, UTF-8 as it is, but no control or bidi character left raw
    (JSON itself escapes only those below U+0020): a terminal or page shows it literally."""
    # lazy: only commands that print JSON need it
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def count(number: int, noun: str) -> str:
    """A number and its noun, singular or plural: ``1 error``, ``3 errors``, ``0 commits``.
    The one place for plurals in messages."""
    return f"{number} {noun}{'s' * (number != 1)}"


def named(title: str, width: int = 48) -> str:
    """A title quoted for a message, on one line and cut at a word to ``width``:
    ``“Cut support load for teams …”``."""
    text = printable(title)
    if len(text) > width:
        text = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f"“{text}”"
