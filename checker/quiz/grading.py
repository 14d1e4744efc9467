"""Grading a typed answer to a concept question or a Linux card.

An answer that cannot be read at all (a letter that is not offered, a word
where a number belongs, a command line the shell would reject) is "invalid":
it is not graded. At the keyboard the learner is told why and asked again, so
a typo never costs a review; from a file or a pipe the item is used up as "not
graded", so later answers stay on their own items. "?" means "I don't know"
and is graded wrong, which shows the answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from string import ascii_lowercase

from fsrs import Rating

from checker.quiz import shell
from checker.quiz.decks import Card, Question

RIGHT, CLOSE, WRONG, INVALID = "right", "close", "wrong", "invalid"
DONT_KNOW = ("?", "idk", "pass")

_RATINGS = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}


@dataclass(frozen=True)
class Grade:
    outcome: str  # "right" | "close" | "wrong" | "invalid"
    feedback: str  # what was wrong with the answer, or why it could not be read ("" if right)
    warning: str = ""  # what a dangerous command would do (Linux cards only)

    @property
    def correct(self) -> bool:
        return self.outcome == RIGHT

    @property
    def close(self) -> bool:
        return self.outcome == CLOSE

    @property
    def valid(self) -> bool:
        return self.outcome != INVALID


def _dont_know(typed: str) -> bool:
    return typed.strip().lower() in DONT_KNOW


def _letter_range(count: int) -> str:
    return f"a-{ascii_lowercase[count - 1]}"


def _letters(typed: str, count: int) -> tuple[str, ...] | str:
    """The letters in "a,c", "a c", "ac", "C, A"; or a message saying what is wrong."""
    squashed = re.sub(r"[\s,;)(.]+", "", typed.lower())
    if not squashed:
        return f"type the letter(s) of your choice ({_letter_range(count)})"
    offered = ascii_lowercase[:count]
    strange = sorted({ch for ch in squashed if ch not in offered})
    if strange:
        return f"'{''.join(strange)}' is not a choice here (choices {_letter_range(count)})"
    return tuple(sorted(set(squashed)))


def grade_choice(question: Question, typed: str) -> Grade:
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    letters = _letters(typed, len(question.choices))
    if isinstance(letters, str):
        return Grade(INVALID, letters[0].upper() + letters[1:] + ".")
    if len(letters) != 1:
        return Grade(INVALID, "Pick exactly one letter.")
    if letters == question.letters:
        return Grade(RIGHT, "")
    return Grade(WRONG, f"You chose {letters[0]}.")


def grade_multi(question: Question, typed: str) -> Grade:
    """All and only the right letters; feedback names what was missed and what is extra."""
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    letters = _letters(typed, len(question.choices))
    if isinstance(letters, str):
        return Grade(INVALID, letters[0].upper() + letters[1:] + ".")
    wanted = set(question.letters)
    missed = sorted(wanted - set(letters))
    extra = sorted(set(letters) - wanted)
    if not missed and not extra:
        return Grade(RIGHT, "")
    parts = []
    if missed:
        parts.append(f"You left out {', '.join(missed)}.")
    if extra:
        verb = "is" if len(extra) == 1 else "are"
        parts.append(f"You picked {', '.join(extra)}, which {verb} not true.")
    return Grade(WRONG, " ".join(parts))


def parse_number(typed: str, unit: str | None = None) -> float | str:
    """A float from "0.5", ".5", "5e-1", "-2", "1,000" or "0.5 s"; else a message."""
    text = typed.strip()
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)].strip()
    text = text.replace(",", "").replace("_", "")
    if "/" in text:
        return "fractions are not read; type a decimal such as 0.5"
    if text.endswith("%"):
        return "percentages are not read; type a decimal such as 0.25 for 25%"
    try:
        value = float(text)
    except ValueError:
        return f"'{typed.strip()}' is not a number"
    if not math.isfinite(value):
        return "type a finite number"
    return value


def grade_numeric(question: Question, typed: str) -> Grade:
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    value = parse_number(typed, question.unit)
    if isinstance(value, str):
        return Grade(INVALID, value[0].upper() + value[1:] + ".")
    # A relative slack of 1e-9 keeps 0.1 + 0.2 style rounding from failing an exact answer.
    slack = question.tolerance + 1e-9 * max(1.0, abs(question.number))
    if abs(value - question.number) <= slack:
        return Grade(RIGHT, "")
    direction = "high" if value > question.number else "low"
    return Grade(WRONG, f"{value:g} is too {direction}.")


def grade_bug(question: Question, typed: str) -> Grade:
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    text = re.sub(r"^(line|l)\s*", "", typed.strip().lower())
    count = len(question.code_lines)
    if not text.isdigit():
        return Grade(INVALID, f"Type the number of the line with the bug (1-{count}).")
    line = int(text)
    if not 1 <= line <= count:
        return Grade(INVALID, f"The snippet has lines 1-{count}.")
    if line == question.line:
        return Grade(RIGHT, "")
    return Grade(WRONG, f"Line {line} is fine.")


def grade_question(question: Question, typed: str) -> Grade:
    """Auto-graded questions only; recall questions are self-rated (see parse_rating)."""
    graders = {
        "choice": grade_choice,
        "multi": grade_multi,
        "numeric": grade_numeric,
        "bug": grade_bug,
    }
    if question.type not in graders:
        raise ValueError(f"{question.type} questions are not graded automatically")
    return graders[question.type](question, typed)


_SHELL_OUTCOMES = {
    shell.RIGHT: RIGHT,
    shell.CLOSE: CLOSE,
    shell.WRONG: WRONG,
    shell.UNPARSEABLE: INVALID,
}


def grade_card(card: Card, typed: str, grader: shell.Grader) -> Grade:
    """A Linux card, by meaning (commands) or exactly (keys)."""
    # On a keys card `?` is a key (tmux's list of bindings): only the words mean "don't know".
    if _dont_know(typed) and not (card.grade == "keys" and typed.strip() == "?"):
        return Grade(WRONG, "Not answered.")
    if card.grade == "keys":
        result = grader.grade_keys(typed, card.accepted, card.id)
    else:
        result = grader.grade(typed, card.accepted, card.id)
    feedback = result.feedback
    if result.outcome == shell.RIGHT:
        # The verdict line already says "Right"; keep only the grader's notes.
        feedback = feedback.removeprefix("Correct.").strip()
    return Grade(_SHELL_OUTCOMES[result.outcome], feedback, result.warning)


def parse_rating(typed: str) -> Rating | None:
    """A self-rating: again/hard/good/easy, their first letters, or 1-4."""
    text = typed.strip().lower()
    if text in ("1", "2", "3", "4"):
        return Rating(int(text))
    for name, rating in _RATINGS.items():
        if text and name.startswith(text):
            return rating
    return None


def auto_rating(grade: Grade, linux: bool) -> Rating:
    """Auto-graded items rate themselves: wrong -> Again, right -> Good.

    A close Linux answer (right program, a flag off) is Hard: the learner knew
    the tool, so starting the card over would overstate the lapse.
    """
    if grade.correct:
        return Rating.Good
    if grade.close and linux:
        return Rating.Hard
    return Rating.Again
