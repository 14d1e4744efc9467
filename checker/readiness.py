"""Interview readiness per topic, for `drill stats`: how ready, the weakest, what to do next.

Topics are cheatsheet pages, the part of a link before '#': a drill belongs to the
page of its `cheatsheet` link, a concept deck to the page of the deck's link (a deck
with none goes by the page most of its questions link to, or else is a topic of its
own named by its id). Every Linux deck belongs to one topic, "linux": they all link
to the one Linux page, working at a shell is one interview skill, and twenty rows of
Linux decks would bury the deep-learning topics; the command names the deck to work on.

Each topic has up to three parts, drills, concept questions and Linux cards, each
counted as a Part (total, done, due, rated, good):

  drills     total drills, passed, passed and due for review now (overdue: not
             recalled on schedule), real reviews (the drill's rows in the review log
             after its first, which is the learning attempt; all time), and how many
             of those were rated Good or Easy;
  questions  total questions, seen (reviewed at least once), seen and due now,
  and cards  answers in the last ACCURACY_DAYS days, and how many were right.

The formula, with every share in 0..1:

  part  = (done / total  +  (done - due) / total  +  good / rated) / 3
          coverage          not overdue              recall (0 with no reviews yet)
  score = round(100 * mean of the parts the topic has)   (a part with total 0 is left
                                                           out; no parts at all: 0)

So a topic never touched scores 0; every drill passed, recalled on schedule and not
due, with questions all seen and 90% right, scores 98; a drill passed long ago and now
overdue, never reviewed, scores 33 where the same drill recalled on schedule scores
100; a topic with no drills is scored on its questions alone. The table of cases is
tests/test_readiness.py.

The weakest topic is the one with the lowest score (ties: the order of the table,
headline drills first), and its next command the first of: a drill due for review
(most overdue), the deck with most questions or cards due, a drill not yet passed
(one started first, then the order new drills are offered in), the deck with the
lowest score that still has items never asked, and, with nothing to do today, the
topic's cheatsheet page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fsrs import Rating

from checker.catalogue import Drill
from checker.plan import new_drill_order
from checker.quiz.decks import Deck
from checker.quiz.scheduler import ItemState, Review
from checker.training import Standing, item_id

ACCURACY_DAYS = 30
LINUX = "linux"


@dataclass(frozen=True)
class Part:
    """One kind of practice in a topic: drills, concept questions or Linux cards."""

    total: int  # drills / questions / cards in the topic
    done: int  # drills passed / items seen
    due: int  # of those done, due for review now
    rated: int  # real drill reviews / answers in the last ACCURACY_DAYS days
    good: int  # of those, rated Good or Easy / right

    @property
    def share(self) -> float | None:
        """Recall (drills) or accuracy (questions, cards); None with nothing rated."""
        if self.rated <= 0:
            return None
        return min(max(self.good, 0), self.rated) / self.rated

    def value(self) -> float | None:
        """The part's readiness in 0..1 (module docstring); None if it has no items."""
        if self.total <= 0:
            return None
        done = min(max(self.done, 0), self.total)
        due = min(max(self.due, 0), done)
        return (done / self.total + (done - due) / self.total + (self.share or 0.0)) / 3


def score(parts: Sequence[Part]) -> int:
    """The topic's score in 0..100: the mean of its parts that have items."""
    values = [v for v in (p.value() for p in parts) if v is not None]
    return round(100 * sum(values) / len(values)) if values else 0


@dataclass(frozen=True)
class Topic:
    name: str
    drills: tuple[str, ...]  # drill ids, in the order new drills are offered
    decks: tuple[str, ...]  # deck ids, concepts and Linux
    drill_part: Part
    questions: Part
    cards: Part
    score: int
    command: str  # the most useful next thing to do for this topic

    def to_json(self) -> dict[str, object]:
        d = self.drill_part
        return {
            "topic": self.name,
            "score": self.score,
            "command": self.command,
            "drills": {
                "ids": list(self.drills),
                "total": d.total,
                "passed": d.done,
                "due": d.due,
                "reviews": d.rated,
                "recalled": d.good,
                "recall": d.share,
            },
            "decks": list(self.decks),
            "concepts": _items_json(self.questions),
            "cards": _items_json(self.cards),
        }


def _items_json(part: Part) -> dict[str, object]:
    return {
        "total": part.total,
        "seen": part.done,
        "due": part.due,
        "answers_30d": part.rated,
        "correct_30d": part.good,
        "accuracy_30d": part.share,
    }


@dataclass(frozen=True)
class Readiness:
    topics: tuple[Topic, ...]  # topics with something in them, headline drills' first
    weakest: Topic | None  # None only when there are no drills and no items at all

    def to_json(self) -> dict[str, object]:
        w = self.weakest
        return {
            "readiness": [t.to_json() for t in self.topics],
            "weakest": None
            if w is None
            else {"topic": w.name, "score": w.score, "command": w.command},
        }


# ------------------------------------------------------------------ grouping


def page(link: str | None) -> str | None:
    """The cheatsheet page a link names ("batchnorm#train-vs-test" -> "batchnorm")."""
    if not isinstance(link, str):
        return None
    name = link.split("#", 1)[0].strip()
    return name or None


def _deck_topic(deck: Deck) -> tuple[str, bool]:
    """The deck's topic, and whether that is a cheatsheet page."""
    if deck.kind == LINUX:
        return LINUX, True
    own = page(deck.cheatsheet)
    if own:
        return own, True
    linked = Counter(p for p in (page(getattr(i, "cheatsheet", None)) for i in deck.items) if p)
    if linked:
        return linked.most_common(1)[0][0], True
    return deck.id, False


@dataclass
class _Group:
    name: str
    drills: list[Drill] = field(default_factory=list)
    decks: list[Deck] = field(default_factory=list)
    is_page: bool = False


# ------------------------------------------------------------------ computing


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _DrillFacts:
    drill: Drill
    passed: bool
    started: bool
    due_at: datetime | None  # when due for review, if passed and due now
    reviews: int
    recalled: int


def _drill_facts(
    drill: Drill,
    status: Mapping[str, str],
    states: Mapping[str, ItemState],
    drill_reviews: Mapping[str, list[Review]],
    now: datetime,
) -> _DrillFacts:
    passed = status.get(drill.id) == "passed"
    standing = Standing(passed, states.get(item_id(drill.id)))
    due_at = standing.due(now)
    due = passed and due_at is not None and _aware(due_at) <= now
    real = drill_reviews.get(item_id(drill.id), [])[1:]  # the first is the learning
    return _DrillFacts(
        drill,
        passed,
        status.get(drill.id) == "started",
        _aware(due_at) if due and due_at is not None else None,
        len(real),
        sum(1 for r in real if r.rating >= Rating.Good),
    )


def _deck_part(
    deck: Deck, states: Mapping[str, ItemState], recent: Mapping[str, list[Review]], now: datetime
) -> Part:
    ids = {item.id for item in deck.items}
    seen = [i for i in ids if i in states]
    answers = [r for i in ids for r in recent.get(i, [])]
    return Part(
        total=len(ids),
        done=len(seen),
        due=sum(1 for i in seen if _aware(states[i].due) <= now),
        rated=len(answers),
        good=sum(1 for r in answers if r.correct),
    )


def _sum(parts: Sequence[Part]) -> Part:
    return Part(
        sum(p.total for p in parts),
        sum(p.done for p in parts),
        sum(p.due for p in parts),
        sum(p.rated for p in parts),
        sum(p.good for p in parts),
    )


def deck_command(deck: Deck) -> str:
    if deck.kind == LINUX:
        return f"drill cards {deck.id.removeprefix('linux-')}"
    return f"drill quiz {deck.id}"


def next_command(
    name: str,
    is_page: bool,
    drills: Sequence[_DrillFacts],
    decks: Sequence[tuple[Deck, Part]],
) -> str:
    """The most useful next thing to do for a topic (order in the module docstring)."""
    overdue = [f for f in drills if f.due_at is not None]
    if overdue:
        first = min(overdue, key=lambda f: f.due_at or datetime.max.replace(tzinfo=UTC))
        return f"drill start {first.drill.id}"
    due_decks = [(deck, part) for deck, part in decks if part.due > 0]
    if due_decks:
        deck, _ = max(due_decks, key=lambda dp: dp[1].due)  # max keeps the first of ties
        return deck_command(deck)
    unpassed = [f for f in drills if not f.passed]  # already in new-drill order
    if unpassed:
        first = min(unpassed, key=lambda f: not f.started)
        return f"drill start {first.drill.id}"
    unseen = [(deck, part) for deck, part in decks if part.done < part.total]
    if unseen:
        deck, _ = min(unseen, key=lambda dp: dp[1].value() or 0.0)
        return deck_command(deck)
    if is_page:
        return f"drill cheatsheet {name}"
    if decks:
        return deck_command(min(decks, key=lambda dp: dp[1].value() or 0.0)[0])
    return f"drill start {drills[0].drill.id}" if drills else "drill"


def compute(
    drills: Sequence[Drill],
    status: Mapping[str, str],  # drill id -> "new" | "started" | "passed"
    decks: Sequence[Deck],
    reviews: Sequence[Review],  # the whole review log, oldest first
    states: Mapping[str, ItemState],  # every review card: questions, cards and drills
    now: datetime,
) -> Readiness:
    now = _aware(now)
    groups: dict[str, _Group] = {}

    def group(name: str) -> _Group:
        return groups.setdefault(name, _Group(name))

    for drill in new_drill_order(drills):
        own = page(drill.cheatsheet)
        g = group(own or drill.id)
        g.drills.append(drill)
        g.is_page = g.is_page or own is not None
    for deck in decks:
        name, is_page = _deck_topic(deck)
        g = group(name)
        g.decks.append(deck)
        g.is_page = g.is_page or is_page

    drill_reviews: dict[str, list[Review]] = {}
    recent: dict[str, list[Review]] = {}
    since = now - timedelta(days=ACCURACY_DAYS)
    for review in reviews:
        if review.item.startswith("drill:"):
            drill_reviews.setdefault(review.item, []).append(review)
        elif _aware(review.reviewed_at) >= since:
            recent.setdefault(review.item, []).append(review)

    topics = []
    for g in groups.values():
        facts = [_drill_facts(d, status, states, drill_reviews, now) for d in g.drills]
        parts = [(deck, _deck_part(deck, states, recent, now)) for deck in g.decks]
        drill_part = Part(
            total=len(facts),
            done=sum(f.passed for f in facts),
            due=sum(f.due_at is not None for f in facts),
            rated=sum(f.reviews for f in facts),
            good=sum(f.recalled for f in facts),
        )
        questions = _sum([p for deck, p in parts if deck.kind != LINUX])
        cards = _sum([p for deck, p in parts if deck.kind == LINUX])
        if drill_part.total + questions.total + cards.total == 0:
            continue  # nothing in it (an empty deck): it does not matter
        topics.append(
            Topic(
                name=g.name,
                drills=tuple(d.id for d in g.drills),
                decks=tuple(d.id for d in g.decks),
                drill_part=drill_part,
                questions=questions,
                cards=cards,
                score=score((drill_part, questions, cards)),
                command=next_command(g.name, g.is_page, facts, parts),
            )
        )
    weakest = min(topics, key=lambda t: t.score) if topics else None  # first of ties
    return Readiness(tuple(topics), weakest)
