"""The SQLite progress database: opening it safely, and drill progress records.

Other stores (the review scheduler) open the same file through `connect` and
create their own tables; each module owns the tables it creates.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_DRILL_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    drill TEXT NOT NULL,
    at REAL NOT NULL,
    verdict TEXT NOT NULL,
    passed INTEGER NOT NULL,
    seconds REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_by_drill ON checks (drill);
CREATE TABLE IF NOT EXISTS drill_state (
    drill TEXT PRIMARY KEY,
    started_at REAL NOT NULL,
    hints_shown INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass
class Opened:
    """A connection, and a one-line warning when a damaged file was set aside."""

    conn: sqlite3.Connection
    warning: str | None = None


def _open_checked(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        if not row or row[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check said {row!r}")
        conn.executescript(_DRILL_SCHEMA)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


class StoreUnavailable(Exception):
    """The database could not be used right now (locked, read-only, no such
    folder): a one-line error, and the file is left exactly as it is."""


def connect(path: Path) -> Opened:
    """Open (creating if needed) the progress database at `path`.

    A file SQLite cannot read is renamed to `progress.db.corrupt-<stamp>` and a
    fresh database is started; the warning says where the old file went, so
    nothing is silently lost. A healthy file that cannot be opened now (locked by
    another drill, read-only) is never moved: that raises StoreUnavailable.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Opened(_open_checked(path))
    except OSError as exc:
        raise StoreUnavailable(f"cannot create {path.parent}: {exc.strerror}") from None
    except sqlite3.OperationalError as exc:
        # OperationalError is a DatabaseError too, but says nothing about damage.
        raise StoreUnavailable(f"cannot use the progress database {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        path.rename(aside)
        warning = (
            f"the progress database {path} was damaged ({exc}); it was moved to {aside} "
            "and a new one started"
        )
        return Opened(_open_checked(path), warning)


@dataclass(frozen=True)
class DrillProgress:
    drill: str
    status: str  # "new" | "started" | "passed"
    attempts: int
    last_verdict: str | None


class ProgressStore:
    """Drill starts, checks and hints."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def mark_started(self, drill: str) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO drill_state (drill, started_at) VALUES (?, ?)",
                (drill, time.time()),
            )
            self._set("current_drill", drill)

    def record_check(self, drill: str, verdict: str, passed: bool, seconds: float) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO drill_state (drill, started_at) VALUES (?, ?)",
                (drill, time.time()),
            )
            self.conn.execute(
                "INSERT INTO checks (drill, at, verdict, passed, seconds) VALUES (?, ?, ?, ?, ?)",
                (drill, time.time(), verdict, int(passed), seconds),
            )

    def next_hint(self, drill: str, available: int) -> int:
        """Reveal one more hint; returns how many are now shown (at most `available`)."""
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO drill_state (drill, started_at) VALUES (?, ?)",
                (drill, time.time()),
            )
            (shown,) = self.conn.execute(
                "SELECT hints_shown FROM drill_state WHERE drill = ?", (drill,)
            ).fetchone()
            shown = min(shown + 1, available)
            self.conn.execute(
                "UPDATE drill_state SET hints_shown = ? WHERE drill = ?", (shown, drill)
            )
        return shown

    def current_drill(self) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'current_drill'").fetchone()
        return row[0] if row else None

    def progress(self, drill: str) -> DrillProgress:
        started = self.conn.execute(
            "SELECT 1 FROM drill_state WHERE drill = ?", (drill,)
        ).fetchone()
        attempts, passes = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(passed), 0) FROM checks WHERE drill = ?", (drill,)
        ).fetchone()
        last = self.conn.execute(
            "SELECT verdict FROM checks WHERE drill = ? ORDER BY id DESC LIMIT 1", (drill,)
        ).fetchone()
        if passes:
            status = "passed"
        elif started or attempts:
            status = "started"
        else:
            status = "new"
        return DrillProgress(drill, status, attempts, last[0] if last else None)

    def _set(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
