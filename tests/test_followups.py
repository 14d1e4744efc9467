"""The interview follow-ups shown after a drill is accepted.

Each drill names two to four concept questions in its drill.toml. They must exist,
be about that drill (not about a neighbouring topic that shares a cheatsheet page:
layer norm was once followed up with batch norm's running statistics, which layer
norm does not have), read on their own as a one-line prompt, and come with one
command, `drill quiz --id A --id B ...`, that asks exactly those questions.
"""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path

import pytest
from rich.console import Console

from checker.catalogue import Drill, drill_ids, load_drill
from checker.cli import build_parser
from checker.commands import quiz as quiz_commands
from checker.followups import FollowUp, followups_for, quiz_command
from checker.quiz.decks import Deck, Question, read_decks
from checker.render.verdict import show_followups


def _concept_decks() -> list[Deck]:
    decks, _ = read_decks(grade_cards=False)
    return [d for d in decks if d.kind == "concepts"]


DECKS = _concept_decks()
DECK_OF = {q.id: d for d in DECKS for q in d.questions}
QUESTION = {q.id: q for d in DECKS for q in d.questions}
DRILLS = drill_ids()

# When is a follow-up about its drill? Every deck declares its topic as a cheatsheet
# section in its header (batchnorm: "batchnorm#train-vs-test", normalisation-layers:
# "batchnorm#layer-norm-and-spatial-batch-norm"), and every drill links the sections
# it is about (its own cheatsheet and those of its recognised mistakes). A deck
# covers a drill when its section is one the drill links; its questions are then on
# topic. Sections, not pages: layer norm and batch norm share the batchnorm page, but
# the layernorm drill never links batch norm's train-vs-test section, so the batchnorm
# deck does not cover it.
#
# A good follow-up can still come from another deck. Each such (drill, question) is
# listed here with the reason an interviewer would ask it right after that code.
BORROWED = {
    ("activations", "gradient-checking-kinks"): (
        "the drill fixes ReLU's gradient at the kink x = 0 and is finite-difference "
        "checked away from it: why a gradient check fails near the kink is the next question"
    ),
    ("affine", "nonlinearity-collapsed-bias"): (
        "no deck is about the affine layer itself; what two of the layers just written "
        "compute when stacked without an activation is the first thing to ask"
    ),
    ("affine", "conv-layers-vs-fully-connected"): (
        "the parameter count of the affine layer on a flattened image, the input this "
        "drill flattens, set against a convolution's"
    ),
    ("affine", "initialisation-zero-weights"): (
        "how to initialise the W the candidate just used: constant weights never break "
        "the symmetry between the layer's units"
    ),
    ("clip_grad_norm", "vanishing-gradients-clip-vs-lower-lr"): (
        "clipping guards against exploding gradients; whether a lower learning rate "
        "would do the same job is the question the vanishing-gradients deck asks"
    ),
    ("minibatches", "iid-shuffle-why"): (
        "the drill shuffles before cutting the batches; why a training loop reshuffles "
        "every epoch is asked in the iid deck"
    ),
}


def _links(drill: Drill) -> set[str]:
    """The cheatsheet sections a drill links: its own and its mistakes'."""
    return {link for link in (drill.cheatsheet, *(m.cheatsheet for m in drill.mistakes)) if link}


def _covers(deck: Deck, drill: Drill) -> bool:
    """The deck's topic is a section the drill links (a page-only header: any section of it)."""
    if not deck.cheatsheet:
        return False
    links = _links(drill)
    if "#" in deck.cheatsheet:
        return deck.cheatsheet in links
    return any(link.split("#")[0] == deck.cheatsheet for link in links)


def _off_topic(drill: Drill, qids: list[str]) -> list[str]:
    return [
        f"{qid} (deck {DECK_OF[qid].id}, topic {DECK_OF[qid].cheatsheet})"
        for qid in qids
        if not _covers(DECK_OF[qid], drill) and (drill.id, qid) not in BORROWED
    ]


# ------------------------------------------------------------------ the lists


@pytest.mark.parametrize("drill_id", DRILLS)
def test_every_followup_is_a_concept_question(drill_id):
    drill = load_drill(drill_id)
    missing = [qid for qid in drill.followups if qid not in QUESTION]
    assert not missing, f"not a concept question in any deck: {missing}"
    found = followups_for(drill)
    assert [f.id for f in found] == list(drill.followups)
    assert all(f.prompt == QUESTION[f.id].prompt and f.deck == DECK_OF[f.id].id for f in found)


@pytest.mark.parametrize("drill_id", DRILLS)
def test_two_to_four_distinct_followups(drill_id):
    followups = load_drill(drill_id).followups
    assert 2 <= len(followups) <= 4, "an interviewer's two to four follow-up questions"
    assert len(set(followups)) == len(followups), "a follow-up is listed twice"


@pytest.mark.parametrize("drill_id", DRILLS)
def test_followups_are_about_their_drill(drill_id):
    drill = load_drill(drill_id)
    off = _off_topic(drill, list(drill.followups))
    assert not off, (
        f"from a deck whose topic {drill_id} never links ({sorted(_links(drill))}): {off}. "
        "Pick a question about this drill, or add it to BORROWED with the reason."
    )


@pytest.mark.parametrize("drill_id", DRILLS)
def test_most_followups_come_from_a_deck_that_covers_the_drill(drill_id):
    drill = load_drill(drill_id)
    if not any(_covers(deck, drill) for deck in DECKS):
        pytest.skip(f"no deck covers {drill_id}: every follow-up is borrowed, with its reason")
    own = [qid for qid in drill.followups if _covers(DECK_OF[qid], drill)]
    assert len(own) * 2 > len(drill.followups), f"only {own} come from a deck about {drill_id}"


def test_borrowed_entries_are_current_and_needed():
    for (drill_id, qid), reason in BORROWED.items():
        drill = load_drill(drill_id)
        assert qid in drill.followups, f"{drill_id} no longer follows up with {qid}"
        assert not _covers(DECK_OF[qid], drill), f"{qid}'s deck covers {drill_id}: not borrowed"
        assert len(reason.split()) >= 8, f"say why {qid} follows {drill_id}"


def test_layernorm_is_not_followed_up_with_batch_statistics():
    """The reported bug: batch-norm questions after layer norm, which has no batch statistics."""
    layernorm = load_drill("layernorm")
    old = ["batchnorm-test-statistics", "batchnorm-output-moments", "batchnorm-biased-variance"]
    assert len(_off_topic(layernorm, old)) == len(old)
    assert not any(DECK_OF[qid].id == "batchnorm" for qid in layernorm.followups)


@pytest.mark.parametrize("drill_id", DRILLS)
def test_followup_prompts_stand_on_their_own(drill_id):
    """Only the prompts are shown: a bug question's prompt means nothing without its code,
    and a prompt that leans on the question before it ("Same setting: ...") has none."""
    for qid in load_drill(drill_id).followups:
        question: Question = QUESTION[qid]
        assert question.type != "bug", f"{qid}: its snippet is not shown with the follow-ups"
        assert not question.prompt.lower().startswith("same"), f"{qid} refers to another question"


# ------------------------------------------------------------------ the command


def _followups(drill_id: str) -> list[FollowUp]:
    return followups_for(load_drill(drill_id))


@pytest.mark.parametrize("drill_id", DRILLS)
def test_the_command_names_the_ids_in_order_and_drill_quiz_accepts_it(drill_id):
    followups = _followups(drill_id)
    command = quiz_command(followups)
    assert command == "drill quiz " + " ".join(f"--id {f.id}" for f in followups)
    words = shlex.split(command)
    assert words[0] == "drill"
    args = build_parser().parse_args(words[1:])
    assert args.run is quiz_commands.run_quiz
    assert args.topic is None
    assert args.ids == [f.id for f in followups]
    asked = quiz_commands._by_id(DECKS, args.ids, "concepts")  # what `drill quiz --id` asks
    assert [item.id for item in asked] == args.ids


def test_no_command_for_no_followups():
    with pytest.raises(ValueError):
        quiz_command([])


def test_the_command_is_printed_whole_on_one_line():
    followups = _followups("layernorm")
    console = Console(file=io.StringIO(), width=40, no_color=True)
    show_followups(console, followups)
    lines = console.file.getvalue().splitlines()
    assert lines[0] == "An interviewer would follow up with:"
    assert f"Answer them: {quiz_command(followups)}" in lines
    assert lines[-1] == f"Answer them: {quiz_command(followups)}"
    text = " ".join(lines)
    for item in followups:
        assert " ".join(item.prompt.split()) in " ".join(text.split())


@pytest.mark.parametrize("drill_id", ["layernorm", "activations"])
def test_running_the_command_asks_exactly_those_questions(run_drill, tmp_path: Path, drill_id):
    followups = _followups(drill_id)
    answers = tmp_path / "answers.txt"
    answers.write_text("?\n" * (2 * len(followups)), encoding="utf-8")  # recall takes two lines
    words = shlex.split(quiz_command(followups))
    result = run_drill(*words[1:], "--answers", str(answers), "--json")
    assert result.returncode == 0, result.stderr
    asked = [answer["id"] for answer in json.loads(result.stdout)["answers"]]
    assert asked == [f.id for f in followups]


def test_an_accepted_check_prints_the_command(run_drill):
    solution = Path(__file__).resolve().parent.parent / "solutions" / "layernorm.py"
    result = run_drill("check", "layernorm", "--file", str(solution))
    assert result.returncode == 0, result.stdout
    assert f"Answer them: {quiz_command(_followups('layernorm'))}\n" in result.stdout
