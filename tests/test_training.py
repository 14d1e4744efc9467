"""Drills in the review schedule (checker/training.py) and today's plan (checker/plan.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from checker.catalogue import load_all, load_drill
from checker.plan import build, new_drill_order
from checker.quiz.decks import load_decks
from checker.quiz.scheduler import ReviewStore
from checker.store import ProgressStore, connect
from checker.training import Training, item_id

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path) -> sqlite3.Connection:
    return connect(tmp_path / "progress.db").conn


def _at(conn: sqlite3.Connection, moment: datetime) -> Training:
    return Training(conn, moment, fuzzing=False)


def _learn(conn, drill, minutes: float = 1.0) -> datetime:
    """Start and pass a drill; returns its due time."""
    training = _at(conn, T0)
    training.begin_start(drill, training.plan_start(drill))
    done = T0 + timedelta(minutes=minutes)
    ProgressStore(conn).record_check(drill.id, "accepted", True, 1.0)
    checked = _at(conn, done).check(drill, True)
    assert checked.outcome == "rated" and checked.state is not None
    return checked.state.due


def test_a_first_start_is_a_learning_attempt_and_leaves_the_file(conn):
    drill = load_drill("dropout")
    start = _at(conn, T0).plan_start(drill)
    assert (start.kind, start.blank, start.begins) == ("learn", False, True)


def test_a_learning_attempt_is_timed_from_the_first_start_ever(conn):
    drill = load_drill("dropout")
    ProgressStore(conn).mark_started(drill.id)  # a start from before attempts were kept
    first = ProgressStore(conn).started_at(drill.id)
    later = datetime.fromtimestamp(first, UTC) + timedelta(hours=3)
    checked = _at(conn, later).check(drill, True)
    assert checked.minutes == pytest.approx(180, abs=0.1)
    assert checked.rating == Rating.Hard  # 3 h against an 8 min target


def test_accepting_schedules_the_drill_and_a_start_before_due_is_practice(conn):
    drill = load_drill("dropout")
    due = _learn(conn, drill)
    assert due > T0 + timedelta(days=1)
    start = _at(conn, T0 + timedelta(hours=1)).plan_start(drill)
    assert (start.kind, start.blank, start.begins, start.due) == ("practice", False, False, due)


def test_a_due_drill_starts_blank_once_then_resumes(conn):
    drill = load_drill("dropout")
    due = _learn(conn, drill)
    training = _at(conn, due + timedelta(minutes=5))
    start = training.plan_start(drill)
    assert (start.kind, start.blank, start.begins) == ("review", True, True)
    training.begin_start(drill, start)
    again = training.plan_start(drill)
    assert (again.kind, again.blank, again.resumed) == ("review", False, True)


def test_a_drill_passed_before_schedules_existed_is_due_now(conn):
    drill = load_drill("adam")
    ProgressStore(conn).record_check(drill.id, "accepted", True, 1.0)
    start = _at(conn, T0).plan_start(drill)
    assert (start.kind, start.blank) == ("review", True)


@pytest.mark.parametrize(
    ("minutes", "failed", "hints", "solution", "rating"),
    [
        (2, 0, 0, False, Rating.Easy),
        (6, 0, 0, False, Rating.Good),
        (2, 1, 0, False, Rating.Good),
        (2, 0, 1, False, Rating.Good),
        (20, 0, 0, False, Rating.Hard),
        (2, 3, 0, False, Rating.Hard),
        (2, 0, 2, False, Rating.Hard),
        (2, 0, 0, True, Rating.Again),
    ],
)
def test_a_review_is_rated_from_what_it_took(conn, minutes, failed, hints, solution, rating):
    drill = load_drill("dropout")  # target 8 min
    due = _learn(conn, drill)
    begin = due + timedelta(hours=1)
    training = _at(conn, begin)
    training.begin_start(drill, training.plan_start(drill))
    for _ in range(failed):
        training.check(drill, False)
    for shown in range(1, hints + 1):
        training.hint(drill, shown)
    if solution:
        training.solution(drill)
    checked = _at(conn, begin + timedelta(minutes=minutes)).check(drill, True)
    assert checked.attempt is not None and checked.attempt.kind == "review"
    assert checked.rating == rating
    log = ReviewStore(conn).reviews(item_id(drill.id))
    assert [r.rating for r in log][-1] == rating


def test_practice_is_judged_but_leaves_the_schedule(conn):
    drill = load_drill("dropout")
    due = _learn(conn, drill)
    training = _at(conn, T0 + timedelta(hours=2))
    assert training.reset(drill) == "practice"
    checked = training.check(drill, True)
    assert checked.outcome == "practice" and checked.rating is None
    assert ReviewStore(conn).state(item_id(drill.id)).due == due
    assert len(ReviewStore(conn).reviews(item_id(drill.id))) == 1


def test_an_accepted_check_of_a_due_drill_not_started_as_a_review_is_not_rated(conn):
    drill = load_drill("dropout")
    due = _learn(conn, drill)
    checked = _at(conn, due + timedelta(days=1)).check(drill, True)
    assert checked.outcome == "due" and checked.rating is None


def test_hints_count_per_attempt_and_never_go_down(conn):
    drill = load_drill("dropout")
    training = _at(conn, T0)
    training.hint(drill, 2)
    training.hint(drill, 1)
    assert training.hints_shown(drill) == 2
    due = _learn(conn, drill)
    review = _at(conn, due + timedelta(hours=1))
    review.begin_start(drill, review.plan_start(drill))
    assert review.hints_shown(drill) == 0, "a review starts with no hint shown"


# ------------------------------------------------------------------ today's plan


def _plan(status, states=None, now=T0, current=None):
    drills = load_all()
    full = {d.id: status.get(d.id, "new") for d in drills}
    return build(drills, full, load_decks(), states or {}, current, set(), now)


def test_new_drills_come_headline_first():
    order = new_drill_order(load_all())
    headline = [d.id for d in order if d.headline]
    assert [d.id for d in order[: len(headline)]] == headline
    assert set(headline) == {"batchnorm", "dropout", "adam", "maxpool"}
    plan = _plan({})
    assert [s.kind for s in plan.steps] == ["new"]
    assert plan.steps[0].drill == order[0].id and plan.steps[0].command[0] == "start"


def test_the_plan_puts_due_reviews_first_most_overdue_first(conn):
    for drill_id in ("dropout", "adam"):
        _learn(conn, load_drill(drill_id))
    states = ReviewStore(conn).states()
    later = max(states[item_id(d)].due for d in ("dropout", "adam")) + timedelta(days=1)
    plan = _plan(
        {"dropout": "passed", "adam": "passed", "maxpool": "started"}, states, later, "maxpool"
    )
    kinds = [s.kind for s in plan.steps]
    assert kinds == ["review", "review", "continue", "new"]
    overdue = sorted(("dropout", "adam"), key=lambda d: states[item_id(d)].due)
    assert [s.drill for s in plan.steps[:2]] == overdue
    assert plan.steps[2].drill == "maxpool"
    assert plan.next_review is None  # everything scheduled is due


def test_due_questions_and_cards_come_after_reviews_and_before_new_drills(conn):
    decks = load_decks()
    question = next(d for d in decks if d.kind == "concepts").items[0]
    card = next(d for d in decks if d.kind == "linux").items[0]
    store = ReviewStore(conn)
    store.record(question.id, question.deck, Rating.Again, T0, "?", False)
    store.record(card.id, card.deck, Rating.Again, T0, "?", False)
    plan = _plan({}, store.states(), T0 + timedelta(days=2))
    assert [s.kind for s in plan.steps] == ["questions", "cards", "new"]
    assert plan.steps[0].command == ("quiz",) and plan.steps[0].count == 1


def test_when_every_drill_is_passed_and_nothing_is_due_new_questions_are_offered():
    plan = _plan({d.id: "passed" for d in load_all()}, {}, T0)
    # Passed with no schedule yet means due at once: every drill is a review.
    assert {s.kind for s in plan.steps} == {"review", "new-questions"}
