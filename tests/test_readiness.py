"""Interview readiness per topic (checker/readiness.py) in `drill stats`."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from rich.console import Console

from checker import readiness
from checker.catalogue import load_all, load_drill
from checker.plan import new_drill_order
from checker.quiz.decks import Card, Deck, Question, load_decks
from checker.quiz.scheduler import ReviewStore, make_scheduler
from checker.readiness import Part, score
from checker.render.readiness import show_readiness
from checker.store import ProgressStore, connect
from checker.training import DECK, Training, item_id

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# ------------------------------------------------------------------ the score table
#
# Part(total, done, due, rated, good): drills (total, passed, passed and due now, real
# reviews, rated good or easy) or questions/cards (total, seen, seen and due now,
# answers in the last 30 days, right). A part scores (done/total + (done - due)/total
# + good/rated) / 3, good/rated counting 0 with no reviews; the topic scores the mean
# of the parts it has, times 100, rounded.

NONE = Part(0, 0, 0, 0, 0)  # the topic has nothing of this kind

SCORES = [
    # (case, drills, questions, cards, expected score)
    ("never touched", Part(2, 0, 0, 0, 0), Part(20, 0, 0, 0, 0), NONE, 0),
    ("nothing at all in the topic", NONE, NONE, NONE, 0),
    ("all passed, recalled on schedule; questions 90% right, all seen",
     Part(2, 2, 0, 4, 4), Part(20, 20, 0, 20, 18), NONE, 98),
    ("everything perfect", Part(2, 2, 0, 4, 4), Part(20, 20, 0, 20, 20), NONE, 100),
    ("passed once long ago, overdue, never reviewed; no questions",
     Part(2, 2, 2, 0, 0), NONE, NONE, 33),
    ("the same drills recalled on schedule", Part(2, 2, 0, 2, 2), NONE, NONE, 100),
    ("recalled before, now overdue", Part(2, 2, 2, 2, 2), NONE, NONE, 67),
    ("just passed, not yet reviewed", Part(2, 2, 0, 0, 0), NONE, NONE, 67),
    ("half passed, reviews half good", Part(2, 1, 0, 2, 1), NONE, NONE, 50),
    ("no drills: questions alone, all seen, 80% right",
     NONE, Part(10, 10, 0, 10, 8), NONE, 93),
    ("no drills: half seen, half of those due, 50% right",
     NONE, Part(10, 5, 2, 10, 5), NONE, 43),
    ("questions seen long ago, none answered in 30 days, all due",
     NONE, Part(10, 10, 10, 0, 0), NONE, 33),
    ("linux: cards alone", NONE, NONE, Part(100, 50, 0, 40, 30), 58),
    ("drills perfect, questions untouched: the mean of the two", Part(1, 1, 0, 1, 1),
     Part(10, 0, 0, 0, 0), NONE, 50),
    ("odd counts are clamped, never above 100", Part(1, 3, 0, 1, 5), NONE, NONE, 100),
]


@pytest.mark.parametrize(
    ("drills", "questions", "cards", "expected"),
    [case[1:] for case in SCORES],
    ids=[case[0] for case in SCORES],
)
def test_score_table(drills, questions, cards, expected):
    assert score((drills, questions, cards)) == expected


def test_overdue_scores_lower_than_recalled_on_schedule():
    on_schedule = score((Part(3, 3, 0, 3, 3), NONE, NONE))
    overdue = score((Part(3, 3, 3, 0, 0), NONE, NONE))
    assert overdue < on_schedule


# ------------------------------------------------------------------ small decks and drills


def _question(qid: str, deck: str) -> Question:
    return Question(qid, deck, "choice", "?", "because", choices=("a", "b"), letters=("a",))


def _deck(deck_id: str, ids: list[str], link: str | None, kind: str = "concepts") -> Deck:
    if kind == "linux":
        cards = tuple(Card(i, deck_id, "?", "ls", (), "because") for i in ids)
        return Deck(deck_id, deck_id, kind, link, Path(f"{deck_id}.toml"), cards=cards)
    questions = tuple(_question(i, deck_id) for i in ids)
    return Deck(deck_id, deck_id, kind, link, Path(f"{deck_id}.toml"), questions=questions)


@pytest.fixture(scope="module")
def drills():
    return load_all()


def _by_name(result: readiness.Readiness) -> dict[str, readiness.Topic]:
    return {t.name: t for t in result.topics}


# ------------------------------------------------------------------ grouping into topics


def test_topics_are_cheatsheet_pages_and_linux_is_one(drills):
    result = readiness.compute(drills, {}, load_decks(), [], {}, T0)
    topics = _by_name(result)
    for name in ("batchnorm", "dropout", "optimisers", "pooling", "softmax", "linux"):
        assert name in topics
    assert set(topics["batchnorm"].drills) >= {"batchnorm", "layernorm", "spatial_batchnorm"}
    assert "adam" in topics["optimisers"].drills and "adam" in topics["optimisers"].decks
    assert topics["linux"].cards.total > 0 and topics["linux"].drill_part.total == 0
    assert all(d.startswith("linux-") for d in topics["linux"].decks)
    # Every drill and every deck lands in exactly one topic.
    assert sorted(d for t in result.topics for d in t.drills) == sorted(d.id for d in drills)
    assert sorted(k for t in result.topics for k in t.decks) == sorted(
        d.id for d in load_decks()
    )


def test_a_deck_without_a_link_goes_by_its_questions_then_by_its_own_id(drills):
    linked = _deck("bn-extra", ["q1", "q2"], None)
    linked = replace(
        linked,
        questions=(
            replace(linked.questions[0], cheatsheet="batchnorm#forward-pass"),
            linked.questions[1],
        ),
    )
    alone = _deck("unlinked", ["a1"], None)
    result = readiness.compute(drills, {}, [linked, alone], [], {}, T0)
    topics = _by_name(result)
    assert "bn-extra" in topics["batchnorm"].decks
    assert topics["unlinked"].decks == ("unlinked",)
    assert topics["unlinked"].command == "drill quiz unlinked"


# ------------------------------------------------------------------ weakest and its command


def test_fresh_install_every_topic_zero_and_the_first_headline_drill_first(drills):
    result = readiness.compute(drills, {}, load_decks(), [], {}, T0)
    assert result.topics and all(t.score == 0 for t in result.topics)
    first = new_drill_order(drills)[0]
    weakest = result.weakest
    assert weakest is not None
    assert weakest.name == first.cheatsheet.split("#")[0]
    assert weakest.command == f"drill start {first.id}"
    # The table lists topics with drills in the order new drills are offered.
    assert result.topics[0].name == weakest.name


def _state(store: ReviewStore, item: str, deck: str, rating: Rating, at: datetime):
    return store.record(item, deck, rating, at, "typed", rating >= Rating.Good)


def test_a_due_drill_review_comes_first():
    drill = load_drill("dropout")
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    _state(store, item_id("dropout"), DECK, Rating.Good, T0)
    later = T0 + timedelta(days=365)
    deck = _deck("dropout", ["d1", "d2"], "dropout#inverted-dropout")
    _state(store, "d1", "dropout", Rating.Again, T0)  # due too, but the drill comes first
    result = readiness.compute(
        [drill], {"dropout": "passed"}, [deck], store.reviews(), store.states(), later
    )
    (topic,) = result.topics
    assert topic.drill_part.due == 1 and topic.questions.due == 1
    assert topic.command == "drill start dropout"


def test_due_questions_before_an_unpassed_drill():
    drill = load_drill("dropout")
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    deck = _deck("dropout", ["d1", "d2"], "dropout#inverted-dropout")
    _state(store, "d1", "dropout", Rating.Again, T0)
    result = readiness.compute(
        [drill], {}, [deck], store.reviews(), store.states(), T0 + timedelta(days=1)
    )
    assert result.topics[0].command == "drill quiz dropout"


def test_an_unpassed_drill_then_unseen_questions():
    drills = [load_drill("adam"), load_drill("rmsprop")]
    decks = [
        _deck("adam", ["a1"], "optimisers#adam"),
        _deck("rmsprop", ["r1", "r2"], "optimisers#rmsprop"),
    ]
    # A started drill comes before one never started.
    status = {"adam": "new", "rmsprop": "started"}
    result = readiness.compute(drills, status, decks, [], {}, T0)
    assert result.topics[0].command == "drill start rmsprop"
    # Every drill passed and nothing due: the deck with the lowest score that has
    # questions never asked.
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    for drill in drills:
        _state(store, item_id(drill.id), DECK, Rating.Easy, T0)
    _state(store, "a1", "adam", Rating.Easy, T0)
    _state(store, "r1", "rmsprop", Rating.Easy, T0)
    status = {"adam": "passed", "rmsprop": "passed"}
    now = T0 + timedelta(hours=1)
    result = readiness.compute(drills, status, decks, store.reviews(), store.states(), now)
    assert result.topics[0].command == "drill quiz rmsprop"


def test_low_accuracy_deck_is_the_one_to_quiz():
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    decks = [
        _deck("good", ["g1", "g2"], "softmax#softmax"),
        _deck("bad", ["b1", "b2"], "softmax#softmax"),
    ]
    _state(store, "g1", "good", Rating.Easy, T0)
    _state(store, "b1", "bad", Rating.Again, T0)
    result = readiness.compute([], {}, decks, store.reviews(), store.states(), T0)
    assert result.topics[0].command == "drill quiz bad"


def test_linux_command_names_the_short_deck_id():
    decks = [
        _deck("linux-search", ["s1"], "linux#search", kind="linux"),
        _deck("linux-vim", ["v1"], "linux#vim-basics", kind="linux"),
    ]
    result = readiness.compute([], {}, decks, [], {}, T0)
    (topic,) = result.topics
    assert topic.name == "linux" and topic.command == "drill cards search"


def test_nothing_left_to_do_now_reads_the_cheatsheet():
    drill = load_drill("dropout")
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    _state(store, item_id("dropout"), DECK, Rating.Easy, T0)
    result = readiness.compute(
        [drill], {"dropout": "passed"}, [], store.reviews(), store.states(), T0
    )
    assert result.topics[0].command == "drill cheatsheet dropout"


def test_weakest_is_the_lowest_score_and_skips_empty_topics():
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    empty = _deck("empty", [], None)
    decks = [_deck("alpha", ["a1"], "alpha"), _deck("beta", ["b1", "b2"], "beta"), empty]
    _state(store, "a1", "alpha", Rating.Easy, T0)
    _state(store, "b1", "beta", Rating.Easy, T0)
    result = readiness.compute([], {}, decks, store.reviews(), store.states(), T0)
    assert [t.name for t in result.topics] == ["alpha", "beta"]  # "empty" has nothing
    assert result.weakest is not None and result.weakest.name == "beta"
    assert readiness.compute([], {}, [empty], [], {}, T0).weakest is None


# ------------------------------------------------------------------ odd data never raises


def test_retired_drills_decks_and_naive_times_are_ignored(drills):
    store = ReviewStore(sqlite3.connect(":memory:"), make_scheduler(fuzzing=False))
    _state(store, item_id("no_such_drill"), DECK, Rating.Good, T0)
    _state(store, item_id("no_such_drill"), DECK, Rating.Good, T0 + timedelta(days=3))
    _state(store, "retired-question", "retired-deck", Rating.Again, T0)
    with store.conn:
        store.conn.execute(
            "INSERT INTO review_log (item, deck, rating, reviewed_at, answer, correct) "
            "VALUES ('d1', 'dropout', 3, '2026-03-01T08:00:00', 'x', 1)"
        )
    decks = [_deck("dropout", ["d1"], "dropout")]
    status = {"gone": "passed", "dropout": "weird"}
    result = readiness.compute(drills, status, decks, store.reviews(), store.states(), T0)
    topic = _by_name(result)["dropout"]
    assert topic.questions.rated == 1 and topic.questions.good == 1
    assert sum(t.drill_part.rated for t in result.topics) == 0
    assert all(0 <= t.score <= 100 for t in result.topics)


# ------------------------------------------------------------------ a real database


@pytest.fixture
def conn(tmp_path) -> sqlite3.Connection:
    return connect(tmp_path / "progress.db").conn


def _learn(conn, drill, at: datetime, minutes: float = 1.0) -> datetime:
    """Start and pass a drill through the real training API; returns its due time."""
    training = Training(conn, at, fuzzing=False)
    training.begin_start(drill, training.plan_start(drill))
    ProgressStore(conn).record_check(drill.id, "accepted", True, 1.0)
    checked = Training(conn, at + timedelta(minutes=minutes), fuzzing=False).check(drill, True)
    assert checked.state is not None
    return checked.state.due


def _review(conn, drill, at: datetime, minutes: float) -> datetime:
    training = Training(conn, at, fuzzing=False)
    start = training.plan_start(drill)
    assert start.kind == "review"
    training.begin_start(drill, start)
    checked = Training(conn, at + timedelta(minutes=minutes), fuzzing=False).check(drill, True)
    assert checked.outcome == "rated" and checked.state is not None
    return checked.state.due


def _from_db(conn, drills, decks, now: datetime) -> readiness.Readiness:
    progress = ProgressStore(conn)
    status = {d.id: progress.progress(d.id).status for d in drills}
    store = ReviewStore(conn)
    return readiness.compute(drills, status, decks, store.reviews(), store.states(), now)


def test_from_a_real_database(conn):
    drills = [load_drill("dropout"), load_drill("batchnorm"), load_drill("layernorm")]
    decks = [d for d in load_decks() if d.id in ("dropout", "batchnorm")]
    # dropout: learned, then reviewed on time from memory (Good or Easy).
    due = _learn(conn, drills[0], T0)
    due = _review(conn, drills[0], due, minutes=2)
    # batchnorm: learned once, and long overdue by `now`; layernorm never started.
    _learn(conn, drills[1], T0)
    # Questions: two dropout questions, one right and one wrong; one batchnorm
    # question answered 40 days before `now` (outside the 30-day window).
    now = due - timedelta(hours=1)
    store = ReviewStore(conn, make_scheduler(fuzzing=False))
    q1, q2 = next(d for d in decks if d.id == "dropout").questions[:2]
    store.record(q1.id, q1.deck, Rating.Easy, now - timedelta(days=2), "a", True)
    store.record(q2.id, q2.deck, Rating.Again, now - timedelta(days=2), "b", False)
    bn = next(d for d in decks if d.id == "batchnorm").questions[0]
    store.record(bn.id, bn.deck, Rating.Good, now - timedelta(days=40), "c", True)

    topics = _by_name(_from_db(conn, drills, decks, now))
    dropout, batchnorm = topics["dropout"], topics["batchnorm"]
    assert dropout.drill_part == Part(1, 1, 0, 1, 1)
    assert (dropout.questions.done, dropout.questions.rated, dropout.questions.good) == (2, 2, 1)
    assert dropout.questions.due == 1  # the one rated Again comes back within minutes
    assert batchnorm.drill_part.total == 2 and batchnorm.drill_part.done == 1
    assert batchnorm.drill_part.due == 1 and batchnorm.drill_part.rated == 0
    assert (batchnorm.questions.done, batchnorm.questions.rated) == (1, 0)
    assert batchnorm.command == "drill start batchnorm"  # the overdue review first
    assert dropout.score > batchnorm.score


# ------------------------------------------------------------------ the CLI


def test_stats_json_keeps_its_keys_and_adds_readiness(run_drill, drill_env):
    drill_env["DRILL_FAKE_NOW"] = "2026-03-02T08:00:00+00:00"
    done = run_drill("stats", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    old = {"today", "due_now", "due_today", "due_this_week", "reviewed_today"}
    new = {"readiness", "weakest", "mocks"}
    assert old | {"streak_days", "topics", "days", "items"} | new == set(data)
    first = new_drill_order(load_all())[0]
    assert data["weakest"] == {
        "topic": first.cheatsheet.split("#")[0],
        "score": 0,
        "command": f"drill start {first.id}",
    }
    row = data["readiness"][0]
    assert set(row) == {"topic", "score", "command", "drills", "decks", "concepts", "cards"}
    assert set(row["drills"]) == {"ids", "total", "passed", "due", "reviews", "recalled", "recall"}
    assert set(row["concepts"]) == {
        "total", "seen", "due", "answers_30d", "correct_30d", "accuracy_30d"
    }
    assert all(t["score"] == 0 for t in data["readiness"])


def test_stats_screen_shows_readiness_after_the_rest(run_drill):
    done = run_drill("stats")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("Reviews, last") < out.index("Readiness")
    first = new_drill_order(load_all())[0]
    assert f"drill start {first.id}" in out and "Weakest:" in out


# ------------------------------------------------------------------ 80 columns


def test_renders_at_80_columns_without_cutting(drills, conn):
    # The widest cells: every item answered right within the window (100% 217/217),
    # every drill passed and reviewed, and overdue.
    decks = load_decks()
    store = ReviewStore(conn)
    now = T0 + timedelta(days=400)
    for drill in drills:
        _learn(conn, drill, T0)
        for day in range(10):
            store.record(item_id(drill.id), DECK, Rating.Good, T0 + timedelta(days=day), "", True)
    for deck in decks:
        for item in deck.items:
            store.record(item.id, item.deck, Rating.Good, now - timedelta(days=1), "x", True)
    result = _from_db(conn, drills, decks, now)
    console = Console(width=80, record=True, no_color=True)
    show_readiness(console, result)
    text = console.export_text()
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    for topic in result.topics:
        assert any(line.split()[:1] == [topic.name] for line in text.splitlines()), topic.name
    flat = " ".join(text.split())
    assert result.weakest is not None
    assert f"Weakest: {result.weakest.name} (score {result.weakest.score})" in flat
    assert f"next: {result.weakest.command}" in flat
