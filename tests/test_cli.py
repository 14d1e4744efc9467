"""The command line, driven through a subprocess the way a user runs it."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

SOLUTION = REPO / "solutions" / "batchnorm.py"
STUB_BACKWARD = "\ndef batchnorm_backward(dout, cache):\n    return dout, dout[0], dout[0]\n"


def _write(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def _json(result: subprocess.CompletedProcess) -> dict:
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, f"--json printed more than one line: {result.stdout!r}"
    return json.loads(lines[0])


def _one_line_error(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr


def test_help_lists_the_commands(run_drill):
    result = run_drill("--help")
    assert result.returncode == 0
    for command in ("list", "start", "check", "hint", "solution", "reset", "status"):
        assert command in result.stdout


def test_list_shows_drills_and_a_passed_count(run_drill):
    result = run_drill("list")
    assert result.returncode == 0
    assert "batchnorm" in result.stdout
    assert "0 of" in result.stdout and "passed" in result.stdout


def test_start_places_the_starter_and_never_overwrites(run_drill, drill_env):
    first = run_drill("start", "batchnorm")
    assert first.returncode == 0
    path = Path(drill_env["DRILL_WORKSPACE"]) / "batchnorm.py"
    assert path.read_text() == (REPO / "drills/batchnorm/starter.py").read_text()
    assert str(path) in first.stdout.replace("\n", "")
    path.write_text("# my work in progress\n")
    second = run_drill("start", "batchnorm")
    assert second.returncode == 0
    assert "already exists" in second.stdout
    assert "drill reset batchnorm" in second.stdout
    assert path.read_text() == "# my work in progress\n"


def test_reset_backs_up_the_old_file(run_drill, drill_env):
    run_drill("start", "batchnorm")
    path = Path(drill_env["DRILL_WORKSPACE"]) / "batchnorm.py"
    path.write_text("# precious\n")
    result = run_drill("reset", "batchnorm")
    assert result.returncode == 0
    backups = list((Path(drill_env["DRILL_WORKSPACE"]) / ".backups").glob("batchnorm-*.py"))
    assert [b.read_text() for b in backups] == ["# precious\n"]
    assert path.read_text() == (REPO / "drills/batchnorm/starter.py").read_text()


def test_check_without_a_started_drill_is_a_usage_error(run_drill):
    _one_line_error(run_drill("check"), 2, "no drill started")


def test_check_uses_the_last_started_drill(run_drill):
    run_drill("start", "batchnorm")
    result = run_drill("check")
    assert result.returncode == 1
    assert "Not implemented yet" in result.stdout
    assert "untouched starter" in result.stdout


def test_check_accepts_the_reference_and_records_progress(run_drill):
    result = run_drill("check", "batchnorm", "--file", str(SOLUTION))
    assert result.returncode == 0, result.stdout
    assert "Accepted" in result.stdout
    assert "An interviewer would follow up with" in result.stdout
    listing = run_drill("list", "--status", "passed")
    assert "batchnorm" in listing.stdout


def test_json_output_is_one_object_with_the_schema(run_drill):
    report = _json(run_drill("check", "batchnorm", "--file", str(SOLUTION), "--json"))
    assert report["drill"] == "batchnorm"
    assert report["passed"] is True
    assert report["verdict"] == "accepted"
    assert report["properties"]
    for prop in report["properties"]:
        assert set(prop) >= {"name", "passed", "message"}


def test_unknown_drill_suggests_a_name(run_drill):
    result = run_drill("check", "batchnrom")
    _one_line_error(result, 2, "unknown drill 'batchnrom'")
    assert "batchnorm" in result.stderr


def test_missing_file_is_a_usage_error(run_drill, tmp_path):
    _one_line_error(
        run_drill("check", "batchnorm", "--file", str(tmp_path / "nope.py")), 2, "no such file"
    )


def _verdict_of(run_drill, tmp_path, source: str, timeout: float = 60) -> tuple[dict, float]:
    path = _write(tmp_path, "attempt.py", source)
    start = time.monotonic()
    result = run_drill("check", "batchnorm", "--file", str(path), "--json", timeout=timeout)
    elapsed = time.monotonic() - start
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    return _json(result), elapsed


def test_syntax_error_names_the_line(run_drill, tmp_path):
    report, _ = _verdict_of(run_drill, tmp_path, "def batchnorm_forward(x\n")
    assert report["verdict"] == "syntax_error"
    assert "line 1" in report["summary"]


def test_forbidden_import_is_refused_before_running(run_drill, tmp_path):
    source = "import torch\ndef batchnorm_forward(x, g, b, p):\n    pass\n" + STUB_BACKWARD
    report, _ = _verdict_of(run_drill, tmp_path, source)
    assert report["verdict"] == "forbidden_import"
    assert "torch" in report["summary"]


def test_wrong_signature(run_drill, tmp_path):
    source = "def batchnorm_forward(x, gamma):\n    pass\ndef batchnorm_backward(d, c):\n    pass\n"
    report, _ = _verdict_of(run_drill, tmp_path, source)
    assert report["verdict"] == "missing_function"
    assert "bn_param" in report["summary"]




def test_infinite_loop_is_a_time_limit_not_a_hang(run_drill, tmp_path):
    source = "def batchnorm_forward(x, gamma, beta, bn_param):\n    while True:\n        pass\n"
    report, elapsed = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD)
    assert report["verdict"] == "time_limit"
    assert elapsed < 15


def test_loop_that_swallows_every_exception_is_still_stopped(run_drill, tmp_path):
    source = (
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    while True:\n"
        "        try:\n"
        "            while True:\n"
        "                pass\n"
        "        except BaseException:\n"
        "            pass\n"
    )
    report, elapsed = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD, timeout=60)
    assert report["verdict"] == "time_limit"
    assert elapsed < 40


def test_exiting_the_process_is_a_runtime_error(run_drill, tmp_path):
    for body in ("import sys\n    sys.exit(3)", "import os\n    os._exit(0)"):
        source = f"def batchnorm_forward(x, gamma, beta, bn_param):\n    {body}\n"
        report, _ = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD)
        assert report["verdict"] == "runtime_error", body


def test_exhausting_memory_is_a_memory_limit(run_drill, tmp_path):
    source = (
        "def batchnorm_forward(x, gamma, beta, bn_param):\n    return bytearray(10**11), None\n"
    )
    report, _ = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD)
    assert report["verdict"] == "memory_limit"


def test_huge_printing_is_cut_short(run_drill, tmp_path):
    source = (
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    print('x' * 10_000_000)\n"
        "    return x, None\n"
    )
    report, _ = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD)
    assert report["verdict"] == "wrong_answer"
    assert len(report["output"]) < 10_000
    assert "output cut" in report["output"]


def test_runtime_error_traceback_shows_only_the_users_file(run_drill, tmp_path):
    source = (
        "import numpy as np\n"
        "def batchnorm_forward(x, gamma, beta, bn_param):\n"
        "    mu = np.mean(x, axis=2)\n"
        "    return x - mu, None\n"
    )
    report, _ = _verdict_of(run_drill, tmp_path, source + STUB_BACKWARD)
    assert report["verdict"] == "runtime_error"
    trace = report["failure"]["traceback"]
    assert "attempt.py" in trace and "np.mean(x, axis=2)" in trace
    assert "AxisError" in trace
    assert "checker" not in trace and "numpy/" not in trace


def test_hints_come_one_at_a_time(run_drill):
    first = run_drill("hint", "batchnorm")
    assert "Hint 1 of" in first.stdout and "Hint 2 of" not in first.stdout
    second = run_drill("hint", "batchnorm")
    assert "Hint 2 of" in second.stdout


def test_solution_asks_before_showing_an_unpassed_drill(run_drill):
    refused = run_drill("solution", "batchnorm")
    _one_line_error(refused, 2, "--yes")
    shown = run_drill("solution", "batchnorm", "--yes")
    assert shown.returncode == 0
    assert "def batchnorm_backward" in shown.stdout


def test_status_shows_workspace_and_progress(run_drill, drill_env):
    run_drill("start", "batchnorm")
    result = run_drill("status")
    assert result.returncode == 0
    assert drill_env["DRILL_WORKSPACE"] in result.stdout.replace("\n", "")
    assert "batchnorm" in result.stdout


def test_workspace_flag_overrides_the_environment(run_drill, tmp_path):
    other = tmp_path / "elsewhere"
    result = run_drill("--workspace", str(other), "start", "batchnorm")
    assert result.returncode == 0
    assert (other / "batchnorm.py").is_file()


def test_damaged_progress_database_is_set_aside_not_lost(run_drill, drill_env):
    home = Path(drill_env["DRILL_HOME"])
    home.mkdir(parents=True)
    (home / "progress.db").write_bytes(b"this is not a database" * 100)
    result = run_drill("status")
    assert result.returncode == 0
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    aside = list(home.glob("progress.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    sqlite3.connect(home / "progress.db").execute("SELECT COUNT(*) FROM checks").fetchone()


def test_no_color_output_has_no_escape_codes(run_drill):
    result = run_drill("check", "batchnorm", "--file", str(SOLUTION))
    assert "\x1b[" not in result.stdout


def test_ctrl_c_during_a_check_exits_cleanly(drill_env, tmp_path):
    source = "def batchnorm_forward(x, gamma, beta, bn_param):\n    while True:\n        pass\n"
    path = _write(tmp_path, "slow.py", source + STUB_BACKWARD)
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "batchnorm", "--file", str(path)],
        env=drill_env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_a_child(proc.pid)  # the check has started: its worker is running
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    # 130, or killed by the SIGINT itself, which a shell also reports as 130.
    assert proc.returncode in (130, -signal.SIGINT), err
    assert "interrupted" in err and "Traceback" not in err, err


def _wait_for_a_child(pid: int, timeout: float = 60.0) -> None:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if children.exists() and children.read_text().strip():
            return
        time.sleep(0.05)
    raise AssertionError("the check never started a worker")


def test_a_locked_database_is_reported_and_never_moved_aside(run_drill, drill_env):
    run_drill("start", "batchnorm")
    db = Path(drill_env["DRILL_HOME"]) / "progress.db"
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_drill("check", "batchnorm", "--file", str(SOLUTION))
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 0, "the verdict still counts"
    assert "Accepted" in result.stdout
    assert "not saved" in result.stderr and "locked" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(db.parent.glob("progress.db.corrupt-*"))
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM drill_state").fetchone() == (1,)


STOP_IN_A_FINALISER = """
import signal, sys, time
from checker import cli

cli.install_stop_handlers()

class Dying:
    def __del__(self):
        raise {exc}

try:
    Dying()
    for _ in range(200):
        time.sleep(0.01)
    print("lost")
except (cli.Terminated, KeyboardInterrupt) as exc:
    print("stopped", type(exc).__name__)
"""


@pytest.mark.parametrize("exc", ["cli.Terminated(signal.SIGTERM)", "KeyboardInterrupt()"])
def test_a_stop_landing_in_a_finaliser_is_not_lost_or_printed(exc):
    """A signal can arrive inside a weakref callback (an import lock's), where Python prints
    the exception as 'Exception ignored' and drops it; drill sends it again instead."""
    done = subprocess.run(
        [sys.executable, "-c", STOP_IN_A_FINALISER.format(exc=exc)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.startswith("stopped"), (done.stdout, done.stderr)
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
