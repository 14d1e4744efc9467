"""Review statistics for `drill stats`: accuracy by topic, what is due, streak, heatmap.

Days are calendar days in the time zone of `now` (the learner's local time in
the CLI), because "reviewed today" means the learner's today, not UTC's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from checker.quiz.decks import Deck
from checker.quiz.scheduler import ItemState, Review

HEATMAP_WEEKS = 16


@dataclass(frozen=True)
class TopicStats:
    deck: str
    title: str
    kind: str
    items: int
    seen: int  # items reviewed at least once
    reviews: int
    correct: int
    due: int  # due now

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


@dataclass(frozen=True)
class ItemDue:
    item: str
    deck: str
    due: datetime
    reviews: int


@dataclass(frozen=True)
class Stats:
    today: date
    topics: tuple[TopicStats, ...]
    due_now: int
    due_today: int
    due_this_week: int
    reviewed_today: int
    streak: int
    days: dict[date, int]  # reviews per day, the heatmap's last HEATMAP_WEEKS weeks
    items: tuple[ItemDue, ...]  # every reviewed item, soonest due first

    def to_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "due_now": self.due_now,
            "due_today": self.due_today,
            "due_this_week": self.due_this_week,
            "reviewed_today": self.reviewed_today,
            "streak_days": self.streak,
            "topics": [
                {
                    "deck": t.deck,
                    "title": t.title,
                    "kind": t.kind,
                    "items": t.items,
                    "seen": t.seen,
                    "reviews": t.reviews,
                    "correct": t.correct,
                    "accuracy": t.accuracy,
                    "due": t.due,
                }
                for t in self.topics
            ],
            "days": {d.isoformat(): n for d, n in sorted(self.days.items()) if n},
            "items": [
                {"id": i.item, "deck": i.deck, "due": i.due.isoformat(), "reviews": i.reviews}
                for i in self.items
            ],
        }


def streak(review_days: set[date], today: date) -> int:
    """Consecutive days with reviews, ending today (or yesterday, if today is still open)."""
    day = today if today in review_days else today - timedelta(days=1)
    count = 0
    while day in review_days:
        count += 1
        day -= timedelta(days=1)
    return count


def heatmap_start(today: date, weeks: int = HEATMAP_WEEKS) -> date:
    """The Monday that starts the first column, so the last column holds today."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(weeks=weeks - 1)


def compute(
    decks: Sequence[Deck],
    reviews: Sequence[Review],
    states: dict[str, ItemState],
    now: datetime,
) -> Stats:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = now.tzinfo
    today = now.date()
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time(), zone)
    end_of_week = end_of_today + timedelta(days=6)
    review_dates = [r.reviewed_at.astimezone(zone).date() for r in reviews]
    per_day = Counter(review_dates)
    per_item = Counter(r.item for r in reviews)

    topics = []
    for deck in decks:
        ids = {item.id for item in deck.items}
        deck_reviews = [r for r in reviews if r.item in ids]
        topics.append(
            TopicStats(
                deck=deck.id,
                title=deck.title,
                kind=deck.kind,
                items=len(ids),
                seen=sum(1 for i in ids if i in states),
                reviews=len(deck_reviews),
                correct=sum(r.correct for r in deck_reviews),
                due=sum(1 for i in ids if i in states and states[i].due <= now),
            )
        )
    # Items retired from the decks are still in the log; they no longer count as due.
    live = {item.id for deck in decks for item in deck.items}
    live_states = [s for s in states.values() if s.item in live]
    start = heatmap_start(today)
    return Stats(
        today=today,
        topics=tuple(topics),
        due_now=sum(1 for s in live_states if s.due <= now),
        due_today=sum(1 for s in live_states if s.due < end_of_today),
        due_this_week=sum(1 for s in live_states if s.due < end_of_week),
        reviewed_today=per_day.get(today, 0),
        streak=streak(set(per_day), today),
        days={d: n for d, n in per_day.items() if start <= d <= today},
        items=tuple(
            ItemDue(s.item, s.deck, s.due, per_item.get(s.item, 0))
            for s in sorted(states.values(), key=lambda s: s.due)
        ),
    )
