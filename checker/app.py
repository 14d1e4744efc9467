"""What every command needs: where things are, the progress store, the console."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.paths import Locations
from checker.store import ProgressStore, connect

if TYPE_CHECKING:
    import sqlite3

    from rich.console import Console


class UsageError(Exception):
    """A mistake in how drill was called: printed as one line, exit status 2."""


class SetupError(Exception):
    """drill could not do its own part on this machine (say, start the process that
    runs user code): printed as one line, exit status 3."""


@dataclass
class App:
    locations: Locations
    _conn: sqlite3.Connection | None = field(default=None, repr=False)
    _console: Console | None = field(default=None, repr=False)
    # The status a command settles on before it prints (a check's verdict), so that a
    # reader closing the pipe early (`drill check | head -1`) does not change it.
    exit_status: int | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The progress database, opened on first use (a damaged one is set aside)."""
        if self._conn is None:
            opened = connect(self.locations.database)
            if opened.warning:
                from checker.render.console import warn

                warn(opened.warning)
            self._conn = opened.conn
        return self._conn

    @property
    def progress(self) -> ProgressStore:
        return ProgressStore(self.conn)

    @property
    def console(self) -> Console:
        if self._console is None:
            from checker.render.console import make_console

            self._console = make_console()
        return self._console

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
