"""Screens about drills: the catalogue table, a task statement, status, hints, solutions.

The catalogue fits the console's width without cutting anything; a hint shows the newest
one only (all so far on request); a piped solution is the file's text, byte for byte.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.catalogue import DIFFICULTIES, TRACKS, Drill
from checker.store import DrillProgress

if TYPE_CHECKING:
    from checker.sandbox import Confinement

# "due": passed, and due for review from memory (drill start puts the blank starter back).
_STATUS_STYLE = {"new": "dim", "started": "yellow", "passed": "green", "due": "bold magenta"}


def show_catalogue(console: Console, rows: list[tuple[Drill, DrillProgress]], total: int) -> None:
    """One table per track, laid out for the console's width (see `_catalogue_layout`)."""
    if not rows:
        console.print(f"No drills match. All {total}: drill list")
        return
    layout = _catalogue_layout(rows, console.width)
    for track in TRACKS:
        in_track = [(d, p) for d, p in rows if d.track == track]
        if in_track:
            console.print(_track_table(track, in_track, layout))
    passed = sum(p.status in ("passed", "due") for _, p in rows)
    shown = f"{len(rows)} shown, " if len(rows) != total else ""
    if passed == len(rows):
        every = "every drill shown is passed" if shown else "every drill is passed"
        tail = f": {every}. Today's plan (due reviews): drill"
    else:
        tail = ". Start one with: drill start ID, or let drill choose: drill next"
    console.print(f"{shown}{passed} of {len(rows)} passed{tail}")


@dataclass(frozen=True)
class _Layout:
    """Which columns the catalogue has and how wide each one is.

    "wide": id, title, topic, level, status, one line per drill where room allows.
    "stacked": the topic goes on a dim line under the title.
    "narrow": the level joins the topic under the title; no level column.
    Every table of the listing uses the same widths, so the tracks line up.
    """

    kind: str
    id_width: int
    title_width: int
    topic_width: int


_GAP = 3  # between two columns: a space of padding, the (blank) rule, a space
_LEVEL_WIDTH = max(len("level"), *(len(d) for d in DIFFICULTIES))
_STATUS_WIDTH = max(len("status"), *(len(s) for s in _STATUS_STYLE))
_TITLE_MIN = 20  # narrower than this, titles take more than two lines whatever they say


def _catalogue_layout(rows: list[tuple[Drill, DrillProgress]], width: int) -> _Layout:
    """The widest layout whose title column still holds every title in two lines
    and every topic whole; at worst "narrow", which gives the title all it can."""
    id_width = max(len("id"), *(len(d.id) for d, _ in rows))
    topic_width = max(len("topic"), *(len(d.topic) for d, _ in rows))
    titles = [d.title for d, _ in rows]
    longest = max(len(t) for t in titles)

    def fits(room: int, also: int = 0) -> bool:
        return room >= max(_TITLE_MIN, also) and all(
            len(textwrap.wrap(t, room)) <= 2 for t in titles
        )

    room = width - (id_width + topic_width + _LEVEL_WIDTH + _STATUS_WIDTH + 4 * _GAP)
    if fits(room):
        return _Layout("wide", id_width, min(room, longest), topic_width)
    room = width - (id_width + _LEVEL_WIDTH + _STATUS_WIDTH + 3 * _GAP)
    if fits(room, also=topic_width):
        return _Layout("stacked", id_width, min(room, max(longest, topic_width)), topic_width)
    room = width - (id_width + _STATUS_WIDTH + 2 * _GAP)
    return _Layout("narrow", id_width, max(room, 1), topic_width)


def _track_table(track: str, rows: list[tuple[Drill, DrillProgress]], layout: _Layout) -> Table:
    table = Table(
        title=track.capitalize(),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
    )
    # Nothing is ever cut with an ellipsis: a cell too wide for its column folds.
    table.add_column("id", style="bold cyan", width=layout.id_width, overflow="fold")
    if layout.kind == "wide":
        table.add_column("title", width=layout.title_width, overflow="fold")
        table.add_column("topic", width=layout.topic_width, overflow="fold")
    else:
        below = "topic" if layout.kind == "stacked" else "topic · level"
        header = Text.assemble("title\n", (below, "dim"))
        table.add_column(header, width=layout.title_width, overflow="fold")
    if layout.kind != "narrow":
        table.add_column("level", width=_LEVEL_WIDTH, overflow="fold")
    table.add_column("status", width=_STATUS_WIDTH, overflow="fold")
    for drill, prog in rows:
        cells: list[str | Text] = [drill.id]
        if layout.kind == "wide":
            cells += [drill.title, drill.topic]
        elif layout.kind == "stacked":
            cells.append(Text.assemble(drill.title, "\n", (drill.topic, "dim")))
        else:
            below = f"{drill.topic} · {drill.difficulty}"
            cells.append(Text.assemble(drill.title, "\n", (below, "dim")))
        if layout.kind != "narrow":
            cells.append(drill.difficulty)
        cells.append(Text(prog.status, style=_STATUS_STYLE[prog.status]))
        table.add_row(*cells)
    return table


def show_task(console: Console, drill: Drill, path: Path, created: bool) -> None:
    # Imported here: rich.markdown (and markdown-it) cost about 0.1 s, which
    # `drill list` and `drill` alone, which never render markdown, should not pay.
    from rich.markdown import Markdown

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


def show_hints(console: Console, drill: Drill, shown: int, show_all: bool = False) -> None:
    """Hint number `shown` (the count now revealed), or hints 1..`shown` with `show_all`."""
    total = len(drill.hints)
    if total == 0:
        console.print("This drill has no hints.")
        return
    shown = min(max(shown, 1), total)
    first = 1 if show_all else shown
    for i in range(first, shown + 1):
        console.print(
            Panel(Text(drill.hints[i - 1]), title=f"Hint {i} of {total}", title_align="left")
        )
    if shown < total:
        console.print(Text(f"Next hint: drill hint {drill.id}", style="dim"))
    else:
        console.print(Text("That was the last hint.", style="dim"))
    if shown > 1 and not show_all:
        console.print(Text(f"All hints so far: drill hint {drill.id} --all", style="dim"))


def show_solution(console: Console, drill: Drill) -> None:
    """On a terminal, highlighted with line numbers; piped or redirected, the file's
    text exactly, so it can be copied or saved as it is."""
    code = drill.solution_path.read_text(encoding="utf-8")
    if not console.is_terminal:
        console.file.write(code if code.endswith("\n") else code + "\n")
        console.file.flush()
        return
    from rich.syntax import Syntax  # here: its import is a tenth of `drill list`

    # Long lines are cropped at the right edge rather than wrapped back to column 1.
    console.print(Syntax(code.rstrip("\n"), "python", line_numbers=True, word_wrap=False))


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
