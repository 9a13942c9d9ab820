"""okrboard completion bash|zsh|fish: shell completion written from the parser itself, so
every command, option and choice the parser knows completes, and nothing else."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from typing import Any

SHELLS = ("bash", "zsh", "fish")
# Options that take a folder or a file: the shell completes paths after them.
PATHS = {"-C", "--dir", "-o", "--output"}


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    choices: tuple[str, ...] = ()
    takes_value: bool = False


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that keeps what it is given (argparse has no public list of a
    parser's options or commands), so completion is written from the parser itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.arguments: list[argparse.Action] = []  # before super(): it adds -h
        self.commands: dict[str, tuple[Parser, str]] = {}  # name -> (parser, help)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.arguments.append(action)
        return action

    def add_commands(self, **kwargs: Any) -> Commands:
        """``add_subparsers``, remembering each command added."""
        return Commands(self, self.add_subparsers(parser_class=Parser, **kwargs))


class Commands:
    """What ``add_subparsers`` returns, with each ``add_parser`` noted on the parent."""

    def __init__(self, parent: Parser, subparsers: Any) -> None:
        self.parent, self.subparsers = parent, subparsers

    def add_parser(self, name: str, *, help: str, **kwargs: Any) -> Parser:
        parser: Parser = self.subparsers.add_parser(name, help=help, **kwargs)
        self.parent.commands[name] = (parser, help)
        return parser


def _options(parser: Parser) -> list[Option]:
    found = []
    for a in parser.arguments:
        if a.option_strings:
            choices = tuple(str(c) for c in a.choices or ())
            found.append(Option(tuple(a.option_strings), a.help or "", choices, a.nargs != 0))
    return found


def _positional_choices(parser: Parser) -> list[str]:
    """What a command's arguments can be, when the parser lists it (completion's shells)."""
    listed = [str(c) for a in parser.arguments if not a.option_strings for c in a.choices or ()]
    return listed + list(parser.commands)


def _commands(parser: Parser) -> dict[str, Parser]:
    return {name: sub for name, (sub, _) in parser.commands.items()}


def _helps(parser: Parser) -> dict[str, str]:
    return {name: help for name, (_, help) in parser.commands.items()}


def script(parser: Parser, shell: str) -> str:
    """The completion script for ``shell``, to be sourced (docs/cli.md says where)."""
    if shell == "fish":
        return _fish(parser)
    bash = _bash(parser)
    if shell == "zsh":  # zsh runs bash's completion functions through bashcompinit
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash


def _words(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


def _bash(parser: Parser) -> str:
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


def _fish(parser: Parser) -> str:
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
