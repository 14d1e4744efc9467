"""One key, read while something else runs: `q` stops `drill watch`.

The terminal goes into cbreak mode (keys arrive one by one, unechoed; Ctrl-C still
interrupts) and is always restored, even after an exception. Where stdin is not a
terminal nothing is read and only Ctrl-C or a signal stops the watch.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from types import TracebackType


class QuitKey:
    """Sets `pressed` when q (or Q) is typed; use as a context manager."""

    def __init__(self, keys: str = "qQ") -> None:
        self.keys = keys
        self.pressed = threading.Event()
        self._done = threading.Event()
        self._saved: list | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> QuitKey:
        if not sys.stdin.isatty():
            return self
        import termios
        import tty

        fd = sys.stdin.fileno()
        try:
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        except (termios.error, OSError):
            self._saved = None
            return self
        self._thread = threading.Thread(target=self._read, args=(fd,), daemon=True)
        self._thread.start()
        return self

    def _read(self, fd: int) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                typed = os.read(fd, 32).decode(errors="replace")
            except OSError:
                return
            if not typed:  # end of input
                return
            if any(key in typed for key in self.keys):
                self.pressed.set()
                return

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        if self._saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)
