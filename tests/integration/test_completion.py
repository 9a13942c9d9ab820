"""okrboard completion: the scripts, sourced in the real shells and asked to complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrboard.cli.completion import SHELLS


def _script(shell: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "completion", shell], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:  # .ci/run installs bash, zsh and fish
        pytest.skip(f"{shell} is not installed")
    return path


def _bash(tmp_path, *words: str) -> list[str]:
    script = tmp_path / "okrboard.bash"
    script.write_text(_script("bash"))
    quoted = " ".join(f"'{w}'" for w in words)
    command = (
        f"source {script}; COMP_WORDS=(okrboard {quoted}); COMP_CWORD={len(words)}; "
        '_okrboard; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        [_need("bash"), "-c", command], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_commands_options_and_choices(tmp_path):
    (tmp_path / "okrs").mkdir()
    assert {"check", "checkin"} <= set(_bash(tmp_path, "ch"))
    assert "completion" in _bash(tmp_path, "")
    assert _bash(tmp_path, "check", "--format", "") == ["text", "json", "github", "gitlab"]
    assert _bash(tmp_path, "lint", "--fail-on", "w") == ["warning"]
    assert "--max-count" in _bash(tmp_path, "log", "--")
    assert _bash(tmp_path, "-C", "ok") == ["okrs"]  # a folder after -C
    assert "--format" in _bash(tmp_path, "-C", "okrs", "check", "--f")  # -C's folder skipped
    assert _bash(tmp_path, "completion", "z") == ["zsh"]


def test_zsh_registers_the_completion():
    command = (
        "autoload -U compinit && compinit -u; source <(okrboard completion zsh); "
        "print -r -- ${_comps[okrboard]}"
    )
    bin_dir = str(Path(sys.executable).parent)
    done = subprocess.run(
        [_need("zsh"), "-fc", f"PATH={bin_dir}:$PATH; {command}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "_okrboard" in done.stdout


def test_fish_completes_commands_options_and_choices(tmp_path):
    script = tmp_path / "okrboard.fish"
    script.write_text(_script("fish"))

    def complete(line: str) -> list[str]:
        command = f"source {script}; complete -C '{line}'"
        done = subprocess.run([_need("fish"), "-c", command], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert {"check", "checkin"} <= set(complete("okrboard ch"))
    assert complete("okrboard check --format ") == ["github", "gitlab", "json", "text"]
    assert "--max-count" in complete("okrboard log --")
    assert complete("okrboard completion ") == ["bash", "fish", "zsh"]


@pytest.mark.parametrize("shell", SHELLS)
def test_scripts_parse_in_their_shell(tmp_path, shell):
    script = tmp_path / f"okrboard.{shell}"
    script.write_text(_script(shell))
    done = subprocess.run([_need(shell), "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
