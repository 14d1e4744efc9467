"""The interview follow-up questions shown after a drill is accepted: a drill
names concept-question ids in its drill.toml, and they are looked up in the decks."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from checker.catalogue import Drill
from checker.quiz.decks import decks_dir, parse_deck


@dataclass(frozen=True)
class FollowUp:
    id: str
    deck: str
    prompt: str


def followups_for(drill: Drill) -> list[FollowUp]:
    """The drill's follow-up questions, in the order drill.toml lists them."""
    if not drill.followups:
        return []
    wanted = set(drill.followups)
    found: dict[str, FollowUp] = {}
    for path in sorted((decks_dir() / "concepts").glob("*.toml")):
        # Parsing every deck costs ~0.1 s of each accepted check: parse only those
        # whose text names a wanted question.
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if not any(qid in text for qid in wanted):
            continue
        deck, _ = parse_deck(path)
        if deck is None:
            continue
        for question in deck.questions:
            if question.id in wanted:
                found[question.id] = FollowUp(question.id, deck.id, question.prompt)
    return [found[qid] for qid in drill.followups if qid in found]


def quiz_command(followups: Sequence[FollowUp]) -> str:
    """The command that asks exactly these questions, in this order:
    `drill quiz --id A --id B --id C`."""
    if not followups:
        raise ValueError("no follow-up questions to ask")
    return " ".join(["drill", "quiz", *(f"--id {shlex.quote(item.id)}" for item in followups)])
