"""`drill check` end to end: read the file, check it statically, start the jailed
worker that runs it, and judge it with the hidden suite (checker.harness)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from checker.app import UsageError
from checker.catalogue import Drill
from checker.report import Report
from checker.static import static_check
from checker.workspace import is_untouched_starter

if TYPE_CHECKING:
    from checker.warm import WarmJudge

MAX_SOURCE_BYTES = 1_000_000  # a hand-written drill is a few kB; past this, refuse to parse


def read_source(path: Path) -> str:
    """The file's text; a one-line UsageError for anything that is not a readable,
    regular, UTF-8 file of a sensible size (a FIFO, /dev/zero or a folder is refused
    before a byte is read)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(
            f"no such file: {path} (run `drill start` first, or pass --file)"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path} is a folder, not a Python file")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path} is not a regular file (a device, pipe or socket?)")
    if info.st_size > MAX_SOURCE_BYTES:
        raise UsageError(
            f"{path} is {info.st_size:,} bytes; a drill answer is a few kB "
            f"(the limit is {MAX_SOURCE_BYTES:,} bytes)"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise UsageError(f"{path} grew past {MAX_SOURCE_BYTES:,} bytes while being read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None


def check(drill: Drill, path: Path, timing: bool = True, warm: WarmJudge | None = None) -> Report:
    """Judge the file at `path`. The worker starts first, so that it imports numpy
    and jails itself while this process imports hypothesis and the suite. `warm`
    (watch mode) judges with a judge kept warm between saves, without speed advice."""
    source = read_source(path)
    path = path.resolve()
    report = static_check(source, str(path), drill)
    if report is None and warm is not None:
        report = warm.judge(source)
    if report is None:
        from checker.sandbox import Worker

        worker = Worker(str(path), source, cpu_seconds=int(drill.time_limit) + 10)
        try:
            from checker.harness import evaluate

            report = evaluate(drill, path, worker, timing=timing)
        finally:
            worker.close()
    if report.verdict == "not_implemented" and is_untouched_starter(path, drill):
        report.summary = "this is the untouched starter file: write your solution in it"
    return report
