"""Typed answers to concept questions, graded as the labelled tables say.

tests/question_answers/numbers.toml: how a typed number is read.
tests/question_answers/grades.toml: made-up questions and the outcome of each typed answer.
Both tables were written before the reader and graders, from what a person means.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.quiz.decks import _parse_question, _Problems
from checker.quiz.grading import grade_question
from checker.quiz.numbers import NotANumber, read_number

TABLES = Path(__file__).parent / "question_answers"
OUTCOMES = ("right", "close", "wrong", "invalid")


def _table(name: str) -> dict:
    return tomllib.loads((TABLES / name).read_text(encoding="utf-8"))


def _reading_rows():
    for row in _table("numbers.toml")["read"]:
        for typed in row["typed"]:
            yield pytest.param(typed, row, id=typed or "<empty>")


@pytest.mark.parametrize(("typed", "row"), list(_reading_rows()))
def test_number_is_read_as_labelled(typed, row):
    if row.get("invalid"):
        with pytest.raises(NotANumber):
            read_number(typed)
        return
    reading = read_number(typed)
    assert math.isclose(reading.value, row["value"], rel_tol=1e-9, abs_tol=1e-12), typed
    assert reading.percent == row.get("percent", False), typed


def _question(entry: dict):
    keys = {k: v for k, v in entry.items() if k not in ("about", *OUTCOMES)}
    keys.update(id="made-up", prompt="?", explanation="e")
    problems = _Problems(TABLES / "grades.toml")
    question = _parse_question(keys, "table", 1, problems)
    assert not problems.found, problems.found
    return question


def _grade_rows():
    for entry in _table("grades.toml")["question"]:
        question = _question(entry)
        for outcome in OUTCOMES:
            for typed in entry.get(outcome, []):
                yield pytest.param(question, typed, outcome, id=f"{entry['about']}: {typed!r}")


@pytest.mark.parametrize(("question", "typed", "outcome"), list(_grade_rows()))
def test_answer_is_graded_as_labelled(question, typed, outcome):
    grade = grade_question(question, typed)
    assert grade.outcome == outcome, f"{typed!r}: {grade.outcome} ({grade.feedback})"
    if outcome != "right":
        assert grade.feedback, "a grade that is not right says why"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_read_or_refused_never_raised(text):
    try:
        reading = read_number(text, "days")
    except NotANumber as exc:
        assert str(exc)
    else:
        assert math.isfinite(reading.value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("0123456789.,^*/+-() e") + ["sqrt", "ln", "pi", "%", "**", "9**9"]),
        max_size=30,
    )
)
def test_arithmetic_like_text_is_read_or_refused_never_raised(parts):
    try:
        read_number("".join(parts))
    except NotANumber:
        pass
