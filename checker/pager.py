"""Show a long screen through the user's pager ($PAGER, else less).

less shows colours only with -R, so -R is added to $LESS whatever else it
holds (LESS=-FX alone would print raw escape codes). Pagers we do not know to
pass colours through get the screen without them. A pager that cannot be
started or that fails reports False, and the caller prints the screen instead:
a bad $PAGER must never leave the user with nothing. Ctrl-C belongs to the
pager while it runs (as git does), so it cannot kill drill under it.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Pagers that show ANSI colours (less given -R); any other gets plain text.
_COLOUR_PAGERS = {"less", "most"}


def pager_command(environ: dict[str, str] | None = None) -> list[str]:
    """The pager's argv: $PAGER split like a shell would, else less. An empty
    $PAGER means no pager at all ([])."""
    environ = dict(os.environ if environ is None else environ)
    command = environ.get("PAGER")
    if command is None:
        return ["less"]
    try:
        return shlex.split(command)
    except ValueError:  # unbalanced quotes: not a command we can run
        return ["\0"]


def pager_environment(argv: list[str], environ: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if environ is None else environ)
    if argv and os.path.basename(argv[0]) == "less" and not _shows_raw(env.get("LESS", "")):
        env["LESS"] = f"{env.get('LESS', '')} -R".strip()
    return env


def _shows_raw(options: str) -> bool:
    """Whether $LESS already lets colour codes through (-R, -r, -FRX, --RAW-...)."""
    for word in options.split():
        if word.lower().startswith("--raw"):
            return True
        if not word.startswith("--") and re.fullmatch(r"-?[A-Za-z]*[Rr][A-Za-z]*", word):
            return True
    return False


def shows_colour(argv: list[str]) -> bool:
    return bool(argv) and os.path.basename(argv[0]) in _COLOUR_PAGERS


def page_text(coloured: str, plain: str) -> bool:
    """Show the screen in the pager; False if it could not be shown there."""
    argv = pager_command()
    if not argv:
        return False
    text = coloured if shows_colour(argv) else plain
    try:
        process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, env=pager_environment(argv), close_fds=True
        )
    except (OSError, ValueError):
        return False
    with _pager_owns_ctrl_c():
        try:
            assert process.stdin is not None
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # the user quit before reading it all, or the pager died: see its status
        except OSError:
            pass
        status = process.wait()
    return status == 0


@contextmanager
def _pager_owns_ctrl_c() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
