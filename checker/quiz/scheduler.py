"""Spaced repetition with FSRS, kept in the progress database.

Two tables: `review_log` is the source of truth (one row per answer: item,
deck, rating, time, the answer typed, right or not) and `card_state` caches
each item's FSRS card so selection needs no replay. The cache can always be
rebuilt from the log with `Scheduler.reschedule_card`.

Every function takes `now` explicitly (an aware datetime) so tests control
time, and each review is committed on its own so an interrupted session
keeps every answer already given.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card as FsrsCard
from fsrs import Rating, ReviewLog, Scheduler

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_log (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL,
    deck TEXT NOT NULL,
    rating INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS review_log_by_item ON review_log (item);
CREATE TABLE IF NOT EXISTS card_state (
    item TEXT PRIMARY KEY,
    deck TEXT NOT NULL,
    due TEXT NOT NULL,
    card TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS new_item_order (
    seed TEXT NOT NULL
);
"""


def make_scheduler(fuzzing: bool = True) -> Scheduler:
    """FSRS with its default parameters; tests turn fuzzing off to get exact intervals."""
    return Scheduler(enable_fuzzing=fuzzing)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def card_number(item: str) -> int:
    """FSRS wants an integer card id; derive a stable one from the item id."""
    return int.from_bytes(hashlib.sha256(item.encode()).digest()[:6], "big")


@dataclass(frozen=True)
class Review:
    item: str
    deck: str
    rating: Rating
    reviewed_at: datetime
    answer: str
    correct: bool


@dataclass(frozen=True)
class ItemState:
    item: str
    deck: str
    card: FsrsCard

    @property
    def due(self) -> datetime:
        return self.card.due


class ReviewStore:
    """The review log and FSRS card states for concept questions and Linux cards."""

    def __init__(self, conn: sqlite3.Connection, scheduler: Scheduler | None = None) -> None:
        self.conn = conn
        self.scheduler = scheduler or make_scheduler()
        conn.executescript(_SCHEMA)

    def order_seed(self) -> str:
        """This learner's shuffle of new items: drawn once, then the same on every run.

        A fixed order per learner means an interrupted session resumes where it was, and
        two learners do not all start with the same deck.
        """
        row = self.conn.execute("SELECT seed FROM new_item_order").fetchone()
        if row is None:
            with self.conn:
                self.conn.execute(
                    "INSERT INTO new_item_order (seed) VALUES (?)", (secrets.token_hex(8),)
                )
            row = self.conn.execute("SELECT seed FROM new_item_order").fetchone()
        return row[0]

    def record(
        self,
        item: str,
        deck: str,
        rating: Rating,
        now: datetime,
        answer: str,
        correct: bool,
    ) -> ItemState:
        """Schedule one review and store it with the new state in one transaction."""
        now = _utc(now)
        previous = self.state(item)
        card = previous.card if previous else FsrsCard(card_id=card_number(item), due=now)
        card, _ = self.scheduler.review_card(card, rating, review_datetime=now)
        with self.conn:
            self.conn.execute(
                "INSERT INTO review_log (item, deck, rating, reviewed_at, answer, correct) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (item, deck, int(rating), now.isoformat(), answer, int(correct)),
            )
            self._save(item, deck, card)
        return ItemState(item, deck, card)

    def _save(self, item: str, deck: str, card: FsrsCard) -> None:
        self.conn.execute(
            "INSERT INTO card_state (item, deck, due, card) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(item) DO UPDATE SET deck = excluded.deck, due = excluded.due, "
            "card = excluded.card",
            (item, deck, _utc(card.due).isoformat(), json.dumps(card.to_dict())),
        )

    def state(self, item: str) -> ItemState | None:
        row = self.conn.execute(
            "SELECT item, deck, card FROM card_state WHERE item = ?", (item,)
        ).fetchone()
        return _state_from_row(row) if row else None

    def states(self) -> dict[str, ItemState]:
        rows = self.conn.execute("SELECT item, deck, card FROM card_state").fetchall()
        return {row[0]: _state_from_row(row) for row in rows}

    def reviews(self, item: str | None = None) -> list[Review]:
        """The log, oldest first (for one item, or all)."""
        query = "SELECT item, deck, rating, reviewed_at, answer, correct FROM review_log"
        params: tuple[str, ...] = ()
        if item is not None:
            query += " WHERE item = ?"
            params = (item,)
        rows = self.conn.execute(query + " ORDER BY id", params).fetchall()
        return [
            Review(r[0], r[1], Rating(r[2]), datetime.fromisoformat(r[3]), r[4], bool(r[5]))
            for r in rows
        ]

    def rebuild(self, item: str) -> FsrsCard | None:
        """The item's card replayed from the log alone (None if it was never reviewed)."""
        reviews = self.reviews(item)
        if not reviews:
            return None
        number = card_number(item)
        logs = [ReviewLog(number, r.rating, r.reviewed_at, None) for r in reviews]
        start = FsrsCard(card_id=number, due=reviews[0].reviewed_at)
        return self.scheduler.reschedule_card(start, logs)

    def rebuild_all(self) -> int:
        """Rewrite every cached state from the log; returns how many items were rebuilt."""
        items = [
            row[0]
            for row in self.conn.execute("SELECT DISTINCT item FROM review_log ORDER BY item")
        ]
        with self.conn:
            self.conn.execute("DELETE FROM card_state")
            for item in items:
                card = self.rebuild(item)
                if card is not None:
                    self._save(item, self.reviews(item)[-1].deck, card)
        return len(items)


def _state_from_row(row: Sequence[str]) -> ItemState:
    return ItemState(row[0], row[1], FsrsCard.from_dict(json.loads(row[2])))


def _draw(seed: str, name: str) -> bytes:
    return hashlib.sha256(f"{seed}:{name}".encode()).digest()


def shuffled(item_ids: Sequence[str], seed: str, deck_of: Mapping[str, str]) -> list[str]:
    """The items dealt round-robin from each deck, every deck shuffled by `seed`.

    Round-robin makes the first items of a session come from different decks; an item's
    place within its deck depends only on its own id, so adding a question does not
    reshuffle the rest.
    """
    by_deck: dict[str, list[str]] = {}
    for item in item_ids:
        by_deck.setdefault(deck_of.get(item, ""), []).append(item)
    ranked = []
    for deck, items in by_deck.items():
        items.sort(key=lambda i: _draw(seed, i))
        ranked += [(rank, _draw(seed, deck), item) for rank, item in enumerate(items)]
    return [item for _, _, item in sorted(ranked)]


def select(
    item_ids: Sequence[str],
    states: dict[str, ItemState],
    now: datetime,
    limit: int,
    seed: str | None = None,
    deck_of: Mapping[str, str] | None = None,
) -> list[str]:
    """Due items first (most overdue first), then new ones, at most `limit`.

    New items come in the given order, or dealt from their decks (`deck_of`) in an
    order shuffled by `seed` when one is given.
    Items reviewed but not yet due are left out: asking them early would
    teach the scheduler that the learner remembers better than they do.
    """
    now = _utc(now)
    due = [i for i in item_ids if i in states and _utc(states[i].due) <= now]
    due.sort(key=lambda i: _utc(states[i].due))
    new = [i for i in item_ids if i not in states]
    if seed is not None:
        new = shuffled(new, seed, deck_of or {})
    return (due + new)[: max(limit, 0)]


def next_due(item_ids: Sequence[str], states: dict[str, ItemState]) -> datetime | None:
    """When the earliest of these items is next due (None if none was ever reviewed)."""
    dues = [_utc(states[i].due) for i in item_ids if i in states]
    return min(dues) if dues else None
