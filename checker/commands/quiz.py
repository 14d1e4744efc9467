"""`drill quiz [TOPIC]`, `drill cards [DECK]` and `drill stats`: spaced-repetition review."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from checker.app import App, UsageError
from checker.clock import now, utc_now

if TYPE_CHECKING:
    from rich.console import Console

    from checker.quiz.decks import Deck, Item, Question
    from checker.quiz.scheduler import ReviewStore
    from checker.quiz.shell import Grader
    from checker.quiz.transcript import Answer

DEFAULT_COUNT = 10


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quiz",
        help="concept questions, due ones first (spaced repetition)",
        description=(
            "Ask concept questions: those due for review first (most overdue first), then new "
            "ones, dealt across topics in an order fixed for you (file order for one TOPIC or "
            "with --in-order). Numbers may be typed as 0,25, 1/4, 2^-10 or 7%. Answers are "
            "read from the keyboard, from stdin when it is not a terminal, "
            "or from --answers FILE (one per line; a recall question takes two lines: your "
            "answer, then again/hard/good/easy, but an answer of ? (don't know) takes one line "
            "and is rated again). From a file or a pipe, a line that cannot be "
            "read uses up its question as not graded, so later lines stay in step. Ctrl-D or "
            "Ctrl-C stops and keeps every answer."
        ),
    )
    p.add_argument("topic", metavar="TOPIC", nargs="?", help="a concept deck id (default: all)")
    _common(p)
    p.set_defaults(run=run_quiz)

    p = sub.add_parser(
        "cards",
        help="Linux command flashcards, due ones first (spaced repetition)",
        description=(
            "Ask Linux command cards, graded as the shell and each program read them: flag "
            "order, long or short spellings, ./paths and equivalent redirections do not matter; "
            "quoting, a trailing slash where it matters and find's order do. An answer that "
            "would do damage is Wrong, with a warning. Nothing typed is ever run. DECK is a "
            "Linux deck id, with or without 'linux-'."
        ),
    )
    p.add_argument("deck", metavar="DECK", nargs="?", help="e.g. processes-and-jobs (default: all)")
    _common(p)
    p.set_defaults(run=run_cards)

    p = sub.add_parser(
        "stats",
        help="review accuracy by topic, what is due, streak, heatmap, and interview "
        "readiness per topic with the weakest one and what to do next",
    )
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
    p.add_argument(
        "--id",
        action="append",
        dest="ids",
        metavar="ID",
        help="ask exactly this item (repeat for several, asked in that order; -n is ignored)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object with every answer's outcome, and nothing else",
    )
    p.add_argument(
        "--in-order",
        action="store_true",
        help="new items in file order (default: shuffled across decks, the same order "
        "for you on every run; a single deck is always in file order)",
    )


# ------------------------------------------------------------------ answers


class AnswerSource(Protocol):
    scripted: bool  # answers come from a file or a pipe, not from a person at the keyboard

    def read(self, label: str) -> str:
        """The next answer; EOFError when there are no more."""
        ...


@dataclass
class LineAnswers:
    """Answers from a file or a pipe, one per line, echoed so the transcript reads well."""

    lines: Iterator[str]
    console: Console
    scripted: bool = True

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
    scripted: bool = False

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
    grader: Grader | None = None
    clock: Callable[[], datetime] = field(default=utc_now)
    counts: Counter[str] = field(default_factory=Counter)
    transcript: list[Answer] = field(default_factory=list)

    def _link(self, item: Item) -> str | None:
        return item.cheatsheet or self.links.get(item.deck)

    def _not_graded(self, item: Item, typed: str, reason: str) -> None:
        from checker.quiz.transcript import NOT_GRADED, Answer
        from checker.render import quiz as screen

        screen.show_not_graded(self.console, reason)
        self.counts[NOT_GRADED] += 1
        self.transcript.append(Answer(item.id, typed, NOT_GRADED, reason))

    def _graded(self, item: Item) -> None:
        from checker.quiz.decks import Card
        from checker.quiz.grading import auto_rating, grade_card, grade_question
        from checker.quiz.transcript import Answer
        from checker.render import quiz as screen

        while True:
            typed = self.answers.read("Answer")
            if isinstance(item, Card):
                assert self.grader is not None
                grade = grade_card(item, typed, self.grader)
            else:
                grade = grade_question(item, typed)
            if grade.valid:
                break
            if self.answers.scripted:
                self._not_graded(item, typed, grade.feedback)
                return
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
        self.transcript.append(
            Answer(item.id, typed, grade.outcome, grade.feedback, grade.warning, state.due)
        )
        if isinstance(item, Card):
            screen.show_card_verdict(self.console, item, grade, self._link(item))
        else:
            screen.show_verdict(self.console, item, grade, self._link(item))
        screen.show_scheduled(self.console, state.due, now)

    def _recall(self, question: Question) -> None:
        from fsrs import Rating

        from checker.quiz.grading import DONT_KNOW, parse_rating
        from checker.quiz.transcript import Answer
        from checker.render import quiz as screen

        typed = self.answers.read("Your answer")
        if typed.strip().lower() in DONT_KNOW:
            # "I don't know" needs no self-rating: it is Again, and no rating line is read,
            # so from a file or a pipe the next line answers the next question.
            feedback = "You did not know it: rated again."
            screen.show_not_known(self.console, feedback)
            screen.show_model_answer(self.console, question, self._link(question), ask_rating=False)
            now = self.clock()
            state = self.store.record(question.id, question.deck, Rating.Again, now, typed, False)
            self.counts["wrong"] += 1
            self.transcript.append(Answer(question.id, typed, "wrong", feedback, "", state.due))
            screen.show_scheduled(self.console, state.due, now)
            return
        screen.show_model_answer(self.console, question, self._link(question))
        while True:
            said = self.answers.read("Rating")
            rating = parse_rating(said)
            if rating is not None:
                break
            if self.answers.scripted:
                self._not_graded(question, typed, f"'{said}' is not a rating.")
                return
            screen.show_bad_rating(self.console, said)
        now = self.clock()
        correct = rating >= Rating.Good
        state = self.store.record(question.id, question.deck, rating, now, typed, correct)
        self.counts["rated"] += 1
        outcome = "right" if correct else "wrong"
        feedback = f"Rated {rating.name.lower()}."
        self.transcript.append(Answer(question.id, typed, outcome, feedback, "", state.due))
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


def _by_id(decks: list[Deck], ids: list[str], kind: str) -> list[Item]:
    """The items named by --id, in the order given; an unknown id is a usage error."""
    items = {item.id: item for deck in decks if deck.kind == kind for item in deck.items}
    unknown = [i for i in ids if i not in items]
    if unknown:
        what = "question" if kind == "concepts" else "card"
        raise UsageError(f"unknown {what} id '{unknown[0]}' (see the deck files for ids)")
    return [items[i] for i in ids]


def _quiet_console(args: argparse.Namespace, app: App) -> Console:
    """With --json, stdout carries the JSON alone: the session talks to stderr, or not at all."""
    from rich.console import Console

    if not args.json:
        return app.console
    if args.answers is None and sys.stdin.isatty():
        return Console(stderr=True, no_color=app.console.no_color)
    return Console(quiet=True)


def _review(
    args: argparse.Namespace, app: App, decks: list[Deck], chosen: list[Deck], kind: str, what: str
) -> int:
    from checker.quiz.scheduler import ReviewStore, make_scheduler, next_due, select
    from checker.quiz.transcript import to_json
    from checker.render.quiz import print_json, show_nothing_due, show_session_start

    if args.n < 1:
        raise UsageError(f"-n must be at least 1 (got {args.n})")
    console = _quiet_console(args, app)
    answers = _answer_source(args, console)
    grader = _grader() if kind == "linux" else None
    store = ReviewStore(app.conn, make_scheduler(fuzzing=True))
    if args.ids:
        asked = _by_id(decks, args.ids, kind)
        show_session_start(console, what, len(asked), 0)
    else:
        items = {item.id: item for deck in chosen for item in deck.items}
        states = store.states()
        one_deck = len(chosen) == 1
        seed = None if args.in_order or one_deck else store.order_seed()
        deck_of = {item_id: item.deck for item_id, item in items.items()}
        picked = select(list(items), states, utc_now(), args.n, seed, deck_of)
        if not picked:
            show_nothing_due(console, what, next_due(list(items), states))
            if args.json:
                print_json(to_json([]))
            return 0
        show_session_start(console, what, len(picked), sum(1 for i in picked if i in states))
        asked = [items[i] for i in picked]
    session = Session(
        store=store,
        console=console,
        answers=answers,
        links={d.id: d.cheatsheet for d in decks},
        grader=grader,
    )
    status = session.run(asked)
    if args.json:
        print_json(to_json(session.transcript))
    return status


def _grader() -> Grader:
    from checker.quiz.decks import DeckError, decks_dir
    from checker.quiz.shell import TableError, load_grader

    try:
        return load_grader(decks_dir() / "linux")
    except (OSError, TableError) as exc:
        raise DeckError(str(exc)) from exc


def run_quiz(args: argparse.Namespace, app: App) -> int:
    from checker.quiz.decks import load_decks

    decks = load_decks()
    chosen = _pick(decks, args.topic, "concepts", "")
    what = f"topic {chosen[0].id}" if args.topic else "all concept topics"
    if args.ids:
        what = "the questions asked for"
    return _review(args, app, decks, chosen, "concepts", what)


def run_cards(args: argparse.Namespace, app: App) -> int:
    from checker.quiz.decks import load_decks

    decks = load_decks()
    chosen = _pick(decks, args.deck, "linux", "linux-")
    what = f"deck {chosen[0].id}" if args.deck else "all Linux decks"
    if args.ids:
        what = "the cards asked for"
    return _review(args, app, decks, chosen, "linux", what)


def run_stats(args: argparse.Namespace, app: App) -> int:
    from checker import readiness
    from checker.catalogue import load_all
    from checker.mock import history
    from checker.quiz.decks import load_decks
    from checker.quiz.scheduler import ReviewStore
    from checker.quiz.stats import compute
    from checker.render.mock import show_history
    from checker.render.quiz import print_json, show_stats
    from checker.render.readiness import show_readiness

    decks = load_decks()
    drills = load_all()
    store = ReviewStore(app.conn)
    reviews, states, moment = store.reviews(), store.states(), now()
    stats = compute(decks, reviews, states, moment)
    progress = app.progress
    status = {d.id: progress.progress(d.id).status for d in drills}
    ready = readiness.compute(drills, status, decks, reviews, states, moment)
    mocks = history(app.conn)
    if args.json:
        print_json({**stats.to_json(), **ready.to_json(), "mocks": [m.scorecard for m in mocks]})
    else:
        show_stats(app.console, stats)
        app.console.print()
        show_readiness(app.console, ready)
        if mocks:
            app.console.print()
            show_history(app.console, mocks)
    return 0
