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

from checker.quiz import numbers, shell
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


_ANSWER_PREFIX = re.compile(r"^(?:options?|answers?|choices?)\s*:?\s*")
_LETTER_SEPARATORS = re.compile(r"(?:[\s,;/+&)(.]|\band\b)+")


def _option_text(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def _letters(typed: str, choices: tuple[str, ...]) -> tuple[str, ...] | str:
    """The letters in "a,c", "a c", "ac", "C and A", "(b)", "option b", or an option's text.

    A run of letters without separators is read only in alphabetical order, so that a
    word ("dead", "bad", "cab") is refused instead of read as the letters it spells.
    """
    count = len(choices)
    text = _option_text(typed)
    for letter, choice in zip(ascii_lowercase, choices, strict=False):
        if text and text == _option_text(choice):
            return (letter,)
    offered = ascii_lowercase[:count]
    if text == "all":
        return tuple(offered)
    words = [w for w in _LETTER_SEPARATORS.split(_ANSWER_PREFIX.sub("", text)) if w]
    if not words:
        return f"type the letter(s) of your choice ({_letter_range(count)})"
    letters: list[str] = []
    for word in words:
        if any(ch not in offered for ch in word):
            return f"'{word}' is not a choice here (choices {_letter_range(count)})"
        if len(word) > 1 and list(word) != sorted(set(word)):
            return f"'{word}' is not a list of choices: separate the letters with commas"
        letters += word
    if len(set(letters)) != len(letters):
        return "a letter is typed twice"
    return tuple(sorted(letters))


def _invalid(message: str) -> Grade:
    return Grade(INVALID, message[0].upper() + message[1:] + ".")


def grade_choice(question: Question, typed: str) -> Grade:
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    letters = _letters(typed, question.choices)
    if isinstance(letters, str):
        return _invalid(letters)
    if len(letters) != 1:
        return Grade(INVALID, "Pick exactly one letter.")
    if letters == question.letters:
        return Grade(RIGHT, "")
    return Grade(WRONG, f"You chose {letters[0]}.")


def grade_multi(question: Question, typed: str) -> Grade:
    """All and only the right letters; feedback names what was missed and what is extra."""
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    none = typed.strip().lower() == "none"  # a belief that no option is true: graded
    letters = () if none else _letters(typed, question.choices)
    if isinstance(letters, str):
        return _invalid(letters)
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


PERCENT_UNITS = ("%", "percent", "percentage points", "percentage point")


def in_percent(question: Question) -> bool:
    """The key is in percent: 7 means 7%, so `7%` and `7` are the same answer."""
    return (question.unit or "").lower() in PERCENT_UNITS


def policy_tolerance(question: Question) -> float:
    """Half a unit of the last place the prompt asks for (deck README, 'Tolerance policy')."""
    key = abs(question.number)
    if question.places is not None:
        policy = 0.5 * 10.0**-question.places
    elif question.exact or key == 0:
        policy = 0.0
    else:
        figures = question.sig_figs or 2
        policy = 0.5 * 10.0 ** (math.floor(math.log10(key)) - figures + 1)
    return max(policy, question.tolerance)


def precision_asked(question: Question) -> str:
    if question.places is not None:
        return f"{question.places} decimal place{'' if question.places == 1 else 's'}"
    if question.exact:
        return "the exact number"
    return f"{question.sig_figs or 2} significant figures"


def _within(value: float, key: float, slack: float) -> bool:
    # The relative 1e-9 keeps binary rounding (0.1 + 0.2) from failing an exact answer;
    # it is relative so that a key of 1e-15 is not swamped by a fixed absolute slack.
    return abs(value - key) <= slack * (1 + 1e-9) + 1e-9 * abs(key) + 1e-300


def _coarse_but_right(value: float, key: float, unit_of_last_digit: float | None) -> bool:
    """Typed with fewer figures than asked, and right to the figures it has (0.8 for 0.792).

    The 15% bound keeps a one-figure guess (1 for 0.792, 1 for 0.5) from counting.
    """
    if unit_of_last_digit is None or key == 0:
        return False
    return abs(value - key) < unit_of_last_digit / 2 and abs(value - key) <= 0.15 * abs(key)


def _as_number(question: Question, typed: str) -> numbers.Reading | Grade:
    try:
        return numbers.read_number(typed, question.unit)
    except numbers.NotANumber as exc:
        reason = str(exc)
        if reason == "not a number":
            shown = typed.strip()
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            unit = f" in {question.unit}" if question.unit else ""
            reason = f"'{shown}' is not a number{unit}"
        return _invalid(reason)


def grade_numeric(question: Question, typed: str) -> Grade:
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    reading = _as_number(question, typed)
    if isinstance(reading, Grade):
        return reading
    key, slack = question.number, policy_tolerance(question)
    value, unit_of_digit = reading.value, reading.unit_of_last_digit
    if reading.percent and not in_percent(question):  # 25% typed for 0.25
        value /= 100
        unit_of_digit = unit_of_digit / 100 if unit_of_digit else None
    if _within(value, key, slack):
        return Grade(RIGHT, "")
    comma = reading.decimal_comma
    if comma is not None and not reading.percent and _within(comma, key, slack):
        return Grade(RIGHT, f"Read {typed.strip()} with a decimal comma, as {comma:g}.")
    if in_percent(question) and not reading.percent and _within(value * 100, key, slack):
        return Grade(RIGHT, f"Read as a fraction: {value:g} = {value * 100:g}%.")
    if not question.exact and _coarse_but_right(value, key, unit_of_digit):
        return Grade(
            CLOSE,
            f"Right as far as it goes, but the question asks for {precision_asked(question)}.",
        )
    direction = "high" if value > key else "low"
    return Grade(WRONG, f"{value:g} is too {direction}.")


_LINE = re.compile(r"^(?:line|l)?\s*(\d+)\.?$")


def grade_bug(question: Question, typed: str) -> Grade:
    """Any line whose one-line fix works is right; the feedback names the others."""
    if _dont_know(typed):
        return Grade(WRONG, "Not answered.")
    count = len(question.code_lines)
    match = _LINE.match(typed.strip().lower())
    if not match:
        return Grade(INVALID, f"Type the number of one line with the bug (1-{count}).")
    line = int(match.group(1))
    if not 1 <= line <= count:
        return Grade(INVALID, f"The snippet has lines 1-{count}.")
    if line in question.fix_lines:
        others = [str(n) for n in question.fix_lines if n != line]
        return Grade(RIGHT, f"A fix on line {' or '.join(others)} also works." if others else "")
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
