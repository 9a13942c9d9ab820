"""The command line: ``okrboard`` and its subcommands."""

from okrboard.cli.main import main

__all__ = ["main"]
