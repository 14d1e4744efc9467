"""A mock interview: one drill against the clock, then concept questions and Linux
cards, then a scorecard kept in the `mock_interviews` table.

Time. The coding part gets CODING_SHARE of the minutes; the questions get whatever
is left of the whole. Every moment comes from a MockClock: checker.clock.now() (so
$DRILL_FAKE_NOW pins it) plus an offset that scripted input moves on with lines
`@wait MINUTES`, standing in for minutes a candidate spends. That is how a script,
or a test, runs the clock out without waiting. At a terminal the coding prompt waits
with select(), never past the deadline; wherever an answer still arrives late (a
pipe, a slow reader), the check it triggers is labelled "after time" and ends the
coding part, so the scorecard can never pass off an overrun as in time.

Judging. Each check is `checker.runner.check`, the judge of `drill check`, but it
is not counted in the drill's attempt or review schedule: a mock is an exam, and
its record is the scorecard. Questions and cards are asked by the quiz's own
Session, so their grading and FSRS recording are exactly those of `drill quiz`
and `drill cards`.

Storage. The row is written when the mock begins, marked interrupted, and updated
after every check and every answer; only a mock that runs to its end clears the
mark. A Ctrl-C, a closed terminal or a crash therefore leave the scorecard so far.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from checker import clock
from checker.app import App, UsageError
from checker.catalogue import Drill
from checker.quiz.decks import Card, Deck, Item, Question
from checker.quiz.scheduler import ItemState, select
from checker.report import VERDICTS

if TYPE_CHECKING:
    from rich.console import Console

    from checker.commands.quiz import Session
    from checker.paths import Locations

CODING_SHARE = 0.6  # of the minutes, for the drill; questions and cards get the rest
QUESTIONS, CARDS = 3, 2
GIVE_UP = "give up"
WAIT = "@wait"
# Not judge verdicts: a coding part that ended before any check, or whose file
# could not be read when it was checked (deleted, made a folder, ...).
NOT_CHECKED, UNREADABLE = "not_checked", "unreadable"
_TITLES = {**VERDICTS, NOT_CHECKED: "Not checked", UNREADABLE: "File could not be read"}
INTERRUPTED, END_OF_INPUT = "interrupted", "end of input"


def coding_budget(minutes: int) -> float:
    """Seconds for the coding part."""
    return round(minutes * 60 * CODING_SHARE)


# ------------------------------------------------------------------ clock and input


@dataclass
class MockClock:
    """checker.clock.now() plus the time that scripted `@wait` lines say has passed."""

    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        return clock.now() + self.offset

    def utc_now(self) -> datetime:
        return self.now().astimezone(UTC)

    def advance(self, minutes: float) -> None:
        self.offset += timedelta(minutes=minutes)

    def left(self, deadline: datetime) -> float:
        """Seconds until `deadline` (negative once it has passed)."""
        return (deadline - self.now()).total_seconds()


def wait_minutes(line: str) -> float | None:
    """The minutes of a `@wait MINUTES` line, None for any other line; ValueError
    when the minutes are not a positive number."""
    words = line.split()
    if not words or words[0].lower() != WAIT:
        return None
    if len(words) != 2:
        raise ValueError
    minutes = float(words[1])  # ValueError for "x"; nan and inf are caught below
    if not 0 < minutes < 10_000:
        raise ValueError
    return minutes


class MockInput(Protocol):
    """Where the candidate's lines come from: the coding prompt's, and the answers
    the quiz Session reads (`read` and `scripted` are its AnswerSource protocol)."""

    scripted: bool

    def coding_line(self, deadline: datetime) -> str | None:
        """The next line at the coding prompt; None when the deadline came first.
        EOFError when there is no more input."""
        ...

    def read(self, label: str) -> str: ...


class ScriptedInput:
    """Lines from --answers FILE or a pipe: an empty line checks the file, `give up`
    ends the coding part, the other lines answer the questions. `@wait MINUTES` lines
    answer nothing: each moves the mock's clock on."""

    scripted = True

    def __init__(self, lines: Iterator[str], mock_clock: MockClock, console: Console) -> None:
        self.lines = lines
        self.clock = mock_clock
        self.console = console

    def _line(self, deadline: datetime | None) -> str | None:
        from checker.render import mock as screen

        while True:
            # A @wait that ran past the deadline leaves the next line unread: it is
            # the answer to whatever comes after the coding part.
            if deadline is not None and self.clock.left(deadline) <= 0:
                return None
            raw = next(self.lines, None)
            if raw is None:
                raise EOFError
            line = raw.rstrip("\r\n")
            try:
                minutes = wait_minutes(line)
            except ValueError:
                screen.show_bad_wait(self.console, line)
                continue
            if minutes is None:
                return line
            self.clock.advance(minutes)
            screen.show_wait(self.console, minutes)

    def coding_line(self, deadline: datetime) -> str | None:
        from checker.render import mock as screen

        line = self._line(deadline)
        if line is not None:
            screen.echo_coding(self.console, self.clock.left(deadline), line)
        return line

    def read(self, label: str) -> str:
        from checker.render.quiz import echo_answer

        line = self._line(None)
        assert line is not None  # no deadline, so never None
        echo_answer(self.console, label, line)
        return line


REMINDERS = (300, 60)  # seconds left at which a waiting coding prompt says so


class TerminalInput:
    """The keyboard. The coding prompt waits with select() on stdin, so a candidate
    busy in their editor when time runs out has their file checked at the deadline,
    not whenever they next press Enter."""

    scripted = False

    def __init__(self, mock_clock: MockClock, console: Console) -> None:
        from checker.commands.quiz import PromptAnswers

        self.clock = mock_clock
        self.console = console
        self.answers = PromptAnswers(console)

    def read(self, label: str) -> str:
        return self.answers.read(label)

    def coding_line(self, deadline: datetime) -> str | None:
        from checker.render import mock as screen

        if os.name == "nt":  # no select() on a console: a late Enter is labelled after time
            screen.show_prompt(self.console, self.clock.left(deadline))
            return input()
        reminders = [r for r in REMINDERS if r < self.clock.left(deadline)]
        screen.show_prompt(self.console, self.clock.left(deadline))
        while True:
            left = self.clock.left(deadline)
            if left <= 0:
                screen.show_deadline_passed(self.console)
                return None
            if reminders and left <= reminders[0]:
                reminders.pop(0)
                screen.show_reminder(self.console, left)
                screen.show_prompt(self.console, left)
                continue
            wait = left - reminders[0] if reminders else left
            line = _line_within(max(wait, 0.05))
            if line is not None:
                return line


def _line_within(seconds: float) -> str | None:
    """A line typed at the terminal within `seconds`, else None; EOFError on Ctrl-D.
    os.read, not sys.stdin: a buffered reader could hold a line select() cannot see."""
    import select

    fd = sys.stdin.fileno()
    ready, _, _ = select.select([fd], [], [], seconds)
    if not ready:
        return None
    data = os.read(fd, 4096)
    if not data:
        raise EOFError
    return data.decode("utf-8", "replace").rstrip("\r\n")


def open_input(answers: Path | None, mock_clock: MockClock, console: Console) -> MockInput:
    """--answers FILE, else the keyboard, else stdin's lines (a pipe or a file)."""
    if answers is not None:
        try:
            text = answers.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read answers from {answers}: {exc}") from exc
        return ScriptedInput(iter(text.splitlines()), mock_clock, console)
    if sys.stdin.isatty():
        return TerminalInput(mock_clock, console)
    return ScriptedInput(iter(sys.stdin), mock_clock, console)


# ------------------------------------------------------------------ what is asked


def choose_drill(app: App, now: datetime) -> Drill:
    """The plan's first drill: due for review, else started and not passed, else the
    next new one. With every drill passed and none due, the one due soonest."""
    from checker.catalogue import load_all, load_drill
    from checker.commands.today import today
    from checker.training import Training

    for step in today(app, now).steps:
        if step.drill is not None:
            return load_drill(step.drill)
    training = Training(app.conn, now)
    drills = load_all()
    return min(drills, key=lambda d: training.standing(d.id).due(now) or now)


def page_of(link: str | None) -> str | None:
    """The cheatsheet page of a link such as "batchnorm#train-vs-test"."""
    return link.split("#", 1)[0] if link else None


def _deal(
    pool: Sequence[str],
    states: Mapping[str, ItemState],
    now: datetime,
    count: int,
    seed: str | None = None,
    deck_of: Mapping[str, str] | None = None,
) -> list[str]:
    """Due first (most overdue first), then new, as `drill quiz` deals them. A mock
    asks its full set, so when that is too few the rest are the ones due soonest
    (as `drill quiz --id` would ask them)."""
    picked = select(pool, dict(states), now, count, seed, deck_of)
    later = sorted(
        (i for i in pool if i not in picked and i in states), key=lambda i: states[i].due
    )
    return (picked + later)[:count]


def pick_questions(
    decks: Sequence[Deck], drill: Drill, states: Mapping[str, ItemState], now: datetime
) -> list[Question]:
    """Questions on the drill's cheatsheet page (their own link or their deck's), in
    deck order; then the drill's follow-up questions if the page has too few."""
    page = page_of(drill.cheatsheet)
    concepts = [d for d in decks if d.kind == "concepts"]
    by_id = {q.id: q for d in concepts for q in d.questions}
    on_page = [
        q.id
        for d in concepts
        for q in d.questions
        if page is not None and page in (page_of(q.cheatsheet), page_of(d.cheatsheet))
    ]
    followups = [i for i in drill.followups if i in by_id]
    pool = list(dict.fromkeys([*on_page, *followups]))
    return [by_id[i] for i in _deal(pool, states, now, QUESTIONS)]


def pick_cards(
    decks: Sequence[Deck], states: Mapping[str, ItemState], now: datetime, seed: str
) -> list[Card]:
    """Linux cards from every deck, due first, then new ones in the learner's own
    shuffle (the order `drill cards` deals them)."""
    cards = {c.id: c for d in decks if d.kind == "linux" for c in d.cards}
    deck_of = {c.id: c.deck for c in cards.values()}
    return [cards[i] for i in _deal(list(cards), states, now, CARDS, seed, deck_of)]


def place_blank(locations: Locations, drill: Drill) -> tuple[Path, Path | None]:
    """The blank starter in the workspace; a file already there is backed up first.
    Returns the file and the backup (None if there was nothing to back up)."""
    from checker.workspace import WorkspaceError, reset, user_file

    try:
        saved = reset(locations, drill)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    return user_file(locations, drill), saved


# ------------------------------------------------------------------ the scorecard


@dataclass
class Coding:
    drill: str
    budget_seconds: float
    retry: str  # the command that writes it again: `drill start X`, or `drill reset X`
    cheatsheet: str | None
    verdict: str = NOT_CHECKED  # of the last check
    checks: int = 0
    seconds: float = 0.0
    ended: str = "in progress"  # "accepted" | "gave up" | "time" | END_OF_INPUT | INTERRUPTED
    mistake_cheatsheet: str | None = None  # of the mistake the last check recognised

    @property
    def time_ran_out(self) -> bool:
        """The verdict is that of the file as it stood at (or after) the deadline."""
        return self.ended == "time"

    @property
    def passed(self) -> bool:
        return self.verdict == "accepted" and not self.time_ran_out

    @property
    def title(self) -> str:
        return _TITLES.get(self.verdict, self.verdict)

    def to_json(self) -> dict[str, object]:
        return {
            "drill": self.drill,
            "verdict": self.verdict,
            "title": self.title,
            "passed": self.passed,
            "checks": self.checks,
            "seconds": round(self.seconds, 1),
            "budget_seconds": self.budget_seconds,
            "ended": self.ended,
            "time_ran_out": self.time_ran_out,
        }


@dataclass
class Part:
    """The questions, or the cards: what was planned and how each asked one went."""

    kind: str  # "questions" | "cards"
    planned: list[str]
    links: dict[str, str | None] = field(default_factory=dict)  # item id -> cheatsheet link
    outcomes: dict[str, str] = field(default_factory=dict)  # right | close | wrong | not_graded
    seconds: float = 0.0

    @property
    def asked(self) -> int:
        return len(self.outcomes)

    @property
    def right(self) -> int:
        return sum(1 for o in self.outcomes.values() if o == "right")

    @property
    def missed(self) -> list[str]:
        """Asked and not right (close counts as missed: it is worth another look)."""
        return [i for i, o in self.outcomes.items() if o != "right"]

    @property
    def not_asked(self) -> list[str]:
        return [i for i in self.planned if i not in self.outcomes]

    def to_json(self) -> dict[str, object]:
        return {
            "asked": self.asked,
            "right": self.right,
            "planned": self.planned,
            "answers": [{"id": i, "outcome": o} for i, o in self.outcomes.items()],
            "not_asked": self.not_asked,
            "seconds": round(self.seconds, 1),
        }


@dataclass(frozen=True)
class ReviewStep:
    why: str
    command: str


def _ids_command(command: str, ids: Sequence[str]) -> str:
    return " ".join(["drill", command, *(f"--id {shlex.quote(i)}" for i in ids)])


def _read(links: Sequence[str | None]) -> list[ReviewStep]:
    unique = dict.fromkeys(link for link in links if link)
    return [ReviewStep("read", f"drill cheatsheet {link}") for link in unique]


@dataclass
class Scorecard:
    started_at: datetime
    minutes: int
    coding: Coding
    questions: Part
    cards: Part
    seconds: float = 0.0
    stopped: str | None = None  # END_OF_INPUT | INTERRUPTED: the mock did not run to its end
    finished: bool = False

    @property
    def interrupted(self) -> bool:
        return not self.finished or self.stopped is not None

    def review(self) -> list[ReviewStep]:
        """What to do next, as commands to copy: the drill again unless it was accepted
        in time, the questions and cards missed, and the cheatsheet sections behind them."""
        steps: list[ReviewStep] = []
        coding, questions, cards = self.coding, self.questions, self.cards
        if not coding.passed:
            steps.append(ReviewStep("coding", coding.retry))
            steps += _read([coding.mistake_cheatsheet, coding.cheatsheet])
        if questions.missed:
            steps.append(ReviewStep("questions missed", _ids_command("quiz", questions.missed)))
        if cards.missed:
            steps.append(ReviewStep("cards missed", _ids_command("cards", cards.missed)))
        if questions.not_asked:
            steps.append(ReviewStep("not reached", _ids_command("quiz", questions.not_asked)))
        if cards.not_asked:
            steps.append(ReviewStep("not reached", _ids_command("cards", cards.not_asked)))
        missed_links = [questions.links.get(i) for i in questions.missed]
        missed_links += [cards.links.get(i) for i in cards.missed]
        known = {s.command for s in steps}
        steps += [s for s in _read(missed_links) if s.command not in known]
        return steps

    def to_json(self) -> dict[str, object]:
        return {
            "started_at": self.started_at.isoformat(),
            "minutes": self.minutes,
            "seconds": round(self.seconds, 1),
            "interrupted": self.interrupted,
            "stopped": self.stopped,
            "coding": self.coding.to_json(),
            "questions": self.questions.to_json(),
            "cards": self.cards.to_json(),
            "review": [{"why": s.why, "command": s.command} for s in self.review()],
        }


# ------------------------------------------------------------------ the store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mock_interviews (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    minutes INTEGER NOT NULL,
    drill TEXT NOT NULL,
    verdict TEXT NOT NULL,
    coding_seconds REAL NOT NULL,
    questions_right INTEGER NOT NULL,
    questions_asked INTEGER NOT NULL,
    cards_right INTEGER NOT NULL,
    cards_asked INTEGER NOT NULL,
    interrupted INTEGER NOT NULL,
    scorecard TEXT NOT NULL
);
"""
_COLUMNS = (
    "started_at, minutes, drill, verdict, coding_seconds, questions_right, questions_asked, "
    "cards_right, cards_asked, interrupted, scorecard"
)


@dataclass(frozen=True)
class MockRecord:
    """One stored mock interview, as `drill stats` lists them."""

    id: int
    started_at: datetime
    minutes: int
    drill: str
    verdict: str
    coding_seconds: float
    questions_right: int
    questions_asked: int
    cards_right: int
    cards_asked: int
    interrupted: bool
    scorecard: dict[str, object]

    @property
    def time_ran_out(self) -> bool:
        coding = self.scorecard.get("coding")
        return isinstance(coding, dict) and bool(coding.get("time_ran_out"))

    @property
    def title(self) -> str:
        return _TITLES.get(self.verdict, self.verdict)


def _values(card: Scorecard) -> tuple[object, ...]:
    return (
        card.started_at.timestamp(),
        card.minutes,
        card.coding.drill,
        card.coding.verdict,
        card.coding.seconds,
        card.questions.right,
        card.questions.asked,
        card.cards.right,
        card.cards.asked,
        int(card.interrupted),
        json.dumps(card.to_json()),
    )


def _record(row: Sequence) -> MockRecord:
    try:
        scorecard = json.loads(row[11])
    except (TypeError, ValueError):
        scorecard = {}
    return MockRecord(
        id=row[0],
        started_at=datetime.fromtimestamp(row[1], UTC).astimezone(),
        minutes=row[2],
        drill=row[3],
        verdict=row[4],
        coding_seconds=row[5],
        questions_right=row[6],
        questions_asked=row[7],
        cards_right=row[8],
        cards_asked=row[9],
        interrupted=bool(row[10]),
        scorecard=scorecard if isinstance(scorecard, dict) else {},
    )


class MockStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(_SCHEMA)

    def insert(self, card: Scorecard) -> int:
        with self.conn:
            values = _values(card)
            cursor = self.conn.execute(
                f"INSERT INTO mock_interviews ({_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
                values,
            )
        return cursor.lastrowid or 0

    def update(self, row_id: int, card: Scorecard) -> None:
        assignments = ", ".join(f"{c.strip()} = ?" for c in _COLUMNS.split(","))
        with self.conn:
            self.conn.execute(
                f"UPDATE mock_interviews SET {assignments} WHERE id = ?", (*_values(card), row_id)
            )

    def history(self) -> list[MockRecord]:
        rows = self.conn.execute(f"SELECT id, {_COLUMNS} FROM mock_interviews ORDER BY id")
        return [_record(row) for row in rows]


def history(conn: sqlite3.Connection) -> list[MockRecord]:
    """Every mock interview, oldest first."""
    return MockStore(conn).history()


# ------------------------------------------------------------------ the session


@dataclass
class Interview:
    drill: Drill
    path: Path  # the candidate's file in the workspace
    clock: MockClock
    inputs: MockInput
    console: Console
    store: MockStore
    session: Session  # the quiz's: asks questions and cards, grades and records them
    questions: list[Question]
    cards: list[Card]
    scorecard: Scorecard
    row_id: int = field(default=0, init=False)  # 0 until the row is first written
    save_failed: bool = field(default=False, init=False)

    @property
    def deadline(self) -> datetime:
        return self.scorecard.started_at + timedelta(minutes=self.scorecard.minutes)

    def run(self) -> int:
        """The whole mock; returns the exit status (130 after Ctrl-C)."""
        from checker.render import mock as screen

        try:
            self._save()  # the row exists from the start, marked interrupted until the end
            self._coding()
            if self.scorecard.stopped is None:
                self._questions()
        except KeyboardInterrupt:
            self.scorecard.stopped = INTERRUPTED
            if self.scorecard.coding.ended == "in progress":
                self.scorecard.coding.ended = INTERRUPTED
                self.scorecard.coding.seconds = self._since(self.scorecard.started_at)
            screen.show_stopped(self.console, INTERRUPTED)
        self.scorecard.finished = True
        self.scorecard.seconds = self._since(self.scorecard.started_at)
        self._save()
        screen.show_scorecard(self.console, self.scorecard)
        return 130 if self.scorecard.stopped == INTERRUPTED else 0

    def _since(self, start: datetime) -> float:
        return (self.clock.now() - start).total_seconds()

    def _save(self) -> None:
        """Keep the scorecard so far; a database that cannot be written now does not
        stop the mock (said once)."""
        from checker.render.console import warn
        from checker.store import StoreUnavailable

        try:
            if self.row_id:
                self.store.update(self.row_id, self.scorecard)
            else:
                self.row_id = self.store.insert(self.scorecard)
        except (StoreUnavailable, sqlite3.Error) as exc:
            if not self.save_failed:
                warn(f"the scorecard could not be saved: {exc}")
            self.save_failed = True

    # -------------------------------------------------------------- coding

    def _coding(self) -> None:
        from checker.render import mock as screen

        coding = self.scorecard.coding
        deadline = self.scorecard.started_at + timedelta(seconds=coding.budget_seconds)
        while coding.ended == "in progress":
            try:
                line = self.inputs.coding_line(deadline)
            except EOFError:
                screen.show_coding_eof(self.console, self.inputs.scripted)
                self._end_coding(END_OF_INPUT)
                if self.inputs.scripted:  # nothing left to answer the questions with
                    self.scorecard.stopped = END_OF_INPUT
                return
            if line is None or self.clock.left(deadline) <= 0:
                screen.show_time_up(self.console)
                self._check(after_time=True)
                self._end_coding("time")
            elif line.strip().lower() == GIVE_UP:
                self._end_coding("gave up")
            elif line.strip():
                screen.show_not_understood(self.console, line)
            elif self._check(after_time=False):
                self._end_coding("accepted")

    def _end_coding(self, ended: str) -> None:
        from checker.render import mock as screen

        coding = self.scorecard.coding
        coding.ended = ended
        coding.seconds = self._since(self.scorecard.started_at)
        self._save()
        screen.show_coding_over(self.console, coding)

    def _check(self, after_time: bool) -> bool:
        """Judge the file as it stands; True when Accepted."""
        from checker.render import mock as screen
        from checker.runner import check

        coding = self.scorecard.coding
        screen.show_checking(self.console, self.path, after_time)
        try:
            report = check(self.drill, self.path)
        except UsageError as exc:  # the file went missing or unreadable meanwhile
            screen.show_check_problem(self.console, str(exc))
            coding.verdict = UNREADABLE
            self._save()
            return False
        coding.checks += 1
        coding.verdict = report.verdict
        mistake = report.failure.mistake if report.failure else None
        coding.mistake_cheatsheet = mistake.cheatsheet if mistake else None
        screen.show_check(self.console, report, after_time)
        self._save()
        return report.passed

    # -------------------------------------------------------------- questions

    def _questions(self) -> None:
        from checker.render import mock as screen

        items: list[tuple[Item, Part]] = [(q, self.scorecard.questions) for q in self.questions]
        items += [(c, self.scorecard.cards) for c in self.cards]
        if not items:
            return
        screen.show_questions_start(
            self.console, len(self.questions), len(self.cards), self.clock.left(self.deadline)
        )
        for n, (item, part) in enumerate(items):
            left = self.clock.left(self.deadline)
            if left <= 0:
                screen.show_out_of_time(self.console, self.scorecard)
                return
            if n:  # the first one's time left was just shown
                screen.show_left(self.console, left)
            try:
                self._ask(item, part)
            except EOFError:
                self.scorecard.stopped = END_OF_INPUT
                screen.show_stopped(self.console, END_OF_INPUT)
                return

    def _ask(self, item: Item, part: Part) -> None:
        """One item through the quiz Session; its time counts to its part even if
        the answer never comes."""
        start = self.clock.now()
        answered = len(self.session.transcript)
        try:
            self.session.ask(item, part.planned.index(item.id) + 1, len(part.planned))
        finally:
            part.seconds += self._since(start)
            for answer in self.session.transcript[answered:]:
                part.outcomes[answer.id] = answer.outcome
            self._save()


def new_scorecard(
    drill: Drill,
    minutes: int,
    started_at: datetime,
    questions: list[Question],
    cards: list[Card],
    links: Mapping[str, str | None],
    retry: str,
) -> Scorecard:
    """An empty scorecard; `links` maps a deck id to its cheatsheet link."""

    def link(item: Item) -> str | None:
        return item.cheatsheet or links.get(item.deck)

    coding = Coding(drill.id, coding_budget(minutes), retry, drill.cheatsheet)
    return Scorecard(
        started_at=started_at,
        minutes=minutes,
        coding=coding,
        questions=Part("questions", [q.id for q in questions], {q.id: link(q) for q in questions}),
        cards=Part("cards", [c.id for c in cards], {c.id: link(c) for c in cards}),
    )


def retry_command(app: App, drill: Drill, now: datetime) -> str:
    """`drill start X` writes a new or due drill again; a passed drill that is not
    due is left alone by start, so for it the command is `drill reset X` (practice)."""
    from checker.training import Training

    kind = Training(app.conn, now).standing(drill.id).kind(now)
    return f"drill {'reset' if kind == 'practice' else 'start'} {drill.id}"
