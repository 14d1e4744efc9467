"""The real decks validate and cover enough ground; the validator catches malformed decks."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from checker.catalogue import CatalogueError
from checker.quiz.decks import DeckError, load_decks, parse_deck, read_decks, validate

# ------------------------------------------------------------------ the real decks


@pytest.fixture(scope="module")
def decks():
    found, _ = read_decks()
    return found


def test_every_deck_validates():
    assert validate() == []


def test_enough_concept_questions(decks):
    concept = [d for d in decks if d.kind == "concepts"]
    questions = [q for d in concept for q in d.questions]
    assert len(questions) >= 340
    thin = [d.id for d in concept if len(d.questions) < 8]
    assert thin == [], f"decks with fewer than 8 questions: {thin}"
    auto = sum(q.auto_graded for q in questions)
    assert auto / len(questions) >= 0.75


def test_enough_linux_cards(decks):
    assert sum(len(d.cards) for d in decks if d.kind == "linux") >= 80


def _linux_cards(decks):
    return [c for d in decks if d.kind == "linux" for c in d.cards]


def _normalised(command: str) -> str:
    return " ".join(command.split())


def test_seed_errors_are_not_accepted(decks):
    for card in _linux_cards(decks):
        for command in card.accepted:
            assert "ps -aus" not in _normalised(command), card.id
            words = command.split()
            if words and words[0] == "mv":
                assert "-r" not in words and "-R" not in words, card.id


def _about_memory(prompt: str) -> bool:
    text = prompt.lower()
    return ("memory" in text or " ram " in f" {text} ") and "gpu" not in text and "disk" not in text


def test_memory_is_free_not_df(decks):
    memory_cards = [c for c in _linux_cards(decks) if _about_memory(c.prompt)]
    assert any("free -h" in map(_normalised, c.accepted) for c in memory_cards)
    for card in memory_cards:
        for command in card.accepted:
            programs = [shlex.split(stage)[0] for stage in command.split("|") if stage.strip()]
            assert "df" not in programs, f"{card.id} answers memory with df: {command}"


# ------------------------------------------------------------------ malformed decks

GOOD_CONCEPTS = '''
[deck]
id = "tiny"
title = "Tiny"
kind = "concepts"
cheatsheet = "tiny#top"

[[questions]]
id = "tiny-choice"
type = "choice"
prompt = "Pick b."
choices = ["no", "yes", "no"]
answer = "b"
explanation = "Because."

[[questions]]
id = "tiny-multi"
type = "multi"
prompt = "Pick a and c."
choices = ["yes", "no", "yes"]
answer = ["a", "c"]
explanation = "Because."

[[questions]]
id = "tiny-numeric"
type = "numeric"
prompt = "Half?"
answer = 0.5
tolerance = 0.01
explanation = "Because."

[[questions]]
id = "tiny-bug"
type = "bug"
prompt = "Which line?"
code = """
a = 1
b = a +
"""
explanation = "Because."

[[questions.fixes]]
line = 2
fix = "b = a + 1"

[[questions]]
id = "tiny-recall"
type = "recall"
prompt = "Explain."
answer = "Like this."
key_points = ["one", "two"]
explanation = "Because."
'''


def _write(root: Path, kind: str, name: str, text: str) -> Path:
    folder = root / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_small_deck_has_no_problems(tmp_path):
    _write(tmp_path, "concepts", "tiny", GOOD_CONCEPTS)
    assert validate(tmp_path) == []
    (deck,) = load_decks(tmp_path)
    assert [q.type for q in deck.questions] == ["choice", "multi", "numeric", "bug", "recall"]
    assert deck.questions[3].code_lines == ["a = 1", "b = a +"]


BAD = [
    (
        "unknown type",
        ('type = "choice"\nprompt = "Pick b."', 'type = "essay"\nprompt = "Pick b."'),
        "unknown type 'essay'",
    ),
    ("letter out of range", ('answer = "b"', 'answer = "e"'), "not a choice letter"),
    (
        "multi letter out of range",
        ('answer = ["a", "c"]', 'answer = ["a", "d"]'),
        "not a choice letter",
    ),
    ("bug line outside", ("line = 2\nfix", "line = 7\nfix"), "outside the snippet"),
    ("bug without fixes", ("[[questions.fixes]]\nline = 2", "[questions.what]\nline = 2"), "fixes"),
    (
        "two precisions",
        ("tolerance = 0.01\n", "tolerance = 0.01\nplaces = 2\nsig_figs = 3\n"),
        "not both",
    ),
    ("places not a count", ("tolerance = 0.01\n", "tolerance = 0.01\nplaces = -1\n"), "places"),
    (
        "missing explanation",
        (
            'answer = 0.5\ntolerance = 0.01\nexplanation = "Because."',
            "answer = 0.5\ntolerance = 0.01",
        ),
        "'explanation'",
    ),
    ("missing key_points", ('key_points = ["one", "two"]\n', ""), "key_points"),
    ("negative tolerance", ("tolerance = 0.01", "tolerance = -0.01"), ">= 0"),
    ("misspelt key", ('explanation = "Because."', 'explaination = "Because."'), "unknown key"),
    ("too few choices", ('choices = ["no", "yes", "no"]', 'choices = ["yes"]'), "2 to 6"),
    ("bad kind", ('kind = "concepts"', 'kind = "trivia"'), "unknown kind"),
    ("not toml", ('title = "Tiny"', 'title = "Tiny'), "cannot be read as TOML"),
]


@pytest.mark.parametrize(
    ("old_new", "expected"), [(b[1], b[2]) for b in BAD], ids=[b[0] for b in BAD]
)
def test_validation_catches(tmp_path, old_new, expected):
    old, new = old_new
    assert old in GOOD_CONCEPTS
    path = _write(tmp_path, "concepts", "tiny", GOOD_CONCEPTS.replace(old, new, 1))
    problems = validate(tmp_path)
    assert problems, "the malformed deck passed validation"
    assert any(expected in p and str(path) in p for p in problems), problems


def test_duplicate_ids_across_decks(tmp_path):
    _write(tmp_path, "concepts", "tiny", GOOD_CONCEPTS)
    other = GOOD_CONCEPTS.replace('id = "tiny"', 'id = "other"')
    for qid in ("tiny-multi", "tiny-numeric", "tiny-bug", "tiny-recall"):
        other = other.replace(qid, f"other-{qid}")
    second = _write(tmp_path, "concepts", "other", other)
    problems = validate(tmp_path)
    assert len(problems) == 1
    assert "duplicate id 'tiny-choice'" in problems[0]
    assert str(second) in problems[0] or "tiny.toml" in problems[0]


def test_card_without_answer_and_unknown_grader(tmp_path):
    path = _write(
        tmp_path,
        "linux",
        "cards",
        '[deck]\nid = "linux-x"\ntitle = "X"\nkind = "linux"\n\n'
        '[[cards]]\nid = "x-one"\nprompt = "Do it."\nexplanation = "So."\ngrade = "vibes"\n',
    )
    problems = validate(tmp_path)
    assert any("'answer'" in p and str(path) in p for p in problems)
    assert any("unknown grade 'vibes'" in p for p in problems)


def test_a_malformed_deck_is_one_line_catalogue_error(tmp_path):
    _write(tmp_path, "concepts", "tiny", GOOD_CONCEPTS.replace('answer = "b"', 'answer = "q"'))
    _write(tmp_path, "concepts", "broken", "[deck\n")
    with pytest.raises(DeckError) as caught:
        load_decks(tmp_path)
    assert isinstance(caught.value, CatalogueError)  # the CLI turns these into exit 3
    message = str(caught.value)
    assert "\n" not in message
    assert "broken.toml" in message or "tiny.toml" in message
    assert "1 more" in message


def test_parse_deck_survives_garbage(tmp_path):
    path = _write(
        tmp_path,
        "concepts",
        "junk",
        '[deck]\nid = 5\nkind = "concepts"\n'
        '[[questions]]\nid = "Not Kebab"\ntype = "choice"\nanswer = 3\n',
    )
    deck, problems = parse_deck(path)
    assert deck is not None
    assert any("kebab-case" in p for p in problems)
    assert any("not a choice letter" in p for p in problems)
