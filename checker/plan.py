"""Today's plan: what `drill` alone shows and `drill next` starts.

The order is the order of value: drills due for review (most overdue first; an
interview asks for them from memory), then concept questions and Linux cards due,
then a drill already started and not yet accepted, then the next new drill
(headline drills first, then by track and difficulty), then new questions once
every drill is learned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from checker.catalogue import DIFFICULTIES, TRACKS, Drill
from checker.quiz.decks import Deck
from checker.quiz.scheduler import ItemState
from checker.quiz.stats import streak
from checker.training import Standing, item_id


@dataclass(frozen=True)
class Step:
    kind: str  # "review" | "questions" | "cards" | "continue" | "new" | "new-questions"
    what: str  # one line for a person
    command: tuple[str, ...]  # the drill subcommand that does it, e.g. ("start", "adam")
    drill: str | None = None
    due: datetime | None = None
    count: int = 0


@dataclass(frozen=True)
class Today:
    steps: tuple[Step, ...]
    drills_passed: int
    drills_total: int
    streak: int
    next_review: datetime | None  # the soonest review not yet due (drills, questions, cards)


def new_drill_order(drills: Sequence[Drill]) -> list[Drill]:
    """Headline drills first, then by track, then difficulty, then id."""
    return sorted(
        drills,
        key=lambda d: (
            not d.headline,
            TRACKS.index(d.track),
            DIFFICULTIES.index(d.difficulty),
            d.id,
        ),
    )


def _command(kind: str) -> tuple[str, ...]:
    return ("quiz",) if kind == "concepts" else ("cards",)


def build(
    drills: Sequence[Drill],
    status: Mapping[str, str],  # drill id -> "new" | "started" | "passed"
    decks: Sequence[Deck],
    states: Mapping[str, ItemState],  # every review card, questions, cards and drills
    current: str | None,
    active_days: set[date],
    now: datetime,
) -> Today:
    steps: list[Step] = []
    standings = {
        d.id: Standing(status[d.id] == "passed", states.get(item_id(d.id))) for d in drills
    }
    due = [d for d in drills if standings[d.id].is_due(now)]
    due.sort(key=lambda d: standings[d.id].due(now) or now)
    for drill in due:
        when = standings[drill.id].due(now)
        steps.append(Step("review", drill.title, ("start", drill.id), drill.id, when))

    upcoming = [s.due for s in states.values() if s.due > now]
    for kind, label in (("concepts", "concept question"), ("linux", "Linux card")):
        ids = [item.id for deck in decks if deck.kind == kind for item in deck.items]
        count = sum(1 for i in ids if i in states and states[i].due <= now)
        if count:
            plural = "s" if count > 1 else ""
            name = "questions" if kind == "concepts" else "cards"
            steps.append(Step(name, f"{count} {label}{plural} due", _command(kind), count=count))

    started = [d for d in drills if status[d.id] == "started"]
    started.sort(key=lambda d: (d.id != current, d.id))
    for drill in started:
        steps.append(Step("continue", drill.title, ("start", drill.id), drill.id))

    fresh = [d for d in new_drill_order(drills) if status[d.id] == "new"]
    if fresh:
        drill = fresh[0]
        steps.append(Step("new", drill.title, ("start", drill.id), drill.id))
    else:
        unseen = sum(
            1 for deck in decks if deck.kind == "concepts" for q in deck.items if q.id not in states
        )
        if unseen:
            what = f"{unseen} concept questions not yet asked"
            steps.append(Step("new-questions", what, ("quiz",), count=unseen))
    return Today(
        steps=tuple(steps),
        drills_passed=sum(1 for d in drills if status[d.id] == "passed"),
        drills_total=len(drills),
        streak=streak(active_days, now.date()),
        next_review=min(upcoming) if upcoming else None,
    )
