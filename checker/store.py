"""The SQLite progress database: opening it safely, and drill progress records.

Other stores (the review scheduler) open the same file through `connect` and
create their own tables; each module owns the tables it creates.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from checker.clock import timestamp

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a set-aside still never overwrites
    fcntl = None

_LOCK_WAIT = 15.0  # seconds to wait for another drill that is setting a damaged file aside

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

    A file SQLite cannot read is renamed to `progress.db.corrupt-<stamp>` (with
    `-2`, `-3`, ... when that name is taken: an earlier file is never overwritten)
    and a fresh database is started; the warning says where the old file went, so
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
    except sqlite3.DatabaseError:
        pass
    # Several drills may find the same damaged file at once: one at a time, and
    # whoever comes second finds the new database and simply uses it.
    with _repair_lock(path):
        try:
            return Opened(_open_checked(path))
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"cannot use the progress database {path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            damage = exc
        try:
            aside = _set_aside(path)
        except FileNotFoundError:  # only without a lock: another drill got there first
            aside = None
        except OSError as exc:
            raise StoreUnavailable(
                f"the progress database {path} is damaged ({damage}) and could not be moved "
                f"aside: {exc.strerror}; it was left as it is"
            ) from None
        try:
            conn = _open_checked(path)
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(
                f"the damaged progress database was moved aside, but a new one could not "
                f"be started at {path}: {exc}"
            ) from None
    if aside is None:
        return Opened(conn)
    warning = (
        f"the progress database {path} was damaged ({damage}); it was moved to {aside} "
        "and a new one started"
    )
    return Opened(conn, warning)


@contextmanager
def _repair_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `progress.db.lock` beside the database.

    Where there is no fcntl, or the file system refuses locks, go on without: the
    set-aside name is still unique, so the worst case is an extra aside file.
    """
    fd = None
    if fcntl is not None:
        try:
            fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            fd = None
    try:
        deadline = time.monotonic() + _LOCK_WAIT
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreUnavailable(
                        f"another drill has been repairing the progress database {path} for "
                        f"{_LOCK_WAIT:.0f} s; try again in a moment"
                    ) from None
                time.sleep(0.02)
            except OSError:
                break  # this file system has no locks
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _set_aside(path: Path) -> Path:
    """Rename `path` to a new `<name>.corrupt-<stamp>[-N]`, with its journal or WAL.

    The new name is claimed with an exclusive create first, so two drills setting
    files aside in the same second can never take the same name.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n > 1 else ""))
        if _claim(aside):
            break
        n += 1
    try:
        os.replace(path, aside)
    except BaseException:
        aside.unlink(missing_ok=True)  # our own empty placeholder
        raise
    for sidecar in ("-journal", "-wal"):
        # Left beside a new database, SQLite would delete (or replay) them.
        old = path.with_name(path.name + sidecar)
        new = aside.with_name(aside.name + sidecar)
        if old.exists() and _claim(new):
            try:
                os.replace(old, new)
            except OSError:
                new.unlink(missing_ok=True)
    return aside


def _claim(path: Path) -> bool:
    """Create an empty `path` if no file (or link) has that name; False if one has."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


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
                (drill, timestamp()),
            )
            self._set("current_drill", drill)

    def record_check(self, drill: str, verdict: str, passed: bool, seconds: float) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO drill_state (drill, started_at) VALUES (?, ?)",
                (drill, timestamp()),
            )
            self.conn.execute(
                "INSERT INTO checks (drill, at, verdict, passed, seconds) VALUES (?, ?, ?, ?, ?)",
                (drill, timestamp(), verdict, int(passed), seconds),
            )

    def next_hint(self, drill: str, available: int) -> int:
        """Reveal one more hint; returns how many are now shown (at most `available`)."""
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO drill_state (drill, started_at) VALUES (?, ?)",
                (drill, timestamp()),
            )
            (shown,) = self.conn.execute(
                "SELECT hints_shown FROM drill_state WHERE drill = ?", (drill,)
            ).fetchone()
            shown = min(shown + 1, available)
            self.conn.execute(
                "UPDATE drill_state SET hints_shown = ? WHERE drill = ?", (shown, drill)
            )
        return shown

    def hints_shown(self, drill: str) -> int:
        row = self.conn.execute(
            "SELECT hints_shown FROM drill_state WHERE drill = ?", (drill,)
        ).fetchone()
        return row[0] if row else 0

    def started_at(self, drill: str) -> float | None:
        """When the drill was first started or checked (None if never)."""
        row = self.conn.execute(
            "SELECT started_at FROM drill_state WHERE drill = ?", (drill,)
        ).fetchone()
        return row[0] if row else None

    def check_times(self) -> list[float]:
        """When every check ran (seconds since the epoch), oldest first."""
        return [row[0] for row in self.conn.execute("SELECT at FROM checks ORDER BY id")]

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
