"""The screen of `drill` alone: today's plan, numbered, with the command for each step."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.plan import Step, Today
from checker.render.training import when

_LABEL = {
    "review": ("Review", "bold magenta"),
    "questions": ("Questions", "bold cyan"),
    "cards": ("Cards", "bold cyan"),
    "continue": ("Continue", "bold yellow"),
    "new": ("New drill", "bold green"),
    "new-questions": ("Learn", "bold green"),
}


def _what(step: Step, now: datetime) -> str:
    if step.kind == "review" and step.due is not None:
        late = "" if abs((now - step.due).total_seconds()) < 60 else f", due {when(step.due, now)}"
        return f"{step.drill}: {step.what} (from memory{late})"
    if step.drill:
        return f"{step.drill}: {step.what}"
    return step.what


def show_today(console: Console, today: Today, now: datetime) -> None:
    console.print(Text(f"Today, {now:%a} {now.day} {now:%b}", style="bold"))
    if not today.steps:
        console.print("Nothing to do: every drill is learned and nothing is due.")
    else:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        table.add_column(no_wrap=True, style="dim")
        for number, step in enumerate(today.steps, start=1):
            label, style = _LABEL[step.kind]
            table.add_row(
                f"{number}.",
                Text(label, style=style),
                _what(step, now),
                "drill " + " ".join(step.command),
            )
        console.print(table)
        console.print(Text.assemble(("Start the first: ", "bold"), "drill next"))
    facts = [f"{today.drills_passed} of {today.drills_total} drills passed"]
    facts.append(f"streak {today.streak} day{'s' if today.streak != 1 else ''}")
    if today.next_review is not None:
        facts.append(f"next review {when(today.next_review, now)}")
    console.print(Text(" · ".join(facts), style="dim"))
