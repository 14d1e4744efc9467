"""Test-taking cues in choice and multi questions, measured over decks.

A question should be answerable only by knowing the subject. Three cues are
measured (the upper thresholds are issue 10's): the right option of a choice question
being strictly the longest (too often, or so rarely that the longest can be ruled
out), one answer letter holding too many of the answers, and
"pick the k longest options" being exactly right on a multi question.

Run `python tests/question_cues.py [deck.toml ...]` to print the figures for
some decks (all concept decks by default) and the questions that show a cue.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from string import ascii_lowercase

from checker.quiz.decks import Question, decks_dir, parse_deck

MAX_LONGEST_SHARE = 0.35  # right option strictly the longest
# ... but not almost never either: "never pick the longest" is a cue too (chance is ~25%).
MIN_LONGEST_SHARE = 0.12
MAX_LETTER_SHARE = 0.35  # any one letter among the choice answers
MAX_K_LONGEST_SHARE = 0.20  # the k longest options are exactly the k right ones


def _lengths(question: Question) -> list[int]:
    return [len(choice) for choice in question.choices]


def right_is_longest(question: Question) -> bool:
    """The one right option is longer than every other option."""
    lengths = _lengths(question)
    right = ascii_lowercase.index(question.letters[0])
    return all(lengths[right] > n for i, n in enumerate(lengths) if i != right)


def k_longest_is_right(question: Question) -> bool:
    """Picking as many of the longest options as there are right ones gets it exactly right.

    Ties at the cut make the pick ambiguous; a test-taker would then not know which
    to take, so a tie counts as no cue.
    """
    k = len(question.letters)
    lengths = _lengths(question)
    ranked = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    if k < len(lengths) and lengths[ranked[k - 1]] == lengths[ranked[k]]:
        return False
    return {ascii_lowercase[i] for i in ranked[:k]} == set(question.letters)


@dataclass(frozen=True)
class Cues:
    choice: int
    longest: list[str]  # ids of choice questions whose right option is strictly longest
    letters: Counter  # answer letter -> how many choice questions
    multi: int
    k_longest: list[str]  # ids of multi questions answered by "pick the k longest"
    right_counts: Counter  # how many right options -> how many multi questions

    @property
    def longest_share(self) -> float:
        return len(self.longest) / self.choice if self.choice else 0.0

    @property
    def letter_share(self) -> float:
        return max(self.letters.values()) / self.choice if self.choice else 0.0

    @property
    def k_longest_share(self) -> float:
        return len(self.k_longest) / self.multi if self.multi else 0.0


def measure(questions: list[Question]) -> Cues:
    choice = [q for q in questions if q.type == "choice"]
    multi = [q for q in questions if q.type == "multi"]
    return Cues(
        choice=len(choice),
        longest=[q.id for q in choice if right_is_longest(q)],
        letters=Counter(q.letters[0] for q in choice),
        multi=len(multi),
        k_longest=[q.id for q in multi if k_longest_is_right(q)],
        right_counts=Counter(len(q.letters) for q in multi),
    )


def concept_questions(paths: list[Path] | None = None) -> list[Question]:
    paths = paths or sorted((decks_dir() / "concepts").glob("*.toml"))
    questions: list[Question] = []
    for path in paths:
        deck, _ = parse_deck(path)
        if deck is not None:
            questions += deck.questions
    return questions


def main(argv: list[str]) -> int:
    cues = measure(concept_questions([Path(a) for a in argv] or None))
    print(f"choice questions: {cues.choice}")
    print(
        f"  right option strictly longest: {len(cues.longest)} "
        f"({cues.longest_share:.0%}, between {MIN_LONGEST_SHARE:.0%} and {MAX_LONGEST_SHARE:.0%})"
    )
    for qid in cues.longest:
        print(f"    {qid}")
    print(
        f"  answer letters: {dict(sorted(cues.letters.items()))} "
        f"(largest share {cues.letter_share:.0%}, limit {MAX_LETTER_SHARE:.0%})"
    )
    print(f"multi questions: {cues.multi}")
    print(f"  right options per question: {dict(sorted(cues.right_counts.items()))}")
    print(
        f"  'pick the k longest' exactly right: {len(cues.k_longest)} "
        f"({cues.k_longest_share:.0%}, limit {MAX_K_LONGEST_SHARE:.0%})"
    )
    for qid in cues.k_longest:
        print(f"    {qid}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
