"""Papercuts a new user met, each pinned by the behaviour they expected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, at_terminal, read_to_end

from checker import __version__

SOLUTION = REPO / "solutions" / "dropout.py"


def test_version(run_drill):
    result = run_drill("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"drill {__version__}"


def test_drill_alone_shows_todays_plan_not_help(run_drill):
    result = run_drill()
    assert result.returncode == 0
    assert "Today" in result.stdout
    assert "New drill" in result.stdout and "drill next" in result.stdout
    assert "usage:" not in result.stdout


def test_workspace_is_accepted_after_the_subcommand(run_drill, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    result = run_drill("start", "dropout", "--workspace", str(elsewhere))
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "dropout.py").is_file()
    before = tmp_path / "before"
    assert run_drill("--workspace", str(before), "start", "adam").returncode == 0
    assert (before / "adam.py").is_file()


def test_reset_defaults_to_the_current_drill(run_drill, drill_env):
    run_drill("start", "dropout")
    path = Path(drill_env["DRILL_WORKSPACE"]) / "dropout.py"
    path.write_text("# mine\n")
    result = run_drill("reset")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == (REPO / "drills/dropout/starter.py").read_text()


def test_reset_with_no_drill_started_is_one_line(run_drill):
    result = run_drill("reset")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no drill started" in result.stderr


def test_hint_shows_only_the_next_hint(run_drill):
    run_drill("start", "dropout")
    first = run_drill("hint").stdout
    second = run_drill("hint").stdout
    assert "Hint 1 of" in first and "Hint 2 of" not in first
    assert "Hint 2 of" in second and "Hint 1 of" not in second
    every = run_drill("hint", "--all").stdout
    assert "Hint 1 of" in every and "Hint 2 of" in every


def _closed_pipe_status(drill_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run drill with stdout a pipe whose reader is already gone, as `| head -0` leaves it."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            env=drill_env,
            cwd=REPO,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)


def test_a_closed_pipe_keeps_the_verdicts_exit_status(drill_env):
    accepted = _closed_pipe_status(drill_env, "check", "dropout", "--file", str(SOLUTION))
    assert accepted.returncode == 0, accepted.stderr
    assert "Traceback" not in accepted.stderr and "Exception ignored" not in accepted.stderr
    starter = str(REPO / "drills/dropout/starter.py")
    rejected = _closed_pipe_status(drill_env, "check", "dropout", "--file", starter)
    assert rejected.returncode == 1, rejected.stderr
    listing = _closed_pipe_status(drill_env, "list")
    assert listing.returncode == 141 and "Traceback" not in listing.stderr


def _at_terminal(drill_env: dict[str, str], args: list[str], typed: bytes) -> tuple[int, str]:
    """Run drill at a pseudo-terminal and type `typed` into it."""
    process, main = at_terminal(drill_env, args)
    os.write(main, typed)
    output = read_to_end(main)
    return process.wait(timeout=60), output.decode(errors="replace")


def test_enter_or_ctrl_d_at_the_solution_prompt_means_no(run_drill, drill_env):
    run_drill("start", "dropout")
    for typed in (b"\n", b"\x04"):
        status, output = _at_terminal(drill_env, ["solution", "dropout"], typed)
        assert status == 0, output
        assert "Traceback" not in output
        assert "Not shown" in output
        assert "def dropout_forward" not in output
    status, output = _at_terminal(drill_env, ["solution", "dropout"], b"y\n")
    assert status == 0 and "def dropout_forward" in output


def test_piped_solution_is_the_reference_file_exactly(run_drill):
    result = run_drill("solution", "dropout", "--yes")
    assert result.returncode == 0
    assert result.stdout == SOLUTION.read_text()


def test_follow_ups_link_to_their_exact_questions(run_drill):
    result = run_drill("check", "layernorm", "--file", str(REPO / "solutions/layernorm.py"))
    assert result.returncode == 0
    command = next(line for line in result.stdout.splitlines() if "drill quiz --id" in line)
    assert "normalisation-layers-" in command and "batchnorm-" not in command


def test_a_verdict_shows_bracketed_values_as_they_are():
    """rich read '[nan]' as a style tag and printed nothing: values are text, not markup."""
    import io

    from rich.console import Console

    from checker.render.verdict import show_report
    from checker.report import Failure, Mismatch, PropertyResult, Report

    failure = Failure(
        "wrong_answer",
        "out differs",
        inputs=[("x", "array([inf, -inf]) [bold]")],
        mismatch=Mismatch("out", "[1.0]", "[nan]", "[0]", float("inf"), 1e-6),
    )
    prop = PropertyResult("forward", "failed", "out differs", failure)
    report = Report("gelu", "wrong_answer", "forward: out differs", "f.py", [prop], failure)
    console = Console(file=io.StringIO(), width=100, record=True)
    show_report(console, report)
    text = console.export_text()
    assert "out = [nan]" in text and "out = [1.0]" in text
    assert "array([inf, -inf]) [bold]" in text and "out[0]" in text
