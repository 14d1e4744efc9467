"""The real concept decks: no test-taking cues, and every key graded fairly.

Whatever the decks hold today: the right option does not stand out by length or
letter, every numeric key rounded as the deck README's policy allows is right (in
several spellings) while a clearly different number is not, and every listed bug
fix line is right.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from question_cues import (
    MAX_K_LONGEST_SHARE,
    MAX_LETTER_SHARE,
    MAX_LONGEST_SHARE,
    MIN_LONGEST_SHARE,
    measure,
)

from checker.quiz.decks import Question, read_decks
from checker.quiz.grading import grade_question, in_percent, policy_tolerance


def _questions() -> list[Question]:
    decks, _ = read_decks(grade_cards=False)
    return [q for d in decks if d.kind == "concepts" for q in d.questions]


QUESTIONS = _questions()
NUMERIC = [q for q in QUESTIONS if q.type == "numeric"]
BUGS = [q for q in QUESTIONS if q.type == "bug"]


def test_the_right_option_is_not_the_longest_too_often():
    cues = measure(QUESTIONS)
    assert cues.longest_share <= MAX_LONGEST_SHARE, cues.longest


def test_the_longest_option_cannot_be_ruled_out_either():
    cues = measure(QUESTIONS)
    assert cues.longest_share >= MIN_LONGEST_SHARE, cues.longest


def test_no_answer_letter_holds_too_many_answers():
    cues = measure(QUESTIONS)
    assert cues.letter_share <= MAX_LETTER_SHARE, cues.letters


def test_picking_the_k_longest_options_rarely_answers_a_multi_question():
    cues = measure(QUESTIONS)
    assert cues.k_longest_share <= MAX_K_LONGEST_SHARE, cues.k_longest


def test_multi_questions_vary_how_many_options_are_right():
    cues = measure(QUESTIONS)
    assert len(cues.right_counts) >= 4, cues.right_counts
    assert max(cues.right_counts.values()) / cues.multi <= 0.5, cues.right_counts
    multi = [q for q in QUESTIONS if q.type == "multi"]
    assert any(len(q.letters) == 1 for q in multi)
    assert any(len(q.letters) == len(q.choices) for q in multi)


def _rounded(q: Question) -> str:
    """The key written as the prompt asks: to its places, its figures, or exactly."""
    if q.places is not None:
        return f"{q.number:.{q.places}f}"
    if q.exact:
        return f"{q.number:.0f}"
    return f"{q.number:.{q.sig_figs or 2}g}"  # may be 4.5e-05; _plain spells it out


def _plain(text: str) -> str:
    """4.5e-05 written out as 0.000045."""
    return format(Decimal(text), "f") if "e" in text else text


def _spellings(q: Question) -> list[str]:
    rounded = _rounded(q)
    forms = {rounded, _plain(rounded), rounded.replace(".", ",")}
    if q.unit:
        forms.add(f"{rounded} {q.unit}")
    if in_percent(q):
        forms.add(f"{rounded}%")
    elif not q.exact and q.number != 0:
        forms.add(f"{float(rounded) * 100:.10g}%")
    forms.add(repr(q.number))
    return sorted(forms)


@pytest.mark.parametrize("question", NUMERIC, ids=[q.id for q in NUMERIC])
def test_every_numeric_key_rounded_as_the_policy_allows_is_right(question):
    for typed in _spellings(question):
        grade = grade_question(question, typed)
        assert grade.correct, f"{typed!r}: {grade.outcome} ({grade.feedback})"


@pytest.mark.parametrize("question", NUMERIC, ids=[q.id for q in NUMERIC])
def test_a_clearly_different_number_is_not_right(question):
    key = question.number
    slack = policy_tolerance(question)
    off = 3 * slack + 1e-9 + 0.01 * abs(key)
    for wrong in (key + off, key - off):
        grade = grade_question(question, repr(wrong))
        assert not grade.correct, f"{wrong!r} graded right"
    if key != 0:
        assert not grade_question(question, repr(key * 2)).correct
        assert not grade_question(question, repr(-key)).correct


@pytest.mark.parametrize("question", NUMERIC, ids=[q.id for q in NUMERIC])
def test_the_prompt_states_the_precision_and_unit_it_wants(question):
    prompt = question.prompt.lower()
    if question.places is not None and question.places > 0:
        assert "decimal place" in prompt, "places is set: the prompt must ask for them"
    if question.sig_figs is not None:
        assert "significant figure" in prompt, "sig_figs is set: the prompt must ask for them"
    if in_percent(question):
        assert "percent" in prompt or "%" in prompt
    if question.tolerance:
        # A range wider than the precision policy is for estimates the wording invites.
        assert re.search(r"roughly|about|approximately|estimate|around|nearest", prompt)
        assert question.tolerance <= 0.1 * abs(question.number) or question.number == 0
    assert math.isfinite(question.number)


@pytest.mark.parametrize("question", BUGS, ids=[q.id for q in BUGS])
def test_every_listed_fix_line_is_right_and_no_other(question):
    lines = range(1, len(question.code_lines) + 1)
    for line in lines:
        grade = grade_question(question, str(line))
        assert grade.correct == (line in question.fix_lines), (line, grade)
    for fix in question.fixes:
        before = question.code_lines[fix.line - 1].strip()
        assert fix.fix.strip() != before, "a fix changes its line"


def _by_id(qid: str) -> Question:
    return next(q for q in QUESTIONS if q.id == qid)


# Issue 10's examples of right answers graded wrong, on the real questions.
ISSUE_EXAMPLES = [
    ("initialisation-he-std", "0.063"),
    ("activations-elu-value", "-0.63"),
    ("activations-elu-value", "−0.63"),
    ("local-optima-toy-probability", "0.001"),
    ("local-optima-toy-probability", "0.1%"),
    ("gradient-checking-relative-error", "4.5e-5"),
    ("gradient-descent-noise-vs-batch-size", "0.5"),
    ("gradient-descent-noise-vs-batch-size", "0,5"),
    ("gradient-descent-noise-vs-batch-size", "1/2"),
    ("lr-decay-halving-epoch", "2"),
    ("bias-variance-avoidable-bias", "7%"),
    ("bias-variance-avoidable-bias", "7"),
    ("bias-variance-avoidable-bias", "0.07"),
    ("ewma-bias-correction-bug", "4"),
    ("ewma-bias-correction-bug", "6"),
    ("dropout-mask-not-rescaled", "4"),
    ("feature-selection-pca-order-bug", "5"),
    ("softmax-log-softmax-bug", "3"),
]


@pytest.mark.parametrize(("qid", "typed"), ISSUE_EXAMPLES)
def test_issue_examples_are_graded_right(qid, typed):
    grade = grade_question(_by_id(qid), typed)
    assert grade.correct, f"{qid} {typed!r}: {grade.outcome} ({grade.feedback})"


def test_a_word_is_not_read_as_the_letters_it_spells():
    choice = next(q for q in QUESTIONS if q.type == "choice" and len(q.choices) >= 4)
    multi = next(q for q in QUESTIONS if q.type == "multi" and len(q.choices) >= 5)
    for question in (choice, multi):
        grade = grade_question(question, "dead")
        assert grade.outcome == "invalid", grade


def test_lr_decay_halving_epoch_is_asked_as_a_number():
    assert _by_id("lr-decay-halving-epoch").type == "numeric"
