"""FSRS scheduling, selection, statistics and the answer loop, with time under test control."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating
from rich.console import Console

from checker.commands.quiz import LineAnswers, Session
from checker.quiz.decks import Deck, Question
from checker.quiz.scheduler import ReviewStore, make_scheduler, next_due, select, shuffled
from checker.quiz.stats import compute, heatmap_start, streak
from checker.render.quiz import heatmap

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    conn = sqlite3.connect(tmp_path / "progress.db")
    return ReviewStore(conn, make_scheduler(fuzzing=False))


def test_wrong_answer_comes_back_sooner_than_right(store):
    wrong = store.record("q-wrong", "d", Rating.Again, T0, "a", False)
    right = store.record("q-right", "d", Rating.Good, T0, "b", True)
    assert wrong.due < right.due
    # Over several sessions, a card that keeps being missed stays on a short leash.
    now = T0
    for _ in range(4):
        now = max(store.state("q-wrong").due, store.state("q-right").due) + timedelta(hours=1)
        store.record("q-wrong", "d", Rating.Again, now, "a", False)
        store.record("q-right", "d", Rating.Good, now, "b", True)
    assert store.state("q-right").due - now > timedelta(days=3)
    assert store.state("q-wrong").due - now < timedelta(days=1)


def test_state_rebuilt_from_the_log_equals_the_stored_state(store):
    now = T0
    ratings = [Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    for rating in ratings:
        store.record("q", "d", rating, now, "x", rating >= Rating.Good)
        now = store.state("q").due + timedelta(minutes=30)
    stored = store.state("q").card.to_dict()
    assert store.rebuild("q").to_dict() == stored
    assert store.rebuild("never-seen") is None
    # And after throwing the cache away entirely:
    store.conn.execute("UPDATE card_state SET card = '{}', due = ''")
    assert store.rebuild_all() == 1
    assert store.state("q").card.to_dict() == stored


def test_state_survives_reopening_the_database(tmp_path):
    path = tmp_path / "progress.db"
    first = ReviewStore(sqlite3.connect(path), make_scheduler(fuzzing=False))
    saved = first.record("q", "d", Rating.Good, T0, "x", True)
    first.conn.close()
    again = ReviewStore(sqlite3.connect(path), make_scheduler(fuzzing=False))
    assert again.state("q").card.to_dict() == saved.card.to_dict()
    (review,) = again.reviews()
    assert (review.item, review.rating, review.answer) == ("q", Rating.Good, "x")
    assert review.correct
    assert review.reviewed_at == T0


def test_naive_times_are_refused(store):
    with pytest.raises(ValueError):
        store.record("q", "d", Rating.Good, datetime(2024, 1, 1), "x", True)


def test_selection_due_first_most_overdue_first_then_new_in_order(store):
    store.record("late", "d", Rating.Again, T0, "", False)  # due T0 + 1 min
    store.record("later", "d", Rating.Again, T0 + timedelta(minutes=5), "", False)
    store.record("not-yet", "d", Rating.Easy, T0, "", True)  # due in days
    states = store.states()
    now = T0 + timedelta(hours=1)
    order = ["new-1", "later", "not-yet", "new-2", "late", "new-3"]
    assert select(order, states, now, 10) == ["late", "later", "new-1", "new-2", "new-3"]
    assert select(order, states, now, 3) == ["late", "later", "new-1"]
    assert select(["not-yet"], states, now, 10) == []
    assert next_due(["not-yet"], states) == states["not-yet"].due


# ------------------------------------------------------------------ stats


def _deck(ids: list[str], deck_id: str = "d") -> Deck:
    questions = tuple(
        Question(
            id=i,
            deck=deck_id,
            type="choice",
            prompt="?",
            explanation="e",
            choices=("x", "y"),
            letters=("a",),
        )
        for i in ids
    )
    return Deck(
        id=deck_id,
        title="D",
        kind="concepts",
        cheatsheet=None,
        path=Path("d.toml"),
        questions=questions,
    )


def test_new_items_shuffled_by_seed_interleave_and_stay_put(store):
    ids = [f"{deck}-{n}" for deck in ("act", "adam", "bn", "drop") for n in range(10)]
    deck_of = {i: i.split("-")[0] for i in ids}
    order = select(ids, {}, T0, 40, "s1", deck_of)
    assert sorted(order) == sorted(ids)
    assert order == select(ids, {}, T0, 40, "s1", deck_of)  # the same learner, the same order
    assert order != select(ids, {}, T0, 40, "s2", deck_of)  # another learner, another order
    assert {deck_of[i] for i in order[:4]} == {"act", "adam", "bn", "drop"}  # dealt round-robin
    assert [i for i in order if i.startswith("act")] != [f"act-{n}" for n in range(10)]
    # A new question slots in without moving the others of its deck.
    grown = shuffled([*ids, "act-new"], "s1", {**deck_of, "act-new": "act"})
    act = [i for i in order if i.startswith("act")]
    assert [i for i in grown if i.startswith("act") and i != "act-new"] == act


def test_the_order_seed_is_drawn_once_per_learner(tmp_path):
    path = tmp_path / "progress.db"
    seed = ReviewStore(sqlite3.connect(path)).order_seed()
    assert seed == ReviewStore(sqlite3.connect(path)).order_seed()
    assert seed != ReviewStore(sqlite3.connect(tmp_path / "other.db")).order_seed()


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2024, 3, 10)
    days = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
    assert streak(days, today) == 3  # today still open: yesterday's run counts
    assert streak(days | {today}, today) == 4
    assert streak({today - timedelta(days=2)}, today) == 0


def test_stats_accuracy_due_and_today(store):
    store.record("a", "d", Rating.Good, T0 - timedelta(days=1), "", True)
    store.record("a", "d", Rating.Again, T0, "", False)
    store.record("b", "d", Rating.Easy, T0 - timedelta(days=4), "", True)  # due in ~4 days
    store.record("gone", "old", Rating.Again, T0, "", False)  # no longer in any deck
    zone = timezone(timedelta(hours=2))
    now = (T0 + timedelta(hours=2)).astimezone(zone)
    stats = compute([_deck(["a", "b", "c"])], store.reviews(), store.states(), now)
    (topic,) = stats.topics
    assert (topic.items, topic.seen, topic.reviews, topic.correct) == (3, 2, 3, 2)
    assert topic.accuracy == pytest.approx(2 / 3)
    assert stats.due_now == 1 and topic.due == 1  # "a" (missed); "gone" is not counted
    assert stats.due_today == 1
    assert stats.due_this_week == 2  # "b" (rated Easy) comes back within days
    assert stats.reviewed_today == 2
    assert stats.streak == 2
    payload = stats.to_json()
    assert [i["id"] for i in payload["items"]][0] in ("a", "gone")
    assert payload["days"] == {"2024-02-29": 1, "2024-03-03": 1, "2024-03-04": 2}


def test_heatmap_has_weekday_rows_and_reads_without_colour():
    today = date(2024, 3, 6)  # a Wednesday
    assert heatmap_start(today).weekday() == 0
    days = {today: 12, today - timedelta(days=1): 4, today - timedelta(days=2): 1}
    text = heatmap(days, today).plain
    rows = text.splitlines()
    assert rows[0].startswith("Mon") and rows[2].startswith("Wed") and rows[6].startswith("Sun")
    assert rows[0].rstrip().endswith("░")  # Monday, 1 review
    assert rows[1].rstrip().endswith("▒")  # Tuesday, 4 reviews
    assert rows[2].rstrip().endswith("█")  # Wednesday, 12 reviews
    # Thursday to Sunday of this week have not happened: their last cell is blank.
    assert [len(row[4:].split()) for row in rows[:7]] == [16, 16, 16, 15, 15, 15, 15]
    assert all("█" not in row and "░" not in row for row in rows[3:7])
    assert sum(row.count("·") for row in rows[:7]) == 16 * 7 - 4 - 3  # no reviews elsewhere


# ------------------------------------------------------------------ the answer loop


class _Interrupting:
    """Answers the first question, then the learner presses Ctrl-C."""

    def __init__(self, first: str) -> None:
        self.first: str | None = first

    def read(self, label: str) -> str:
        if self.first is None:
            raise KeyboardInterrupt
        answer, self.first = self.first, None
        return answer


def _session(
    store: ReviewStore, answers, clock_times: list[datetime], scripted: bool = True
) -> tuple[Session, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    if isinstance(answers, list):
        answers = LineAnswers(iter(answers), console, scripted=scripted)
    times = iter(clock_times)
    return Session(
        store=store,
        console=console,
        answers=answers,
        links={"d": "page#part"},
        clock=lambda: next(times),
    ), out


def test_eof_mid_session_keeps_earlier_answers(store):
    deck = _deck(["q1", "q2", "q3"])
    session, out = _session(store, ["b", "a"], [T0, T0 + timedelta(minutes=1)])
    assert session.run(list(deck.items)) == 0
    text = out.getvalue()
    assert "Stopped (end of input) after 2 of 3 answered" in text
    assert "drill cheatsheet page#part" in text
    assert [(r.item, r.correct) for r in store.reviews()] == [("q1", False), ("q2", True)]


def test_scripted_unreadable_line_uses_up_its_question(store):
    # From a file or a pipe, re-asking would shift every later answer onto the wrong question.
    deck = _deck(["q1", "q2", "q3"])
    session, out = _session(store, ["b", "zz", "a"], [T0, T0 + timedelta(minutes=1)])
    assert session.run(list(deck.items)) == 0
    text = out.getvalue()
    assert "Not graded" in text and "Moving on" in text
    assert "1 not graded" in text
    assert [(r.item, r.correct) for r in store.reviews()] == [("q1", False), ("q3", True)]
    assert [a.outcome for a in session.transcript] == ["wrong", "not_graded", "right"]


def test_at_the_keyboard_an_unreadable_answer_is_asked_again(store):
    deck = _deck(["q1", "q2"])
    session, out = _session(store, ["zz", "a", "b"], [T0, T0], scripted=False)
    assert session.run(list(deck.items)) == 0
    assert "Try again" in out.getvalue()
    assert [(r.item, r.correct) for r in store.reviews()] == [("q1", True), ("q2", False)]


def test_ctrl_c_keeps_earlier_answers_and_exits_130(store):
    deck = _deck(["q1", "q2"])
    session, out = _session(store, _Interrupting("a"), [T0])
    assert session.run(list(deck.items)) == 130
    assert "Stopped (interrupted) after 1 of 2" in out.getvalue()
    assert [r.item for r in store.reviews()] == ["q1"]


def test_recall_takes_a_self_rating(store):
    recall = Question(
        id="r1",
        deck="d",
        type="recall",
        prompt="Explain.",
        explanation="Why.",
        model_answer="The model answer.",
        key_points=("point one",),
    )
    session, out = _session(store, ["my attempt", "meh", "hard"], [T0], scripted=False)
    assert session.run([recall]) == 0
    text = out.getvalue()
    assert "The model answer." in text and "point one" in text
    assert "'meh' is not a rating" in text
    (review,) = store.reviews()
    assert (review.rating, review.answer, review.correct) == (Rating.Hard, "my attempt", False)
