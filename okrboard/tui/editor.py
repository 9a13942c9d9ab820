"""Long text in the user's own editor ($VISUAL, $EDITOR, else vi), the terminal handed
over while it runs."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported


class EditorFailed(Exception):
    """The editor could not run, or exited with an error: nothing to save."""


def edit_in_editor(app: App, text: str) -> str:
    """``text`` as the user left it in their editor; EditorFailed when it could not run or
    did not exit cleanly."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="okrboard-") as folder:
        path = Path(folder) / "text.md"
        path.write_text(text, encoding="utf-8")
        try:
            try:
                with app.suspend():
                    done = subprocess.run([*shlex.split(command), str(path)], check=False)
            except SuspendNotSupported:  # no terminal to hand over (tests, web)
                done = subprocess.run([*shlex.split(command), str(path)], check=False)
        except (OSError, ValueError) as exc:  # no such editor, or a malformed $EDITOR
            raise EditorFailed(f"Could not run the editor {command!r}: {exc}") from exc
        if done.returncode != 0:
            raise EditorFailed(f"The editor exited with {done.returncode}; nothing saved.")
        return path.read_text(encoding="utf-8")
