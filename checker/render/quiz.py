"""Screens for quizzes and flashcards: an item, the verdict on an answer, a summary, stats.

Deck text is shown as plain Text, never as rich markup: prompts and code are
full of square brackets (x[i], [[cards]]) that markup would swallow.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from string import ascii_lowercase

from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table
from rich.text import Text

from checker.quiz.decks import Card, Question
from checker.quiz.grading import Grade, precision_asked
from checker.quiz.stats import HEATMAP_WEEKS, Stats, heatmap_start

_OUTCOME_STYLE = {"right": "bold green", "close": "bold yellow", "wrong": "bold red"}
_OUTCOME_WORD = {"right": "Right", "close": "Close", "wrong": "Wrong"}
_HOW_TO_ANSWER = {
    "choice": "one letter",
    "multi": "every true letter, e.g. a,c",
    "numeric": "a number (0.25, 0,25, 1/4, 25% and 2^-10 are all read)",
    "bug": "the number of a line you would fix",
    "recall": "your answer in a line, then rate yourself",
}
# Heatmap cells: distinct characters per level, so the map reads without colour too.
_LEVELS = ((0, "·", "grey35"), (1, "░", "green4"), (3, "▒", "green3"), (6, "▓", "green1"))
_FULL = ("█", "bold bright_green")
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def show_session_start(console: Console, what: str, count: int, due: int) -> None:
    new = count - due
    console.print(
        Text.assemble(
            (what, "bold"),
            f": {count} item(s), {due} due for review and {new} new. ",
            ("Type ? if you don't know; Ctrl-D stops and keeps your answers.", "dim"),
        )
    )


def show_nothing_due(console: Console, what: str, next_due: datetime | None) -> None:
    if next_due is None:
        console.print(f"Nothing to review in {what}.")
        return
    when = next_due.astimezone().strftime("%Y-%m-%d %H:%M")
    console.print(f"Nothing due in {what}: everything is reviewed. Next review due {when}.")


def _header(console: Console, index: int, total: int, deck: str, item_id: str) -> None:
    console.print()
    console.rule(Text(f"{index}/{total}  {deck} · {item_id}", style="bold"), align="left")


def show_question(console: Console, question: Question, index: int, total: int) -> None:
    _header(console, index, total, question.deck, question.id)
    console.print(Text(question.prompt))
    if question.type in ("choice", "multi"):
        for letter, choice in zip(ascii_lowercase, question.choices, strict=False):
            console.print(Text.assemble((f"  {letter}) ", "bold cyan"), choice))
    if question.type == "bug":
        width = len(str(len(question.code_lines)))
        for number, line in enumerate(question.code_lines, start=1):
            console.print(Text.assemble((f"  {number:>{width}} │ ", "dim"), line), soft_wrap=True)
    if question.type == "numeric":
        wanted = [f"in {question.unit}"] if question.unit else []
        if question.places is not None or question.sig_figs is not None:
            wanted.append(f"to {precision_asked(question)}")
        if wanted:
            console.print(Text(f"({', '.join(wanted)})", style="dim"))
    console.print(Text(f"Answer with {_HOW_TO_ANSWER[question.type]}.", style="dim"))


def show_card(console: Console, card: Card, index: int, total: int) -> None:
    _header(console, index, total, card.deck, card.id)
    console.print(Text(card.prompt))
    what = "the vim keys you would press" if card.grade == "keys" else "the command"
    console.print(Text(f"Type {what}.", style="dim"))


def ask(console: Console, label: str) -> str:
    """One answer from the keyboard; EOFError when the learner presses Ctrl-D."""
    return Prompt.ask(Text(label, style="bold"), console=console, default="", show_default=False)


def echo_answer(console: Console, label: str, answer: str) -> None:
    """Scripted and piped answers are echoed, so a transcript reads like a session."""
    console.print(Text.assemble((f"{label}: ", "bold"), answer))


def show_invalid(console: Console, grade: Grade) -> None:
    console.print(Text(f"Not graded: {grade.feedback} Try again.", style="yellow"))


def show_not_graded(console: Console, reason: str) -> None:
    """A scripted answer that could not be read: its item is used up, the next line goes on."""
    console.print(Text(f"Not graded: {reason} Moving on to the next one.", style="yellow"))


def _cheatsheet(console: Console, link: str | None) -> None:
    if link:
        console.print(Text(f"Cheatsheet: drill cheatsheet {link}", style="dim"))


def _right_answer(question: Question) -> str:
    if question.type in ("choice", "multi"):
        return "; ".join(
            f"{letter}) {question.choices[ascii_lowercase.index(letter)]}"
            for letter in question.letters
        )
    if question.type == "numeric":
        return _number_answer(question)
    if question.type == "bug":
        return " or ".join(
            f"line {n}: {question.code_lines[n - 1].strip()}" for n in question.fix_lines
        )
    return question.model_answer


def _number_answer(question: Question) -> str:
    """The key as the prompt asks for it: '0.792 degrees (to 3 decimal places)'."""
    key = question.number
    if question.places is not None:
        shown = f"{key:.{question.places}f}"
    elif question.exact:
        shown = f"{key:.0f}"
    else:
        shown = f"{key:.{question.sig_figs or 2}g}"
    unit = f" {question.unit}" if question.unit and question.unit != "%" else question.unit or ""
    note = ""
    if question.tolerance:
        note = f" (± {question.tolerance:g})"
    elif not question.exact and f"{key:.6g}" != shown:
        note = f" (unrounded {key:.6g})"
    return f"{shown}{unit}{note}"


def _outcome(console: Console, grade: Grade) -> None:
    word = _OUTCOME_WORD[grade.outcome] + "."
    text = Text(word, style=_OUTCOME_STYLE[grade.outcome])
    if grade.feedback:
        text.append(" " + grade.feedback)
    console.print(text)


def show_verdict(console: Console, question: Question, grade: Grade, link: str | None) -> None:
    _outcome(console, grade)
    console.print(Text.assemble(("Right answer: ", "bold"), _right_answer(question)))
    for fix in question.fixes:
        label = f"Fix (line {fix.line}): " if len(question.fixes) > 1 else "Fix: "
        console.print(Text.assemble((label, "bold"), fix.fix.strip()))
    console.print(Text(question.explanation))
    _cheatsheet(console, link)


def show_card_verdict(console: Console, card: Card, grade: Grade, link: str | None) -> None:
    _outcome(console, grade)
    if grade.warning:
        console.print(Text.assemble(("Warning: ", "bold red"), (grade.warning, "red")))
    console.print(Text.assemble(("Right answer: ", "bold"), card.answer))
    if card.accept:
        console.print(Text.assemble(("Also right: ", "dim"), ", ".join(card.accept)))
    console.print(Text(card.explanation))
    _cheatsheet(console, link)


def show_not_known(console: Console, feedback: str) -> None:
    """A recall question answered "?": Wrong, and no self-rating is asked (it is rated again)."""
    _outcome(console, Grade("wrong", feedback))


def show_model_answer(
    console: Console, question: Question, link: str | None, ask_rating: bool = True
) -> None:
    """A recall question: the model answer and key points to compare with, before self-rating
    (or, with ask_rating=False, after "?", which is rated again without asking)."""
    body = Text(question.model_answer)
    if question.key_points:
        body.append("\n\nKey points:", style="bold")
        for point in question.key_points:
            body.append(f"\n  • {point}")
    console.print(Panel(body, title="Model answer", title_align="left"))
    console.print(Text(question.explanation))
    _cheatsheet(console, link)
    if ask_rating:
        console.print(
            Text("How well did you recall it? again (1), hard (2), good (3), easy (4)", style="dim")
        )


def show_bad_rating(console: Console, typed: str) -> None:
    console.print(
        Text(f"'{typed}' is not a rating: type again, hard, good or easy (or 1-4).", style="yellow")
    )


def show_scheduled(console: Console, due: datetime, now: datetime) -> None:
    console.print(Text(f"Next review {_until(due - now)}.", style="dim"))


def _until(delta: timedelta) -> str:
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"in {max(round(seconds / 60), 1)} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} day(s)"


def show_summary(console: Console, counts: dict[str, int], asked: int, stopped: str | None) -> None:
    answered = sum(counts.values())
    parts = [f"{counts.get(k, 0)} {k}" for k in ("right", "close", "wrong", "rated")]
    if counts.get("not_graded"):
        parts.append(f"{counts['not_graded']} not graded")
    parts = [p for p in parts if not p.startswith("0 ")] or ["nothing answered"]
    ended = f"Stopped ({stopped}) after" if stopped else "Done:"
    console.print()
    console.print(
        Text.assemble(
            (f"{ended} {answered} of {asked} answered", "bold"),
            f" — {', '.join(parts)}. Every answer is saved. See progress with: drill stats",
        )
    )


def print_json(payload: dict[str, object]) -> None:
    json.dump(payload, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _level(count: int) -> tuple[str, str]:
    glyph = _FULL
    for threshold, char, style in reversed(_LEVELS):
        if count >= threshold:
            return (char, style) if count < 10 else glyph
    return _LEVELS[0][1], _LEVELS[0][2]


def heatmap(days: dict[date, int], today: date, weeks: int = HEATMAP_WEEKS) -> Text:
    """Weeks as columns and weekdays as rows, like GitHub's contribution graph."""
    start = heatmap_start(today, weeks)
    text = Text()
    for weekday in range(7):
        text.append(f"{_WEEKDAYS[weekday]:<4}", style="dim")
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=weekday)
            if day > today:
                text.append("  ")
                continue
            char, style = _level(days.get(day, 0))
            text.append(char + " ", style=style)
        text.append("\n")
    text.append("    less · ░ ▒ ▓ █ more", style="dim")
    return text


def show_stats(console: Console, stats: Stats) -> None:
    table = Table(title="Accuracy by topic", title_justify="left")
    table.add_column("deck", style="cyan", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("seen", justify="right")
    table.add_column("reviews", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_column("due", justify="right")
    for topic in stats.topics:
        table.add_row(
            topic.deck,
            topic.kind,
            f"{topic.seen}/{topic.items}",
            str(topic.reviews),
            _percent(topic.accuracy),
            str(topic.due) if topic.due else "",
        )
    console.print(table)
    console.print(
        Text.assemble(
            ("Due now: ", "bold"),
            str(stats.due_now),
            ("   due today: ", "bold"),
            str(stats.due_today),
            ("   this week: ", "bold"),
            str(stats.due_this_week),
            ("   reviewed today: ", "bold"),
            str(stats.reviewed_today),
            ("   streak: ", "bold"),
            f"{stats.streak} day(s)",
        )
    )
    console.print()
    console.print(Text(f"Reviews, last {HEATMAP_WEEKS} weeks", style="bold"))
    console.print(heatmap(stats.days, stats.today))
