"""Decks of concept questions and Linux cards: reading and validating the TOML files.

The schema is described in drills/decks/README.md. Reading is lenient (every
problem in every file is collected) so that `validate` can list them all at
once; `load_decks` refuses to run with any problem, naming file and problem in
one line, because a half-read deck would silently drop questions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_lowercase

from checker import paths
from checker.catalogue import CatalogueError

KINDS = ("concepts", "linux")
QUESTION_TYPES = ("choice", "multi", "numeric", "bug", "recall")
AUTO_GRADED = ("choice", "multi", "numeric", "bug")
CARD_GRADERS = ("command", "keys")
MIN_CHOICES, MAX_CHOICES = 2, 6

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COMMON_KEYS = {"id", "type", "prompt", "explanation", "cheatsheet", "tags"}
_TYPE_KEYS = {
    "choice": {"choices", "answer"},
    "multi": {"choices", "answer"},
    "numeric": {"answer", "tolerance", "unit", "places", "sig_figs"},
    "bug": {"code", "fixes"},
    "recall": {"answer", "key_points"},
}
_CARD_KEYS = {"id", "prompt", "answer", "accept", "explanation", "cheatsheet", "grade", "tags"}
_DECK_KEYS = {"id", "title", "kind", "cheatsheet"}


class DeckError(CatalogueError):
    """A deck file is malformed: a content bug, reported as one line naming the file."""


@dataclass(frozen=True)
class BugFix:
    line: int  # 1-based line of the snippet
    fix: str  # that line, corrected


@dataclass(frozen=True)
class Question:
    id: str
    deck: str
    type: str
    prompt: str
    explanation: str
    cheatsheet: str | None = None
    choices: tuple[str, ...] = ()
    letters: tuple[str, ...] = ()  # choice: one letter; multi: all the right letters
    number: float = 0.0  # numeric answer, unrounded
    tolerance: float = 0.0  # numeric: an absolute range wider than the precision policy's
    unit: str | None = None
    places: int | None = None  # numeric: the prompt asks for this many decimal places
    sig_figs: int | None = None  # numeric: ... or this many significant figures
    exact: bool = False  # numeric: the key is a whole number (a count): no rounding
    code: str = ""  # bug: the snippet, lines numbered from 1
    fixes: tuple[BugFix, ...] = ()  # bug: every line whose one-line fix works
    model_answer: str = ""  # recall
    key_points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def auto_graded(self) -> bool:
        return self.type in AUTO_GRADED

    @property
    def fix_lines(self) -> tuple[int, ...]:
        return tuple(f.line for f in self.fixes)

    @property
    def code_lines(self) -> list[str]:
        return self.code.rstrip("\n").split("\n") if self.code.strip() else []


@dataclass(frozen=True)
class Card:
    id: str
    deck: str
    prompt: str
    answer: str
    accept: tuple[str, ...]
    explanation: str
    grade: str = "command"  # "command" (by meaning) or "keys" (vim keystrokes)
    cheatsheet: str | None = None

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.answer, *self.accept)


Item = Question | Card


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    kind: str
    cheatsheet: str | None
    path: Path
    questions: tuple[Question, ...] = ()
    cards: tuple[Card, ...] = field(default=())

    @property
    def items(self) -> tuple[Item, ...]:
        return self.questions if self.kind == "concepts" else self.cards


def decks_dir() -> Path:
    return paths.drills_dir() / "decks"


GRADER_FILES = ("commands.toml", "dangers.toml")  # the Linux grader's data, not decks


def deck_files(root: Path) -> list[Path]:
    """Every deck file; commands.toml and dangers.toml are the shell grader's data."""
    files = sorted(root.glob("*/*.toml"))
    return [p for p in files if p.name not in GRADER_FILES]


class _Problems:
    """Problems found in one file, each prefixed with where it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{self.path}: {where}: {message}")


def _text(entry: dict, key: str, where: str, problems: _Problems) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"'{key}' must be a non-empty string")
        return ""
    return value


def _optional_text(entry: dict, key: str, where: str, problems: _Problems) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        problems.add(where, f"'{key}' must be a string")
        return None
    return value


def _strings(entry: dict, key: str, where: str, problems: _Problems) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, f"'{key}' must be a list of non-empty strings")
        return ()
    return tuple(value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _unknown_keys(entry: dict, allowed: set[str], where: str, problems: _Problems) -> None:
    # A misspelt key ("explaination") would otherwise be ignored without a word.
    for key in sorted(set(entry) - allowed):
        problems.add(where, f"unknown key '{key}'")


def _choices(entry: dict, where: str, problems: _Problems) -> tuple[str, ...]:
    choices = _strings(entry, "choices", where, problems)
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.add(where, f"'choices' must hold {MIN_CHOICES} to {MAX_CHOICES} strings")
    return choices


def _letter(value: object, count: int, where: str, problems: _Problems) -> str | None:
    valid = ascii_lowercase[:count]
    if not isinstance(value, str) or len(value) != 1 or value.lower() not in valid:
        shown = f"a-{valid[-1]}" if valid else "none"
        problems.add(where, f"answer {value!r} is not a choice letter ({shown})")
        return None
    return value.lower()


def _count(entry: dict, key: str, least: int, where: str, problems: _Problems) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        problems.add(where, f"'{key}' must be a whole number >= {least}")
        return None
    return value


def _numeric(entry: dict, where: str, problems: _Problems) -> dict[str, object]:
    answer, tolerance = entry.get("answer"), entry.get("tolerance", 0.0)
    if not _number(answer):
        problems.add(where, "a numeric question's 'answer' must be a number")
        answer = 0.0
    if not _number(tolerance) or tolerance < 0:
        problems.add(where, "'tolerance' must be a number >= 0 (an absolute range)")
        tolerance = 0.0
    places = _count(entry, "places", 0, where, problems)
    sig_figs = _count(entry, "sig_figs", 1, where, problems)
    if places is not None and sig_figs is not None:
        problems.add(where, "give 'places' or 'sig_figs', not both")
    return {
        "number": float(answer),
        "tolerance": float(tolerance),
        "unit": _optional_text(entry, "unit", where, problems),
        "places": places,
        "sig_figs": sig_figs,
        # A whole-number key in the file (a count) is compared exactly, not to 2 figures.
        "exact": isinstance(answer, int) and places is None and sig_figs is None,
    }


def _bug(entry: dict, where: str, problems: _Problems) -> dict[str, object]:
    code = _text(entry, "code", where, problems)
    count = len(code.rstrip("\n").split("\n")) if code.strip() else 0
    raw = entry.get("fixes")
    if not isinstance(raw, list) or not raw:
        problems.add(where, "a bug question needs 'fixes': a list of {line, fix} tables")
        raw = []
    fixes: list[BugFix] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"line", "fix"}:
            problems.add(where, "each entry of 'fixes' has exactly 'line' and 'fix'")
            continue
        line = item["line"]
        if not isinstance(line, int) or isinstance(line, bool) or not 1 <= line <= count:
            problems.add(where, f"fix line {line!r} is outside the snippet (lines 1-{count})")
            continue
        if line in (f.line for f in fixes):
            problems.add(where, f"line {line} has two fixes")
            continue
        fixes.append(BugFix(line, _text(item, "fix", where, problems)))
    return {"code": code, "fixes": tuple(fixes)}


def _question_answer(qtype: str, entry: dict, where: str, problems: _Problems) -> dict[str, object]:
    """The type-specific fields of a question, checked."""
    answer = entry.get("answer")
    if qtype in ("choice", "multi"):
        choices = _choices(entry, where, problems)
        raw = [answer] if qtype == "choice" else answer
        if qtype == "multi" and (not isinstance(answer, list) or not answer):
            problems.add(where, "a multi question's 'answer' must be a non-empty list of letters")
            raw = []
        letters = [_letter(v, len(choices), where, problems) for v in raw]
        if qtype == "multi" and len(set(letters)) != len(letters):
            problems.add(where, "a letter appears twice in 'answer'")
        return {"choices": choices, "letters": tuple(sorted(x for x in letters if x))}
    if qtype == "numeric":
        return _numeric(entry, where, problems)
    if qtype == "bug":
        return _bug(entry, where, problems)
    # recall
    key_points = _strings(entry, "key_points", where, problems)
    if not key_points:
        problems.add(where, "a recall question needs 'key_points' (a non-empty list)")
    return {"model_answer": _text(entry, "answer", where, problems), "key_points": key_points}


def _parse_question(entry: object, deck: str, index: int, problems: _Problems) -> Question | None:
    if not isinstance(entry, dict):
        problems.add(f"question {index}", "must be a table")
        return None
    qid = entry.get("id")
    where = f"question '{qid}'" if isinstance(qid, str) else f"question {index}"
    if not isinstance(qid, str) or not _KEBAB.match(qid):
        problems.add(where, "'id' must be a kebab-case string")
    qtype = entry.get("type")
    if qtype not in QUESTION_TYPES:
        problems.add(where, f"unknown type {qtype!r} (one of {', '.join(QUESTION_TYPES)})")
        return None
    _unknown_keys(entry, _COMMON_KEYS | _TYPE_KEYS[qtype], where, problems)
    prompt = _text(entry, "prompt", where, problems)
    explanation = _text(entry, "explanation", where, problems)
    extra = _question_answer(qtype, entry, where, problems)
    return Question(
        id=qid if isinstance(qid, str) else "",
        deck=deck,
        type=qtype,
        prompt=prompt,
        explanation=explanation,
        cheatsheet=_optional_text(entry, "cheatsheet", where, problems),
        tags=_strings(entry, "tags", where, problems),
        **extra,  # type: ignore[arg-type]
    )


def _parse_card(entry: object, deck: str, index: int, problems: _Problems) -> Card | None:
    if not isinstance(entry, dict):
        problems.add(f"card {index}", "must be a table")
        return None
    cid = entry.get("id")
    where = f"card '{cid}'" if isinstance(cid, str) else f"card {index}"
    if not isinstance(cid, str) or not _KEBAB.match(cid):
        problems.add(where, "'id' must be a kebab-case string")
    _unknown_keys(entry, _CARD_KEYS, where, problems)
    grade = entry.get("grade", "command")
    if grade not in CARD_GRADERS:
        problems.add(where, f"unknown grade {grade!r} (one of {', '.join(CARD_GRADERS)})")
        grade = "command"
    return Card(
        id=cid if isinstance(cid, str) else "",
        deck=deck,
        prompt=_text(entry, "prompt", where, problems),
        answer=_text(entry, "answer", where, problems),
        accept=_strings(entry, "accept", where, problems),
        explanation=_text(entry, "explanation", where, problems),
        grade=grade,
        cheatsheet=_optional_text(entry, "cheatsheet", where, problems),
    )


def parse_deck(path: Path) -> tuple[Deck | None, list[str]]:
    """One deck file, and every problem found in it (the deck is None if unusable)."""
    problems = _Problems(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.add("file", f"cannot be read as TOML ({exc})")
        return None, problems.found
    header = data.get("deck")
    if not isinstance(header, dict):
        problems.add("file", "missing the [deck] table")
        return None, problems.found
    _unknown_keys(header, _DECK_KEYS, "[deck]", problems)
    _unknown_keys(data, {"deck", "questions", "cards"}, "file", problems)
    deck_id = _text(header, "id", "[deck]", problems)
    if deck_id and not _KEBAB.match(deck_id):
        problems.add("[deck]", f"id '{deck_id}' must be kebab-case")
    kind = header.get("kind")
    if kind not in KINDS:
        problems.add("[deck]", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
        return None, problems.found
    if kind != path.parent.name:
        problems.add("[deck]", f"kind '{kind}' but the file is under {path.parent.name}/")
    concepts = kind == "concepts"
    entries_key, other_key = ("questions", "cards") if concepts else ("cards", "questions")
    if other_key in data:
        problems.add("file", f"a {kind} deck holds [[{entries_key}]], not [[{other_key}]]")
    entries = data.get(entries_key, [])
    if not isinstance(entries, list) or not entries:
        problems.add("file", f"no [[{entries_key}]] in the deck")
        entries = []
    if kind == "concepts":
        parsed_q = [_parse_question(e, deck_id, i + 1, problems) for i, e in enumerate(entries)]
        questions, cards = tuple(q for q in parsed_q if q), ()
    else:
        parsed_c = [_parse_card(e, deck_id, i + 1, problems) for i, e in enumerate(entries)]
        questions, cards = (), tuple(c for c in parsed_c if c)
    deck = Deck(
        id=deck_id,
        title=_text(header, "title", "[deck]", problems),
        kind=kind,
        cheatsheet=_optional_text(header, "cheatsheet", "[deck]", problems),
        path=path,
        questions=questions,
        cards=cards,
    )
    return deck, problems.found


def _card_self_check(decks: list[Deck], root: Path) -> list[str]:
    """Each accepted command must parse and grade as right against itself."""
    from checker.quiz import shell

    folder = root / "linux"
    cards = [c for d in decks for c in d.cards if c.grade == "command" and all(c.accepted)]
    if not cards or not (folder / "commands.toml").is_file():
        return []
    try:
        grader = shell.load_grader(folder)
    except (OSError, shell.TableError) as exc:
        return [str(exc)]
    problems = []
    for card in cards:
        for command in card.accepted:
            grade = grader.grade(command, [command])
            if grade.outcome != shell.RIGHT:
                problems.append(
                    f"card '{card.id}' (deck {card.deck}): accepted command {command!r} "
                    f"does not grade right against itself ({grade.outcome}: {grade.feedback})"
                )
    return problems


def read_decks(root: Path | None = None, grade_cards: bool = True) -> tuple[list[Deck], list[str]]:
    """Every deck under `root` and every problem, including ids reused across decks.

    grade_cards also grades every accepted Linux command against itself (about a second:
    `validate` and the tests do it, a review session does not wait for it).
    """
    root = root or decks_dir()
    decks: list[Deck] = []
    problems: list[str] = []
    for path in deck_files(root):
        deck, found = parse_deck(path)
        problems += found
        if deck is not None:
            decks.append(deck)
    if grade_cards:
        problems += _card_self_check(decks, root)
    seen_decks: dict[str, Path] = {}
    seen_items: dict[str, Path] = {}
    for deck in decks:
        if deck.id in seen_decks:
            problems.append(f"{deck.path}: deck id '{deck.id}' is also in {seen_decks[deck.id]}")
        seen_decks.setdefault(deck.id, deck.path)
        for item in deck.items:
            if item.id in seen_items:
                problems.append(
                    f"{deck.path}: duplicate id '{item.id}' (also in {seen_items[item.id]})"
                )
            seen_items.setdefault(item.id, deck.path)
    return decks, problems


def validate(root: Path | None = None) -> list[str]:
    """Human-readable problems with the decks under `root`; empty when all is well."""
    return read_decks(root)[1]


def load_decks(root: Path | None = None) -> list[Deck]:
    """Every deck, in file order; any problem is raised as one DeckError line."""
    decks, problems = read_decks(root, grade_cards=False)
    if problems:
        more = f" (and {len(problems) - 1} more; run pytest tests/test_decks.py)"
        raise DeckError(problems[0] + (more if len(problems) > 1 else ""))
    return decks
