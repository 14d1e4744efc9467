"""The attempts table: one row per go at a drill, from its start to Accepted.

An attempt is a `learn` (the drill was never accepted), a `review` (it was due and
was started again from the blank starter) or a `practice` (written again before it
was due: judged, but it does not move the schedule). It counts what the rating of
an accepted attempt needs (checker/repetition.py): failed checks, hints shown, and
whether the reference solution was shown. At most one attempt per drill is open;
beginning another ends the open one as abandoned, so the log keeps every attempt.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drill_attempts (
    id INTEGER PRIMARY KEY,
    drill TEXT NOT NULL,
    kind TEXT NOT NULL,
    started_at REAL NOT NULL,
    failed_checks INTEGER NOT NULL DEFAULT 0,
    hints INTEGER NOT NULL DEFAULT 0,
    solution_seen INTEGER NOT NULL DEFAULT 0,
    ended_at REAL,
    outcome TEXT,
    rating INTEGER
);
CREATE INDEX IF NOT EXISTS drill_attempts_by_drill ON drill_attempts (drill);
"""

KINDS = ("learn", "review", "practice")
_COLUMNS = (
    "id, drill, kind, started_at, failed_checks, hints, solution_seen, ended_at, outcome, rating"
)


@dataclass(frozen=True)
class Attempt:
    id: int
    drill: str
    kind: str
    started_at: float
    failed_checks: int
    hints: int
    solution_seen: bool
    ended_at: float | None = None
    outcome: str | None = None  # None while open, then "accepted" or "abandoned"
    rating: int | None = None  # the FSRS rating given when accepted (None for practice)

    def minutes(self, at: float) -> float:
        return max(at - self.started_at, 0.0) / 60.0


def _attempt(row: tuple) -> Attempt:
    return Attempt(
        id=row[0],
        drill=row[1],
        kind=row[2],
        started_at=row[3],
        failed_checks=row[4],
        hints=row[5],
        solution_seen=bool(row[6]),
        ended_at=row[7],
        outcome=row[8],
        rating=row[9],
    )


class AttemptStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(_SCHEMA)

    def open(self, drill: str) -> Attempt | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM drill_attempts WHERE drill = ? AND outcome IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (drill,),
        ).fetchone()
        return _attempt(row) if row else None

    def open_all(self) -> dict[str, Attempt]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM drill_attempts WHERE outcome IS NULL ORDER BY id"
        ).fetchall()
        return {row[1]: _attempt(row) for row in rows}

    def history(self, drill: str | None = None) -> list[Attempt]:
        query = f"SELECT {_COLUMNS} FROM drill_attempts"
        params: tuple[str, ...] = ()
        if drill is not None:
            query += " WHERE drill = ?"
            params = (drill,)
        return [_attempt(r) for r in self.conn.execute(query + " ORDER BY id", params)]

    def begin(self, drill: str, kind: str, at: float) -> Attempt:
        """Open a new attempt; one still open for this drill ends as abandoned."""
        if kind not in KINDS:
            raise ValueError(f"unknown attempt kind {kind!r}")
        with self.conn:
            self.conn.execute(
                "UPDATE drill_attempts SET ended_at = ?, outcome = 'abandoned' "
                "WHERE drill = ? AND outcome IS NULL",
                (at, drill),
            )
            cursor = self.conn.execute(
                "INSERT INTO drill_attempts (drill, kind, started_at) VALUES (?, ?, ?)",
                (drill, kind, at),
            )
        return Attempt(cursor.lastrowid or 0, drill, kind, at, 0, 0, False)

    def failed_check(self, attempt: Attempt) -> Attempt:
        with self.conn:
            self.conn.execute(
                "UPDATE drill_attempts SET failed_checks = failed_checks + 1 WHERE id = ?",
                (attempt.id,),
            )
        return self._get(attempt.id)

    def hints_shown(self, attempt: Attempt, shown: int) -> Attempt:
        """Hints only ever go up within an attempt (`drill hint --all` shows no new one)."""
        with self.conn:
            self.conn.execute(
                "UPDATE drill_attempts SET hints = MAX(hints, ?) WHERE id = ?",
                (shown, attempt.id),
            )
        return self._get(attempt.id)

    def solution_seen(self, attempt: Attempt) -> Attempt:
        with self.conn:
            self.conn.execute(
                "UPDATE drill_attempts SET solution_seen = 1 WHERE id = ?", (attempt.id,)
            )
        return self._get(attempt.id)

    def accept(self, attempt: Attempt, at: float, rating: int | None) -> Attempt:
        with self.conn:
            self.conn.execute(
                "UPDATE drill_attempts SET ended_at = ?, outcome = 'accepted', rating = ? "
                "WHERE id = ?",
                (at, rating, attempt.id),
            )
        return self._get(attempt.id)

    def _get(self, attempt_id: int) -> Attempt:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM drill_attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        return _attempt(row)
