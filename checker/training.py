"""Drills in spaced repetition: what start, reset, check, hint and solution do to a
drill's attempt (checker/attempts.py) and to its place in the FSRS schedule.

A drill becomes a review item (`drill:<id>`, deck `drills`, in the same store as
questions and cards) when it is first accepted. After that it is *due* when FSRS
says so; a drill accepted before drill kept schedules is due at once, so that its
first review sets one. Starting a due drill begins a timed `review` from the blank
starter; writing it again before it is due is `practice`, judged but unrated, so
that an early rehearsal cannot teach the scheduler a memory the learner lacks.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating

from checker.attempts import Attempt, AttemptStore
from checker.catalogue import Drill
from checker.quiz.scheduler import ItemState, ReviewStore, make_scheduler
from checker.repetition import AttemptRecord, rate
from checker.store import ProgressStore

DECK = "drills"


def item_id(drill_id: str) -> str:
    return f"drill:{drill_id}"


@dataclass(frozen=True)
class Standing:
    """Where a drill stands: ever accepted, and its review card if it has one."""

    passed: bool
    state: ItemState | None

    def due(self, now: datetime) -> datetime | None:
        if self.state is not None:
            return self.state.due
        return now if self.passed else None

    def is_due(self, now: datetime) -> bool:
        due = self.due(now)
        return due is not None and due <= now

    def kind(self, now: datetime) -> str:
        """The kind of attempt a fresh start would begin."""
        if not self.passed:
            return "learn"
        return "review" if self.is_due(now) else "practice"


@dataclass(frozen=True)
class Start:
    kind: str  # "learn" | "review" | "practice"
    blank: bool  # put the blank starter in place (the old file is backed up first)
    resumed: bool  # an attempt of this kind was already open: carry on with it
    due: datetime | None  # when the drill is (or was) due for review
    begins: bool = False  # a new attempt begins once the file is in place
    since: float | None = None  # when the resumed attempt started


@dataclass(frozen=True)
class Checked:
    """What a check did to the attempt and the schedule."""

    outcome: str  # "rated" | "practice" | "due" (accepted, but no review was started) | "failed"
    attempt: Attempt | None
    rating: Rating | None = None
    state: ItemState | None = None  # the schedule after this check
    minutes: float | None = None
    target_minutes: int | None = None


class Training:
    def __init__(self, conn: sqlite3.Connection, now: datetime, fuzzing: bool = True) -> None:
        self.now = now
        self.progress = ProgressStore(conn)
        self.attempts = AttemptStore(conn)
        self.reviews = ReviewStore(conn, make_scheduler(fuzzing=fuzzing))

    def standing(self, drill_id: str) -> Standing:
        passed = self.progress.progress(drill_id).status == "passed"
        return Standing(passed, self.reviews.state(item_id(drill_id)))

    def _begin(self, drill: Drill, kind: str) -> Attempt:
        started = self.now.timestamp()
        if kind == "learn":
            # A drill started before attempts were kept is timed from that first start.
            first = self.progress.started_at(drill.id)
            if first is not None:
                started = min(started, first)
        return self.attempts.begin(drill.id, kind, started)

    def plan_start(self, drill: Drill) -> Start:
        """What `drill start` does: a due drill begins a review from the blank starter;
        an attempt of the same kind already open carries on, its file untouched. Nothing
        is written until `begin_start`, after the file is in place."""
        standing = self.standing(drill.id)
        kind = standing.kind(self.now)
        due = standing.due(self.now)
        open_attempt = self.attempts.open(drill.id)
        if open_attempt is not None and open_attempt.kind == kind:
            return Start(kind, False, True, due, since=open_attempt.started_at)
        if kind == "practice":
            # Not due: the file stays as it is; `drill reset` opens a practice attempt.
            return Start(kind, blank=False, resumed=False, due=due)
        return Start(kind, blank=kind == "review", resumed=False, due=due, begins=True)

    def begin_start(self, drill: Drill, start: Start) -> None:
        if start.begins:
            self._begin(drill, start.kind)

    def reset(self, drill: Drill) -> str:
        """`drill reset`: the starter is back, so a fresh attempt begins (a learner
        still learning keeps their clock, hints and failed checks)."""
        kind = self.standing(drill.id).kind(self.now)
        open_attempt = self.attempts.open(drill.id)
        if not (kind == "learn" and open_attempt is not None and open_attempt.kind == "learn"):
            self._begin(drill, kind)
        return kind

    def _current(self, drill: Drill) -> Attempt | None:
        """The open attempt; a drill never accepted gets its learning attempt on first
        contact (a check with --file, a hint before any start)."""
        attempt = self.attempts.open(drill.id)
        if attempt is None and not self.standing(drill.id).passed:
            attempt = self._begin(drill, "learn")
        return attempt

    def hint(self, drill: Drill, shown: int) -> None:
        attempt = self._current(drill)
        if attempt is not None:
            self.attempts.hints_shown(attempt, shown)

    def hints_shown(self, drill: Drill) -> int:
        """Hints already shown in the open attempt (each attempt starts with none)."""
        attempt = self.attempts.open(drill.id)
        return attempt.hints if attempt is not None else 0

    def solution(self, drill: Drill) -> None:
        attempt = self._current(drill)
        if attempt is not None:
            self.attempts.solution_seen(attempt)

    def check(self, drill: Drill, passed: bool) -> Checked:
        """Count a failed check, or close the attempt on Accepted and schedule it."""
        standing = self.standing(drill.id)
        attempt = self._current(drill)
        if attempt is None:
            # Accepted before and no attempt open: nothing to time.
            outcome = "due" if standing.is_due(self.now) else "practice"
            return Checked(outcome if passed else "failed", None, state=standing.state)
        if not passed:
            return Checked("failed", self.attempts.failed_check(attempt), state=standing.state)
        at = self.now.timestamp()
        minutes = attempt.minutes(at)
        if attempt.kind == "practice":
            closed = self.attempts.accept(attempt, at, None)
            return Checked("practice", closed, state=standing.state, minutes=minutes)
        record = AttemptRecord(minutes, attempt.failed_checks, attempt.hints, attempt.solution_seen)
        rating = rate(record, drill.target_minutes)
        closed = self.attempts.accept(attempt, at, int(rating))
        answer = (
            f"{attempt.kind}: {minutes:.1f} min, {attempt.failed_checks} failed checks, "
            f"{attempt.hints} hints" + (", solution seen" if attempt.solution_seen else "")
        )
        state = self.reviews.record(item_id(drill.id), DECK, rating, self.now, answer, True)
        return Checked("rated", closed, rating, state, minutes, drill.target_minutes)
