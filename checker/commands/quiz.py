"""`drill quiz [TOPIC]`, `drill cards [DECK]` and `drill stats`: spaced-repetition review."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from checker.app import App, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from checker.quiz.decks import Deck, Item, Question
    from checker.quiz.scheduler import ReviewStore
    from checker.quiz.shell import CommandTable

DEFAULT_COUNT = 10


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quiz",
        help="concept questions, due ones first (spaced repetition)",
        description=(
            "Ask concept questions: those due for review first (most overdue first), then new "
            "ones. Answers are read from the keyboard, from stdin when it is not a terminal, "
            "or from --answers FILE (one per line; a recall question takes two lines: your "
            "answer, then again/hard/good/easy). Ctrl-D or Ctrl-C stops and keeps every answer."
        ),
    )
    p.add_argument("topic", metavar="TOPIC", nargs="?", help="a concept deck id (default: all)")
    _common(p)
    p.set_defaults(run=run_quiz)

    p = sub.add_parser(
        "cards",
        help="Linux command flashcards, due ones first (spaced repetition)",
        description=(
            "Ask Linux command cards, graded by meaning (flag order and long or short "
            "spellings do not matter). DECK is a Linux deck id, with or without 'linux-'."
        ),
    )
    p.add_argument("deck", metavar="DECK", nargs="?", help="e.g. processes-and-jobs (default: all)")
    _common(p)
    p.set_defaults(run=run_cards)

    p = sub.add_parser("stats", help="review accuracy by topic, what is due, streak and heatmap")
    p.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    p.set_defaults(run=run_stats)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-n",
        type=int,
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"at most N items (default {DEFAULT_COUNT})",
    )
    p.add_argument("--answers", type=Path, metavar="FILE", help="read answers from FILE")


# ------------------------------------------------------------------ answers


class AnswerSource(Protocol):
    def read(self, label: str) -> str:
        """The next answer; EOFError when there are no more."""
        ...


@dataclass
class LineAnswers:
    """Answers from a file or a pipe, one per line, echoed so the transcript reads well."""

    lines: Iterator[str]
    console: Console

    def read(self, label: str) -> str:
        from checker.render.quiz import echo_answer

        line = next(self.lines, None)
        if line is None:
            raise EOFError
        answer = line.rstrip("\r\n")
        echo_answer(self.console, label, answer)
        return answer


@dataclass
class PromptAnswers:
    console: Console

    def read(self, label: str) -> str:
        from checker.render.quiz import ask

        return ask(self.console, label)


def _answer_source(args: argparse.Namespace, console: Console) -> AnswerSource:
    if args.answers is not None:
        try:
            text = args.answers.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read answers from {args.answers}: {exc}") from exc
        return LineAnswers(iter(text.splitlines()), console)
    if sys.stdin.isatty():
        return PromptAnswers(console)
    return LineAnswers(iter(sys.stdin), console)


# ------------------------------------------------------------------ session


@dataclass
class Session:
    store: ReviewStore
    console: Console
    answers: AnswerSource
    links: dict[str, str | None]  # deck id -> the deck's cheatsheet link
    table: CommandTable | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    counts: Counter[str] = field(default_factory=Counter)

    def _link(self, item: Item) -> str | None:
        return item.cheatsheet or self.links.get(item.deck)

    def _graded(self, item: Item) -> None:
        from checker.quiz.decks import Card
        from checker.quiz.grading import auto_rating, grade_card, grade_question
        from checker.render import quiz as screen

        while True:
            typed = self.answers.read("Answer")
            if isinstance(item, Card):
                assert self.table is not None
                grade = grade_card(item, typed, self.table)
            else:
                grade = grade_question(item, typed)
            if grade.valid:
                break
            screen.show_invalid(self.console, grade)
        now = self.clock()
        state = self.store.record(
            item.id,
            item.deck,
            auto_rating(grade, isinstance(item, Card)),
            now,
            typed,
            grade.correct,
        )
        self.counts[grade.outcome] += 1
        if isinstance(item, Card):
            screen.show_card_verdict(self.console, item, grade, self._link(item))
        else:
            screen.show_verdict(self.console, item, grade, self._link(item))
        screen.show_scheduled(self.console, state.due, now)

    def _recall(self, question: Question) -> None:
        from fsrs import Rating

        from checker.quiz.grading import parse_rating
        from checker.render import quiz as screen

        typed = self.answers.read("Your answer")
        screen.show_model_answer(self.console, question, self._link(question))
        while True:
            said = self.answers.read("Rating")
            rating = parse_rating(said)
            if rating is not None:
                break
            screen.show_bad_rating(self.console, said)
        now = self.clock()
        state = self.store.record(
            question.id, question.deck, rating, now, typed, rating >= Rating.Good
        )
        self.counts["rated"] += 1
        screen.show_scheduled(self.console, state.due, now)

    def ask(self, item: Item, index: int, total: int) -> None:
        from checker.quiz.decks import Card
        from checker.render import quiz as screen

        if isinstance(item, Card):
            screen.show_card(self.console, item, index, total)
            self._graded(item)
        else:
            screen.show_question(self.console, item, index, total)
            if item.type == "recall":
                self._recall(item)
            else:
                self._graded(item)

    def run(self, items: list[Item]) -> int:
        """Ask each item in turn; EOF or Ctrl-C stops, every answer given is already saved."""
        from checker.render.quiz import show_summary

        stopped = None
        status = 0
        try:
            for index, item in enumerate(items, start=1):
                self.ask(item, index, len(items))
        except EOFError:
            stopped = "end of input"
        except KeyboardInterrupt:
            stopped, status = "interrupted", 130
        show_summary(self.console, dict(self.counts), len(items), stopped)
        return status


# ------------------------------------------------------------------ commands


def _pick(decks: list[Deck], wanted: str | None, kind: str, prefix: str) -> list[Deck]:
    of_kind = [d for d in decks if d.kind == kind]
    if wanted is None:
        return of_kind
    for deck in of_kind:
        if wanted == deck.id or prefix + wanted == deck.id:
            return [deck]
    names = ", ".join(d.id.removeprefix(prefix) for d in of_kind)
    label = "topic" if kind == "concepts" else "deck"
    raise UsageError(f"unknown {label} '{wanted}' (choose from: {names})")


def _review(args: argparse.Namespace, app: App, chosen: list[Deck], what: str) -> int:
    from checker.quiz.scheduler import ReviewStore, make_scheduler, next_due, select
    from checker.render.quiz import show_nothing_due, show_session_start

    if args.n < 1:
        raise UsageError(f"-n must be at least 1 (got {args.n})")
    answers = _answer_source(args, app.console)
    table = _command_table() if any(d.kind == "linux" for d in chosen) else None
    store = ReviewStore(app.conn, make_scheduler(fuzzing=True))
    items = {item.id: item for deck in chosen for item in deck.items}
    states = store.states()
    now = datetime.now(UTC)
    picked = select(list(items), states, now, args.n)
    if not picked:
        show_nothing_due(app.console, what, next_due(list(items), states))
        return 0
    due = sum(1 for i in picked if i in states)
    show_session_start(app.console, what, len(picked), due)
    session = Session(
        store=store,
        console=app.console,
        answers=answers,
        links={d.id: d.cheatsheet for d in chosen},
        table=table,
    )
    return session.run([items[i] for i in picked])


def _command_table() -> CommandTable:
    from checker.quiz.decks import DeckError, decks_dir
    from checker.quiz.shell import TableError, load_command_table

    try:
        return load_command_table(decks_dir() / "linux" / "commands.toml")
    except (OSError, TableError) as exc:
        raise DeckError(str(exc)) from exc


def run_quiz(args: argparse.Namespace, app: App) -> int:
    from checker.quiz.decks import load_decks

    chosen = _pick(load_decks(), args.topic, "concepts", "")
    what = f"topic {chosen[0].id}" if args.topic else "all concept topics"
    return _review(args, app, chosen, what)


def run_cards(args: argparse.Namespace, app: App) -> int:
    from checker.quiz.decks import load_decks

    chosen = _pick(load_decks(), args.deck, "linux", "linux-")
    what = f"deck {chosen[0].id}" if args.deck else "all Linux decks"
    return _review(args, app, chosen, what)


def run_stats(args: argparse.Namespace, app: App) -> int:
    from checker.quiz.decks import load_decks
    from checker.quiz.scheduler import ReviewStore
    from checker.quiz.stats import compute
    from checker.render.quiz import print_json, show_stats

    decks = load_decks()
    store = ReviewStore(app.conn)
    stats = compute(decks, store.reviews(), store.states(), datetime.now().astimezone())
    if args.json:
        print_json(stats.to_json())
    else:
        show_stats(app.console, stats)
    return 0
