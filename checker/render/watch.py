"""The screens of `drill watch`: each verdict on a cleared screen, and the line
that says what is being watched."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

# Printed after every verdict, also when piped: benchmarks/bench_watch.py waits for it.
WATCHING = "Watching"


def begin(console: Console) -> None:
    """A new verdict: on a terminal the screen is cleared so the verdict is on top;
    piped, a rule separates it from the previous one."""
    if console.is_terminal:
        console.clear()
    else:
        console.print(Rule(style="dim"))


def show_checking(console: Console, path: Path) -> None:
    console.print(Text(f"Checking {path.name} ...", style="dim"))


def show_watching(console: Console, path: Path, at: datetime) -> None:
    console.print(
        Text.assemble(
            (f"{WATCHING} {path}", "bold"),
            f" (last check {at:%H:%M:%S}): save to check again; q or Ctrl-C quits. "
            "Speed advice: drill check.",
        ),
        soft_wrap=True,
    )


def show_problem(console: Console, message: str) -> None:
    """The file cannot be checked right now (mid-save, removed): say so and keep watching."""
    console.print(Text(f"Cannot check now: {message}", style="yellow"))


def show_stopped(console: Console) -> None:
    console.print(Text("Stopped watching.", style="dim"))
