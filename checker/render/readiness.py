"""The readiness table of `drill stats`: one row per topic, then the weakest and what to do.

Fits 80 columns: every column folds rather than cuts, and the explanations are
plain Text that wraps at spaces.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.readiness import ACCURACY_DAYS, Part, Readiness


def _ratio(done: int, total: int) -> str:
    return f"{done}/{total}" if total else ""


def _recalled(part: Part) -> str:
    if not part.total:
        return ""
    return f"{part.good}/{part.rated}" if part.rated else "—"


def _items(part: Part) -> str:
    """Accuracy over the window, then seen/total: '85% 10/40'."""
    if not part.total:
        return ""
    share = part.share
    accuracy = "—" if share is None else f"{share:.0%}"
    return f"{accuracy} {part.done}/{part.total}"


def show_readiness(console: Console, readiness: Readiness) -> None:
    table = Table(
        title="Readiness by topic",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,  # one space between columns: the widest rows fit in 80
    )
    table.add_column("topic", style="cyan", no_wrap=True, overflow="fold")
    table.add_column("drills", justify="right", overflow="fold")
    table.add_column("recalled", justify="right", overflow="fold")
    table.add_column("due", justify="right", overflow="fold")
    table.add_column("concepts", justify="right", overflow="fold")
    table.add_column("cards", justify="right", overflow="fold")
    table.add_column("score", justify="right", style="bold", overflow="fold")
    weakest = readiness.weakest
    for topic in readiness.topics:
        d = topic.drill_part
        table.add_row(
            topic.name,
            _ratio(d.done, d.total),
            _recalled(d),
            str(d.due) if d.due else "",
            _items(topic.questions),
            _items(topic.cards),
            str(topic.score),
            style="yellow" if weakest is not None and topic is weakest else None,
        )
    console.print(table)
    console.print(
        Text(
            "drills: passed/total · recalled: drill reviews rated good or easy · due: "
            f"drills due for review now · concepts, cards: accuracy over the last "
            f"{ACCURACY_DAYS} days, then seen/total · score 0-100: the mean of the topic's "
            "parts (drills, concepts, cards), each the mean of passed (seen), passed and "
            "not due, and recalled (accurate).",
            style="dim",
        )
    )
    if weakest is None:
        console.print("Nothing to be ready for: there are no drills and no decks.")
        return
    console.print(
        Text.assemble(
            ("Weakest: ", "bold"),
            (weakest.name, "bold yellow"),
            f" (score {weakest.score}) - next: ",
            (weakest.command, "bold"),
        )
    )
