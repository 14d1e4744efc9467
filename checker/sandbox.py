"""Runs the harness on untrusted user code in a child process with a wall-clock
limit, a memory cap and a CPU cap, and turns whatever happens into a Report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import checker
from checker.catalogue import Drill
from checker.report import Failure, Report

MEMORY_MB = 3072  # address space; numpy and hypothesis alone take a few hundred MB


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    package_parent = str(Path(checker.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    # One BLAS thread: the child is judged, not benchmarked against other cores.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def _crash_report(drill: Drill, path: Path, returncode: int, stderr_tail: str) -> Report:
    if returncode < 0:
        sig = -returncode
        if sig == signal.SIGKILL:
            kind, summary = (
                "memory_limit",
                "your code was killed, most likely for using too much memory",
            )
        elif sig == signal.SIGXCPU:
            kind, summary = "time_limit", "your code used up its CPU time"
        else:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else sig
            kind, summary = (
                "runtime_error",
                f"the Python process running your code crashed ({name})",
            )
    else:
        kind = "runtime_error"
        summary = (
            f"your code ended the checking process (exit status {returncode}) before the "
            "tests finished; don't call os._exit or kill the process"
        )
    detail = stderr_tail.strip()[-1500:] or None
    failure = Failure(kind, summary, traceback=detail if returncode > 0 and detail else None)
    return Report(drill.id, kind, summary, str(path), failure=failure)


def run_sandboxed(drill: Drill, path: Path) -> Report:
    """Judge `path` in a child process; never raises for anything the user's code does."""
    with tempfile.TemporaryDirectory(prefix="drill-check-") as tmp:
        result = Path(tmp) / "result.json"
        errlog = Path(tmp) / "stderr.txt"
        cmd = [
            sys.executable, "-m", "checker.harness", drill.id, str(path), str(result),
            str(MEMORY_MB), str(int(drill.time_limit) + 5),
        ]  # fmt: skip
        with open(errlog, "wb") as err:
            proc = subprocess.Popen(
                cmd,
                cwd=tmp,
                env=_child_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            try:
                proc.wait(timeout=drill.time_limit)
            except subprocess.TimeoutExpired:
                _kill(proc)
                summary = f"the checks did not finish within {drill.time_limit:g} s"
                failure = Failure("time_limit", summary)
                return Report(drill.id, "time_limit", summary, str(path), failure=failure)
            except BaseException:
                _kill(proc)
                raise
        if result.is_file():
            try:
                return Report.from_json(json.loads(result.read_text(encoding="utf-8")))
            except (ValueError, KeyError):
                pass
        with open(errlog, "rb") as err:
            err.seek(0, os.SEEK_END)
            err.seek(max(err.tell() - 4000, 0))
            tail = err.read().decode("utf-8", "replace")
        return _crash_report(drill, path, proc.returncode, tail)
