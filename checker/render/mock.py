"""Screens of `drill mock`: the rules, the coding prompt and its countdown, each check,
the time left between questions, the scorecard, and the history `drill stats` lists."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.catalogue import Drill
from checker.mock import (
    CODING_SHARE,
    END_OF_INPUT,
    INTERRUPTED,
    Coding,
    MockRecord,
    Part,
    Scorecard,
)
from checker.report import Report

_ENDED = {
    "accepted": "",
    "gave up": "gave up",
    "time": "time ran out: judged after time",
    END_OF_INPUT: "input ended",
    INTERRUPTED: "interrupted",
    "in progress": "in progress",
}
HISTORY_ROWS = 10  # the most recent mocks; older ones are counted, not listed


def clock_text(seconds: float) -> str:
    """23:41 (minutes may pass 59: a 180-minute mock codes for 108:00)."""
    whole = max(int(seconds + 0.5), 0)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def coding_prompt(left: float) -> str:
    return f"[{clock_text(left)} left] Enter to check, 'give up' to stop: "


# ------------------------------------------------------------------ the coding part


def show_intro(
    console: Console, drill: Drill, path: Path, backup: Path | None, card: Scorecard
) -> None:
    from checker.render.drills import show_task

    show_task(console, drill, path, created=True)
    budget = card.coding.budget_seconds
    rules = Text()
    rules.append(f"Mock interview: {card.minutes} min in all.\n", style="bold")
    rules.append(
        f"Coding: {clock_text(budget)} ({CODING_SHARE:.0%} of the time) for {drill.title}. "
        f"Edit {path} in your editor and press Enter here to check it (not drill check). "
        "Accepted ends the coding part, so does typing 'give up'; when the time is up, "
        "your file is checked as it stands.\n"
    )
    rules.append(
        f"Then {_count(len(card.questions.planned), 'concept question')} and "
        f"{_count(len(card.cards.planned), 'Linux card')} in the time left."
    )
    console.print(Panel(rules, title="Mock interview", title_align="left", border_style="cyan"))
    if backup is not None:
        console.print(Text(f"Your previous file is saved as {backup}", style="dim"))


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def show_prompt(console: Console, left: float) -> None:
    console.print(Text(coding_prompt(left), style="bold"), end="")


def echo_coding(console: Console, left: float, line: str) -> None:
    """A scripted line at the coding prompt, echoed so the transcript reads like a session."""
    console.print(Text.assemble((coding_prompt(left), "bold"), line))


def show_wait(console: Console, minutes: float) -> None:
    console.print(Text(f"(@wait: {minutes:g} min pass)", style="dim"))


def show_bad_wait(console: Console, line: str) -> None:
    console.print(Text(f"Ignored '{line}': write @wait MINUTES, e.g. @wait 5.", style="yellow"))


def show_not_understood(console: Console, line: str) -> None:
    console.print(
        Text(
            f"'{line}' is not a command here: press Enter to check your file, or type 'give up'.",
            style="yellow",
        )
    )


def show_reminder(console: Console, left: float) -> None:
    console.print()
    console.print(Text(f"{clock_text(left)} left for the coding part.", style="bold yellow"))


def show_deadline_passed(console: Console) -> None:
    console.print()  # ends the prompt's line: nobody pressed Enter


def show_time_up(console: Console) -> None:
    console.print(
        Text("Time is up for the coding part: your file is judged as it stands.", style="bold")
    )


def show_checking(console: Console, path: Path, after_time: bool) -> None:
    when = " (after time)" if after_time else ""
    console.print(Text(f"Checking {path}{when}...", style="dim"))


def show_check(console: Console, report: Report, after_time: bool) -> None:
    from checker.render.verdict import show_report

    show_report(console, report)
    if after_time:
        console.print(
            Text(f"After time: {report.title} is the verdict of your file at the deadline.")
        )


def show_check_problem(console: Console, message: str) -> None:
    console.print(Text(f"Could not check your file: {message}", style="red"))


def show_coding_eof(console: Console, scripted: bool) -> None:
    if scripted:
        message = "End of input during the coding part: it ends as given up, nothing more is asked."
    else:
        message = "Ctrl-D: the coding part ends as given up."
    console.print()
    console.print(Text(message, style="yellow"))


def show_coding_over(console: Console, coding: Coding) -> None:
    note = _ENDED.get(coding.ended, coding.ended)
    text = Text.assemble(
        ("Coding part over: ", "bold"),
        coding.title,
        f" ({note})" if note else "",
        f", {clock_text(coding.seconds)} used of {clock_text(coding.budget_seconds)}.",
    )
    console.print(text)


# ------------------------------------------------------------------ questions and cards


def show_questions_start(console: Console, questions: int, cards: int, left: float) -> None:
    console.print()
    console.rule(Text("Questions", style="bold"), align="left")
    console.print(
        f"{_count(questions, 'concept question')} and {_count(cards, 'Linux card')}, "
        f"{clock_text(left)} left. Type ? if you don't know."
    )


def show_left(console: Console, left: float) -> None:
    console.print(Text(f"[{clock_text(left)} left]", style="dim"))


def show_out_of_time(console: Console, card: Scorecard) -> None:
    counts = [(len(card.questions.not_asked), "question"), (len(card.cards.not_asked), "card")]
    missed = " and ".join(_count(n, what) for n, what in counts if n)
    console.print()
    console.print(Text(f"Time is up: {missed} not asked.", style="bold yellow"))


def show_stopped(console: Console, reason: str) -> None:
    console.print()
    if reason == INTERRUPTED:
        message = "Interrupted: the mock stops here, and its scorecard so far is saved."
    else:
        message = "End of input: no more questions are asked; the scorecard is saved."
    console.print(Text(message, style="yellow"))


# ------------------------------------------------------------------ the scorecard


def _coding_cell(coding: Coding) -> Text:
    mark, style = ("✓ ", "green") if coding.passed else ("✗ ", "red")
    note = _ENDED.get(coding.ended, coding.ended)
    notes = ", ".join(filter(None, [note, _count(coding.checks, "check")]))
    return Text.assemble((mark + coding.title, style), f" ({notes})")


def _part_cell(part: Part) -> Text:
    text = Text(f"{part.right} of {part.asked} right")
    if part.not_asked:
        text.append(f", {len(part.not_asked)} not asked", style="yellow")
    return text


def show_scorecard(console: Console, card: Scorecard) -> None:
    coding = card.coding
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("part", style="bold", no_wrap=True)
    table.add_column("result")
    table.add_column("time", no_wrap=True)
    table.add_row(
        "coding",
        _coding_cell(coding),
        f"{clock_text(coding.seconds)} of {clock_text(coding.budget_seconds)}",
    )
    table.add_row("questions", _part_cell(card.questions), clock_text(card.questions.seconds))
    table.add_row("cards", _part_cell(card.cards), clock_text(card.cards.seconds))
    console.print()
    title = f"Scorecard: {coding.drill}, {card.minutes}-minute mock"
    console.print(Panel(table, title=title, title_align="left", border_style="cyan"))
    steps = card.review()
    if steps:
        console.print(Text("What to review:", style="bold"))
        for step in steps:
            # One line each, never wrapped, so that a command can be copied as it is.
            line = Text.assemble(f"  {step.command}", (f"   ({step.why})", "dim"))
            console.print(line, soft_wrap=True)
    else:
        console.print(Text("Nothing to review: a clean run.", style="green"))
    saved = "Saved (marked interrupted)." if card.interrupted else "Saved."
    console.print(Text(f"{saved} Past mocks: drill stats", style="dim"))


# ------------------------------------------------------------------ history


def show_history(console: Console, records: Sequence[MockRecord]) -> None:
    """Past mocks, oldest first, the most recent HISTORY_ROWS of them."""
    if not records:
        console.print("No mock interviews yet: drill mock")
        return
    table = Table(title="Mock interviews", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("date", "drill", "min", "coding", "time", "questions", "cards"):
        table.add_column(name, no_wrap=name != "coding")
    for record in records[-HISTORY_ROWS:]:
        table.add_row(*_history_row(record))
    console.print(table)
    if len(records) > HISTORY_ROWS:
        console.print(Text(f"{len(records) - HISTORY_ROWS} earlier not shown.", style="dim"))


def _history_row(record: MockRecord) -> tuple[str | Text, ...]:
    passed = record.verdict == "accepted" and not record.time_ran_out
    coding = Text(record.title, style="green" if passed else "red")
    if record.time_ran_out:
        coding.append(" (after time)", style="dim")
    if record.interrupted:
        coding.append(" (interrupted)", style="yellow")
    return (
        record.started_at.strftime("%Y-%m-%d %H:%M"),
        record.drill,
        str(record.minutes),
        coding,
        clock_text(record.coding_seconds),
        f"{record.questions_right}/{record.questions_asked}",
        f"{record.cards_right}/{record.cards_asked}",
    )
