"""Grading typed answers the way a learner types them."""

from __future__ import annotations

import pytest
from fsrs import Rating
from hypothesis import given
from hypothesis import strategies as st

from checker.quiz.decks import BugFix, Card, Question
from checker.quiz.grading import (
    auto_rating,
    grade_card,
    grade_question,
    parse_rating,
)
from checker.quiz.shell import load_grader

CHOICE = Question(
    id="q-choice",
    deck="d",
    type="choice",
    prompt="?",
    explanation="e",
    choices=("w", "x", "y"),
    letters=("b",),
)
MULTI = Question(
    id="q-multi",
    deck="d",
    type="multi",
    prompt="?",
    explanation="e",
    choices=("w", "x", "y", "z"),
    letters=("a", "c"),
)
NUMERIC = Question(
    id="q-num",
    deck="d",
    type="numeric",
    prompt="?",
    explanation="e",
    number=0.5,
    tolerance=0.01,
    unit="s",
)
BUG = Question(
    id="q-bug",
    deck="d",
    type="bug",
    prompt="?",
    explanation="e",
    code="a = 1\nb = a +\nc = 3\n",
    fixes=(BugFix(2, "b = a + 1"),),
)


@pytest.mark.parametrize("typed", ["b", "B", " b ", "b)", "(b)"])
def test_choice_right_spellings(typed):
    assert grade_question(CHOICE, typed).correct


def test_choice_wrong_and_unreadable():
    assert grade_question(CHOICE, "a").outcome == "wrong"
    assert grade_question(CHOICE, "?").outcome == "wrong"
    for typed in ("d", "", "ab", "7"):
        grade = grade_question(CHOICE, typed)
        assert grade.outcome == "invalid", typed
        assert grade.feedback


@pytest.mark.parametrize("typed", ["a,c", "a c", "ac", "c, a", "C,A", " c a "])
def test_multi_equivalent_spellings(typed):
    assert grade_question(MULTI, typed).correct


@given(
    letters=st.permutations(["a", "c"]),
    separator=st.sampled_from(["", " ", ",", ", ", " , ", ";"]),
    upper=st.booleans(),
)
def test_multi_order_and_separators_never_matter(letters, separator, upper):
    # Run together, letters are read in alphabetical order only ("ca" could be a word).
    typed = separator.join(letters if separator else sorted(letters))
    assert grade_question(MULTI, typed.upper() if upper else typed).correct


def test_multi_is_all_and_only():
    missing = grade_question(MULTI, "a")
    assert missing.outcome == "wrong" and "left out c" in missing.feedback
    extra = grade_question(MULTI, "a,b,c")
    assert extra.outcome == "wrong" and "picked b, which is not true" in extra.feedback
    assert grade_question(MULTI, "a,e").outcome == "invalid"


@pytest.mark.parametrize(
    "typed", ["0.5", ".5", "5e-1", " 0.50 ", "0.505", "0.5 s", "0.495", "1/2", "50%"]
)
def test_numeric_tolerant_parsing(typed):
    assert grade_question(NUMERIC, typed).correct


def test_numeric_outside_tolerance_says_which_way():
    high = grade_question(NUMERIC, "0.52")
    assert high.outcome == "wrong" and "too high" in high.feedback
    assert "too low" in grade_question(NUMERIC, "0.4").feedback


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("half", "not a number in s"),
        ("nan", "not a number"),
        ("1/0", "divides by zero"),
        ("1e999", "finite"),
    ],
)
def test_numeric_rejects_with_a_message(typed, reason):
    grade = grade_question(NUMERIC, typed)
    assert grade.outcome == "invalid"
    assert reason in grade.feedback.lower()


def test_bug_line_numbers():
    assert grade_question(BUG, "2").correct
    assert grade_question(BUG, "line 2").correct
    assert grade_question(BUG, "1").outcome == "wrong"
    assert grade_question(BUG, "4").outcome == "invalid"
    assert grade_question(BUG, "two").outcome == "invalid"


def test_recall_is_not_auto_graded():
    recall = Question(
        id="r",
        deck="d",
        type="recall",
        prompt="?",
        explanation="e",
        model_answer="m",
        key_points=("k",),
    )
    with pytest.raises(ValueError):
        grade_question(recall, "anything")


@pytest.mark.parametrize(
    ("typed", "rating"),
    [
        ("again", Rating.Again),
        ("1", Rating.Again),
        ("Hard", Rating.Hard),
        ("2", Rating.Hard),
        ("good", Rating.Good),
        (" g ", Rating.Good),
        ("3", Rating.Good),
        ("EASY", Rating.Easy),
        ("4", Rating.Easy),
    ],
)
def test_self_ratings(typed, rating):
    assert parse_rating(typed) == rating


@pytest.mark.parametrize("typed", ["", "5", "0", "meh", "goodish"])
def test_not_a_rating(typed):
    assert parse_rating(typed) is None


# ------------------------------------------------------------------ Linux cards

TABLE = """
[ps]
dashless = true
options = []

[free]
options = [{ names = ["-h", "--human"], help = "readable units" }]
"""


@pytest.fixture
def table(tmp_path):
    (tmp_path / "commands.toml").write_text(TABLE, encoding="utf-8")
    (tmp_path / "dangers.toml").write_text("", encoding="utf-8")
    return load_grader(tmp_path)


FREE = Card(
    id="free",
    deck="linux-x",
    prompt="memory?",
    answer="free -h",
    accept=("free --human",),
    explanation="e",
)


def test_card_grading_by_meaning(table):
    assert grade_card(FREE, "free --human", table).correct
    assert grade_card(FREE, "free  -h", table).correct
    close = grade_card(FREE, "free", table)
    assert close.close and close.feedback
    assert grade_card(FREE, "df -h", table).outcome == "wrong"
    assert grade_card(FREE, "free 'oops", table).outcome == "invalid"
    assert grade_card(FREE, "?", table).outcome == "wrong"


def test_vim_key_cards(table):
    card = Card(
        id="vim-save",
        deck="linux-vim",
        prompt="save and quit",
        answer=":wq",
        accept=(":x",),
        explanation="e",
        grade="keys",
    )
    assert grade_card(card, ":x", table).correct
    assert grade_card(card, ":q!", table).outcome == "wrong"


def test_auto_ratings():
    right = grade_question(CHOICE, "b")
    wrong = grade_question(CHOICE, "a")
    assert auto_rating(right, linux=False) == Rating.Good
    assert auto_rating(wrong, linux=False) == Rating.Again
    assert auto_rating(wrong, linux=True) == Rating.Again


def test_close_linux_answer_is_hard(table):
    close = grade_card(FREE, "free", table)
    assert auto_rating(close, linux=True) == Rating.Hard
