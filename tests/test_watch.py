"""`drill watch`, run as a user runs it: verdicts on every save, q or Ctrl-C quits,
nothing left behind."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import REPO, at_terminal, read_to_end

from checker.render.watch import WATCHING

WRONG = REPO / "tests/drills/dropout/wrong"


def _reader(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _screen(lines: queue.Queue, timeout: float = 60) -> str:
    """Everything printed up to and including the next Watching line."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        assert line is not None, "drill watch ended early:\n" + "".join(seen)
        seen.append(line)
        if line.startswith(WATCHING):
            return "".join(seen)


def test_watch_checks_on_every_save_and_stops_on_ctrl_c(run_drill, drill_env):
    run_drill("start", "dropout")
    mine = Path(drill_env["DRILL_WORKSPACE"]) / "dropout.py"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "watch"],
        env=drill_env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(watcher.stdout, lines), daemon=True).start()
    try:
        first = _screen(lines)
        assert "not implemented yet" in first.lower()  # the untouched starter, at once

        wrong = next(p for p in sorted(WRONG.glob("*.py")) if p.name == "not_rescaled.py")
        mine.write_text(wrong.read_text())
        failed = _screen(lines)
        assert "✗" in failed and "Accepted" not in failed

        mine.write_text((REPO / "solutions/dropout.py").read_text())
        passed = _screen(lines)
        assert "✓ Accepted" in passed
        assert "Rated" in passed  # a watch check counts like drill check
    finally:
        watcher.send_signal(signal.SIGINT)
        status = watcher.wait(timeout=30)
    assert status == 0
    rest = []
    while (line := lines.get(timeout=10)) is not None:
        rest.append(line)
    assert "Stopped watching" in "".join(rest)
    assert "Traceback" not in watcher.stderr.read()
    db = sqlite3.connect(Path(drill_env["DRILL_HOME"]) / "progress.db")
    verdicts = [row[0] for row in db.execute("SELECT verdict FROM checks ORDER BY id")]
    assert verdicts[0] == "not_implemented" and verdicts[-1] == "accepted"
    assert len(verdicts) == 3


def test_q_quits_and_restores_the_terminal(run_drill, drill_env):
    run_drill("start", "dropout")
    watcher, main = at_terminal(drill_env, ["watch", "dropout"])
    output = b""
    deadline = time.monotonic() + 60
    while WATCHING.encode() not in output and time.monotonic() < deadline:
        output += os.read(main, 4096)
    os.write(main, b"q")
    status = watcher.wait(timeout=30)
    output += read_to_end(main)
    assert status == 0
    assert b"Stopped watching" in output and b"Traceback" not in output


def test_watch_without_a_file_is_one_line(run_drill):
    result = run_drill("watch", "dropout")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "drill start dropout" in result.stderr
