"""The console every screen prints to, and the one-line error and warning."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.text import Text


class DrillConsole(Console):
    """rich's Console, except that a closed pipe is left to drill's own handler: rich
    would exit with status 1, turning `drill check | head -1` of an Accepted answer
    into a failure."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(stderr: bool = False) -> Console:
    """A rich console; rich itself honours NO_COLOR and plain (non-TTY) output."""
    return DrillConsole(stderr=stderr, highlight=False)


def _say(label: str, style: str, message: str) -> None:
    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        print(f"drill: {label}: {message}", file=sys.stderr)
    else:
        make_console(stderr=True).print(Text.assemble((f"drill: {label}: ", style), message))


def error(message: str) -> None:
    """One line on stderr, the way command-line tools report a usage error."""
    _say("error", "bold red", message)


def warn(message: str) -> None:
    _say("warning", "bold yellow", message)
