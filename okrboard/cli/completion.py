"""okrboard completion bash|zsh|fish: shell completion written from the parser itself, so
every command, option and choice the parser knows completes, and nothing else."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass

SHELLS = ("bash", "zsh", "fish")
# Options that take a folder or a file: the shell completes paths after them.
PATHS = {"-C", "--dir", "-o", "--output"}


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    choices: tuple[str, ...] = ()
    takes_value: bool = False


def _options(parser: argparse.ArgumentParser) -> list[Option]:
    found = []
    for action in parser._actions:  # argparse has no public list of a parser's options
        if not action.option_strings:
            continue
        choices = tuple(str(c) for c in action.choices or ())
        found.append(
            Option(tuple(action.option_strings), action.help or "", choices, action.nargs != 0)
        )
    return found


def _positional_choices(parser: argparse.ArgumentParser) -> list[str]:
    """What a command's arguments can be, when the parser lists it (completion's shells)."""
    return [str(c) for a in parser._actions if not a.option_strings for c in a.choices or ()]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a.help or "" for a in sub._choices_actions}


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell``, to be sourced (docs/cli.md says where)."""
    if shell == "fish":
        return _fish(parser)
    bash = _bash(parser)
    if shell == "zsh":  # zsh runs bash's completion functions through bashcompinit
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash


def _words(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


def _bash(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    top = [f for o in _options(parser) for f in o.flags]
    choice_cases, option_cases = [], []
    for name, sub in commands.items():
        options = _options(sub)
        flags = [f for o in options for f in o.flags]
        option_cases.append(f"    {name}) words={_words(_positional_choices(sub) + flags)} ;;")
        for option in options:
            if option.choices:
                pattern = "|".join(f"{name}:{f}" for f in option.flags)
                choice_cases.append(
                    f"    {pattern}) COMPREPLY=($(compgen -W {_words(list(option.choices))} "
                    '-- "$cur")); return ;;'
                )
    paths = "|".join(sorted(PATHS))
    return f"""# okrboard completion for bash (okrboard completion bash)
_okrboard() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local cmd="" i words
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in
      -C) ((i++)) ;;
      -*) ;;
      *) cmd="${{COMP_WORDS[i]}}"; break ;;
    esac
  done
  case "$cmd:$prev" in
{chr(10).join(choice_cases)}
  esac
  case "$prev" in
    {paths}) COMPREPLY=($(compgen -d -- "$cur")); return ;;
  esac
  case "$cmd" in
    "") words={_words([*commands, *top])} ;;
{chr(10).join(option_cases)}
    *) words="" ;;
  esac
  if [[ -z "$cmd" || "$cur" == -* || "$cmd" == completion ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  if [[ "$cur" != -* ]]; then
    COMPREPLY+=($(compgen -d -- "$cur"))
  fi
}}
complete -F _okrboard okrboard
"""


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    helps = _helps(parser)
    lines = ["# okrboard completion for fish (okrboard completion fish)", "complete -c okrboard -e"]
    for name in commands:
        described = helps.get(name, "").split(";")[0][:60]
        lines.append(
            f"complete -c okrboard -n __fish_use_subcommand -f -a {name} -d {_fish_text(described)}"
        )
    for option in _options(parser):
        lines.append(_fish_option(option, "__fish_use_subcommand"))
    for name, sub in commands.items():
        if choices := _positional_choices(sub):
            seen = f"'__fish_seen_subcommand_from {name}'"
            lines.append(f"complete -c okrboard -n {seen} -f -a {_fish_text(' '.join(choices))}")
        for option in _options(sub):
            lines.append(_fish_option(option, f"'__fish_seen_subcommand_from {name}'"))
    return "\n".join(lines) + "\n"


def _fish_option(option: Option, condition: str) -> str:
    parts = ["complete -c okrboard", f"-n {condition}"]
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        else:
            parts.append(f"-s {flag[1:]}")
    if option.choices:
        parts.append(f"-x -a {_fish_text(' '.join(option.choices))}")
    elif option.takes_value and not set(option.flags) & PATHS:
        parts.append("-x")
    elif option.takes_value:
        parts.append("-r -F")
    parts.append(f"-d {_fish_text(option.help.split(';')[0][:60])}")
    return " ".join(parts)
