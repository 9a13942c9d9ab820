"""Problems and coach findings in the formats CI services read: GitHub Actions workflow
commands (annotations on the pull request's lines) and GitLab's code-quality report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from okrboard.domain.text import printable, safe_json

# GitHub's three annotation levels, and GitLab's code-quality severities.
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


@dataclass(frozen=True)
class Note:
    """One thing to annotate: where it is (``path`` from the repository's root), what it
    is (``title``: a rule or the key), and how bad."""

    path: str
    line: int | None
    title: str
    message: str
    severity: str  # error, warning or info
    check: str  # the tool's name for it: okrboard/check, okrboard/KR003


def _data(text: str) -> str:
    # A workflow command's message: newlines and % escaped, as GitHub's toolkit does.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github(notes: Iterable[Note]) -> str:
    """One workflow command per note: ``::error file=…,line=…,title=…::message``."""
    lines = []
    for note in notes:
        props = [f"file={_property(note.path)}"]
        if note.line is not None:
            props.append(f"line={note.line}")
        props.append(f"title={_property(note.title)}")
        level = GITHUB_LEVEL.get(note.severity, "error")
        lines.append(f"::{level} {','.join(props)}::{_data(note.message)}")
    return printable("\n".join(lines), newlines=True)  # no escape sequence reaches the log


def gitlab(notes: Iterable[Note]) -> str:
    """GitLab's code-quality report: a JSON array, one object per note. The fingerprint
    leaves the line out, so a note that only moves is not reported as new."""
    report = []
    for note in notes:
        identity = "\0".join((note.check, note.path, note.title, note.message))
        report.append(
            {
                "description": f"{note.title}: {note.message}",
                "check_name": note.check,
                "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                "severity": GITLAB_SEVERITY.get(note.severity, "major"),
                "location": {"path": note.path, "lines": {"begin": note.line or 1}},
            }
        )
    return safe_json(report)
