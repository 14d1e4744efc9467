"""Screens about drills: the catalogue table, a task statement, status, hints, solutions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from checker.catalogue import TRACKS, Drill
from checker.store import DrillProgress

if TYPE_CHECKING:
    from checker.sandbox import Confinement

_STATUS_STYLE = {"new": "dim", "started": "yellow", "passed": "green"}


def show_catalogue(console: Console, rows: list[tuple[Drill, DrillProgress]], total: int) -> None:
    passed = sum(p.status == "passed" for _, p in rows)
    for track in TRACKS:
        in_track = [(d, p) for d, p in rows if d.track == track]
        if not in_track:
            continue
        # The title gets the room: it is what a reader scans; the rest is short.
        table = Table(title=track.capitalize(), title_justify="left", expand=True)
        table.add_column("id", style="bold cyan", no_wrap=True)
        table.add_column("title", ratio=3, min_width=20)
        table.add_column("topic", ratio=1, min_width=14)
        table.add_column("level", no_wrap=True)
        table.add_column("status", no_wrap=True)
        for drill, prog in in_track:
            table.add_row(
                drill.id,
                drill.title,
                drill.topic,
                drill.difficulty,
                Text(prog.status, style=_STATUS_STYLE[prog.status]),
            )
        console.print(table)
    shown = f"{len(rows)} shown, " if len(rows) != total else ""
    console.print(f"{shown}{passed} of {len(rows)} passed. Start one with: drill start ID")


def show_task(console: Console, drill: Drill, path: Path, created: bool) -> None:
    console.print(Markdown(drill.task_path.read_text(encoding="utf-8")))
    console.print()
    if created:
        console.print(Text.assemble(("Your file: ", "bold"), str(path)))
    else:
        console.print(
            Text.assemble(
                ("Your file already exists and was left as it is: ", "bold yellow"),
                str(path),
                f"\nTo start over from the starter: drill reset {drill.id} "
                "(your current file is backed up first).",
            )
        )
    if drill.cheatsheet:
        console.print(Text(f"Cheatsheet: drill cheatsheet {drill.cheatsheet}", style="dim"))
    console.print(Text(f"When ready: drill check   (hints: drill hint {drill.id})", style="dim"))


def show_hints(console: Console, drill: Drill, shown: int) -> None:
    for i, hint in enumerate(drill.hints[:shown], start=1):
        console.print(
            Panel(Text(hint), title=f"Hint {i} of {len(drill.hints)}", title_align="left")
        )
    if shown >= len(drill.hints):
        console.print(Text("That was the last hint.", style="dim"))
    else:
        console.print(Text(f"Run `drill hint {drill.id}` again for the next one.", style="dim"))


def show_solution(console: Console, drill: Drill) -> None:
    code = drill.solution_path.read_text(encoding="utf-8")
    console.print(Syntax(code, "python", line_numbers=True, word_wrap=True))


def show_status(
    console: Console,
    workspace: Path,
    database: Path,
    current: str | None,
    rows: list[tuple[Drill, DrillProgress]],
    jail: Confinement,
) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("workspace", str(workspace))
    table.add_row("progress", str(database))
    table.add_row("current drill", current or "none (drill start ID)")
    counts = {s: sum(p.status == s for _, p in rows) for s in ("passed", "started", "new")}
    table.add_row(
        "drills", f"{counts['passed']} passed, {counts['started']} started, {counts['new']} new"
    )
    for label, text, ok in jail_lines(jail):
        table.add_row(label, Text(text, style="green" if ok else "yellow"))
    console.print(table)
    active = [(d, p) for d, p in rows if p.status != "new"]
    if active:
        detail = Table("drill", "status", "checks", "last verdict")
        for drill, prog in active:
            detail.add_row(
                drill.id,
                Text(prog.status, style=_STATUS_STYLE[prog.status]),
                str(prog.attempts),
                prog.last_verdict or "-",
            )
        console.print(detail)


def jail_lines(jail: Confinement) -> list[tuple[str, str, bool]]:
    """What confines the process that runs your code, one line per layer:
    (label, what is in force or missing, whether it is in force)."""
    files = (
        f"in force (Landlock ABI {jail.landlock}): reads Python and numpy only, writes its own "
        "folder only"
        if jail.landlock
        else "NOT in force: your code can read and write your files, the reference "
        "solutions and the progress database"
    )
    processes = (
        "in force (own PID namespace): everything it starts ends with the check"
        if jail.pid_namespace
        else "partly: child processes are swept after each check"
        if jail.subreaper
        else "NOT in force: processes your code starts may outlive the check"
    )
    lines = [
        ("jail: files", files, bool(jail.landlock)),
        ("jail: processes", processes, jail.pid_namespace),
        (
            "jail: network",
            "none" if jail.net_namespace or jail.landlock >= 4 else "NOT cut off",
            jail.net_namespace or jail.landlock >= 4,
        ),
        ("jail: limits", ", ".join(jail.limits) or "none", bool(jail.limits)),
    ]
    lines += [("jail: missing", why, False) for why in jail.missing]
    return lines
