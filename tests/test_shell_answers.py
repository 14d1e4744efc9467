"""The labelled table of typed answers (tests/shell_answers/*.toml), graded as labelled.

For every Linux card, answers a real user types, each labelled by what it does
on GNU/Linux with bash: `right` (does exactly the task), `close` (the intended
program with a real difference), `wrong` (another program, or unrelated) and
`dangerous` (would destroy data or weaken security: Wrong, with a warning).
The grader must grade every one as labelled; the table is written from the
tools' behaviour, never from the grader's output.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checker.quiz.decks import Card, load_decks
from checker.quiz.grading import grade_card
from checker.quiz.shell import Grader, load_grader

ROOT = Path(__file__).resolve().parent
TABLES = sorted(p for p in (ROOT / "shell_answers").glob("*.toml") if not p.name.startswith("_"))
GAPS = ROOT / "shell_answers" / "_gaps.toml"
LABELS = ("right", "close", "wrong", "dangerous")
EXPECTED = {"right": "right", "close": "close", "wrong": "wrong", "dangerous": "wrong"}


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for path in TABLES:
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("card", []):
            for label in LABELS:
                rows += [(entry["id"], label, typed) for typed in entry.get(label, [])]
    return rows


ROWS = _rows()
# Answers labelled from the tools' behaviour that the grader does not grade as labelled yet:
# kept, with the reason, so that fixing one shows up as an unexpected pass.
GAP_ROWS = [
    (g["card"], g["label"], g["typed"], g["why"])
    for g in tomllib.loads(GAPS.read_text(encoding="utf-8")).get("gap", [])
]


@pytest.fixture(scope="module")
def cards() -> dict[str, Card]:
    return {c.id: c for d in load_decks() if d.kind == "linux" for c in d.cards}


@pytest.fixture(scope="module")
def grader() -> Grader:
    return load_grader(ROOT.parent / "drills" / "decks" / "linux")


def test_every_card_has_right_and_not_right_rows(cards):
    labelled = {card: {label for c, label, _ in ROWS if c == card} for card in cards}
    missing = [
        card for card, labels in labelled.items() if "right" not in labels or len(labels) < 2
    ]
    assert not missing, f"cards without right and other answers in the table: {missing}"


def test_the_table_names_only_real_cards(cards):
    unknown = sorted({card for card, _, _ in ROWS if card not in cards})
    unknown += sorted({card for card, _, _, _ in GAP_ROWS if card not in cards})
    assert not unknown


def test_gaps_are_few():
    assert len(GAP_ROWS) <= 0.01 * len(ROWS), "keep known gaps under 1% of the table"


@pytest.mark.parametrize(("card_id", "label", "typed"), ROWS, ids=lambda v: str(v)[:60])
def test_typed_answer_is_graded_as_labelled(cards, grader, card_id, label, typed):
    card = cards[card_id]
    grade = grade_card(card, typed, grader)
    assert grade.outcome == EXPECTED[label], (typed, grade)
    if label == "dangerous":
        assert grade.warning, f"{typed!r} is graded wrong but without a warning"
    else:
        assert not grade.warning, (typed, grade.warning)


@pytest.mark.parametrize(("card_id", "label", "typed", "why"), GAP_ROWS, ids=lambda v: str(v)[:60])
def test_known_gap_is_still_a_gap(cards, grader, card_id, label, typed, why):
    grade = grade_card(cards[card_id], typed, grader)
    graded_as_labelled = grade.outcome == EXPECTED[label] and (
        bool(grade.warning) == (label == "dangerous")
    )
    if graded_as_labelled:
        pytest.fail(f"{typed!r} is now graded as labelled: move it back into the table ({why})")
