"""`drill mock` end to end, run as a user runs it: a fake clock ($DRILL_FAKE_NOW) and
scripted `@wait MINUTES` lines spend the mock's time; a live session on a pipe lets a
test fix the file between two checks, or press Ctrl-C. Then the parts that need no
process: the countdown that cannot overrun, what is asked, the history screen."""

from __future__ import annotations

import argparse
import io
import json
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO, read_to_end
from rich.console import Console

from checker.catalogue import load_all, load_drill
from checker.mock import (
    MockClock,
    MockRecord,
    TerminalInput,
    history,
    pick_questions,
    wait_minutes,
)
from checker.plan import new_drill_order
from checker.quiz.decks import Question, load_decks
from checker.render.mock import clock_text, show_history

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DRILL = "dropout"

DRILL_CLI = [sys.executable, "-m", "checker.cli"]


def right_lines(q: Question) -> list[str]:
    """A right answer, as lines (a recall question takes two: the answer, the rating)."""
    if q.type in ("choice", "multi"):
        return [",".join(q.letters)]
    if q.type == "numeric":
        return [repr(q.number)]
    if q.type == "bug":
        return [str(q.fix_lines[0])]
    return ["my own words", "good"]


@pytest.fixture
def env(drill_env: dict[str, str]) -> dict[str, str]:
    drill_env["DRILL_FAKE_NOW"] = T0.isoformat()
    return drill_env


def drill(
    env: dict[str, str], *args: str, answers: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*DRILL_CLI, *args],
        env=env,
        cwd=REPO,
        input=answers,
        capture_output=True,
        text=True,
        timeout=180,
    )


def stored(env: dict[str, str]) -> list[dict]:
    conn = sqlite3.connect(Path(env["DRILL_HOME"]) / "progress.db")
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM mock_interviews ORDER BY id")]
    finally:
        conn.close()


def reviewed(env: dict[str, str]) -> list[str]:
    conn = sqlite3.connect(Path(env["DRILL_HOME"]) / "progress.db")
    try:
        return [r[0] for r in conn.execute("SELECT item FROM review_log ORDER BY id")]
    finally:
        conn.close()


def workspace_file(env: dict[str, str], drill_id: str = DRILL) -> Path:
    return Path(env["DRILL_WORKSPACE"]) / f"{drill_id}.py"


def starter(drill_id: str = DRILL) -> str:
    return (REPO / "drills" / drill_id / "starter.py").read_text()


def reference(drill_id: str = DRILL) -> Path:
    return REPO / "solutions" / f"{drill_id}.py"


class LiveMock:
    """`drill mock ...` reading its lines from a pipe this test writes as it goes."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.env = env
        self.process = subprocess.Popen(
            [*DRILL_CLI, "mock", *args],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not any(text in line for line in self.seen):
            try:
                self.seen.append(self.lines.get(timeout=max(end - time.monotonic(), 0.01)))
            except queue.Empty:
                raise AssertionError(f"{text!r} never shown:\n{''.join(self.seen)}") from None

    def wait_for_starter(self) -> None:
        """Until the mock has put the blank starter in the workspace."""
        path, end = workspace_file(self.env), time.monotonic() + 60
        while not (path.exists() and path.read_text() == starter()):
            assert time.monotonic() < end and self.process.poll() is None, "no starter placed"
            time.sleep(0.05)

    def wait_for_row(self) -> None:
        end = time.monotonic() + 60
        while not (Path(self.env["DRILL_HOME"]) / "progress.db").exists() or not _has_row(self.env):
            assert time.monotonic() < end and self.process.poll() is None, "no row stored"
            time.sleep(0.05)

    def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines))
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str, str]:
        """Close the input and wait: exit status, everything shown, stderr."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        status = self.process.wait(timeout=180)
        time.sleep(0.1)  # the reader thread drains what is left
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        assert self.process.stderr is not None
        return status, "".join(self.seen), self.process.stderr.read()


def _has_row(env: dict[str, str]) -> bool:
    try:
        return bool(stored(env))
    except sqlite3.OperationalError:  # the table is not there yet
        return False


# ------------------------------------------------------------------ scripted sessions


def test_time_running_out_judges_the_file_then_the_questions_are_asked(tmp_path, env):
    """The named drill; one failed check of the untouched starter; `@wait 30` runs the
    27 coding minutes out, so the file is judged once more, after time; then three
    questions on the drill's page (answered right) and two cards (not known)."""
    questions = pick_questions(load_decks(), load_drill(DRILL), {}, T0)
    assert len(questions) == 3
    lines = ["", "@wait 30"] + [line for q in questions for line in right_lines(q)]
    lines += ["idk", "idk"]
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(lines) + "\n")

    done = drill(env, "mock", "--drill", DRILL, "--answers", str(answers), "--json")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    card = json.loads(done.stdout)
    coding = card["coding"]
    assert coding["drill"] == DRILL and coding["verdict"] == "not_implemented"
    assert coding["ended"] == "time" and coding["time_ran_out"] and not coding["passed"]
    assert coding["checks"] == 2 and coding["seconds"] == 30 * 60
    assert coding["budget_seconds"] == 27 * 60  # 60% of 45 minutes
    assert card["questions"]["planned"] == [q.id for q in questions]
    assert (card["questions"]["right"], card["questions"]["asked"]) == (3, 3)
    assert (card["cards"]["right"], card["cards"]["asked"]) == (0, 2)
    assert not card["interrupted"] and card["stopped"] is None
    commands = [step["command"] for step in card["review"]]
    assert f"drill start {DRILL}" in commands
    assert f"drill cheatsheet {load_drill(DRILL).cheatsheet}" in commands
    missed = card["cards"]["planned"]
    assert f"drill cards --id {missed[0]} --id {missed[1]}" in commands
    assert not any(c.startswith("drill quiz") for c in commands)  # every question was right

    # Graded and scheduled as `drill quiz` and `drill cards` do: five reviews logged.
    assert reviewed(env) == [q.id for q in questions] + missed
    (row,) = stored(env)
    assert row["started_at"] == T0.timestamp() and row["minutes"] == 45
    assert (row["drill"], row["verdict"], row["coding_seconds"]) == (DRILL, "not_implemented", 1800)
    assert (row["questions_right"], row["questions_asked"]) == (3, 3)
    assert (row["cards_right"], row["cards_asked"]) == (0, 2)
    assert row["interrupted"] == 0
    assert json.loads(row["scorecard"]) == card
    assert workspace_file(env).read_text() == starter()


def test_a_transcript_shows_the_countdown_and_the_after_time_label(tmp_path, env):
    answers = tmp_path / "answers.txt"
    answers.write_text("\n@wait 10\nhello\n@wait 20\n")
    done = drill(env, "mock", "--drill", DRILL, "--answers", str(answers))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Coding: 27:00 (60% of the time)" in out
    assert "[27:00 left] Enter to check, 'give up' to stop:" in out
    assert "[17:00 left] Enter to check, 'give up' to stop: hello" in out
    assert "is not a command here" in out
    assert "(after time)" in out and "Time is up for the coding part" in out
    assert "End of input" in out  # nothing left to answer the questions with
    assert "What to review:" in out and f"drill start {DRILL}" in out


def test_a_fix_between_two_checks_is_accepted(env):
    live = LiveMock(env, "--drill", DRILL)
    live.wait_for_starter()
    live.send("")
    live.wait_for("Not implemented yet")
    shutil.copyfile(reference(), workspace_file(env))
    live.send("", "?", "?", "?", "idk", "idk")
    status, out, err = live.finish()

    assert status == 0, err
    assert "Accepted" in out and "Coding part over: Accepted" in out
    (row,) = stored(env)
    card = json.loads(row["scorecard"])
    assert row["verdict"] == "accepted" and card["coding"]["passed"]
    assert card["coding"]["checks"] == 2 and card["coding"]["ended"] == "accepted"
    assert (row["questions_right"], row["questions_asked"]) == (0, 3)
    assert (row["cards_right"], row["cards_asked"]) == (0, 2)
    commands = [step["command"] for step in card["review"]]
    assert not any(c.startswith("drill start") for c in commands)  # accepted in time
    assert any(c.startswith("drill quiz --id") for c in commands)


def test_a_right_file_judged_after_time_is_not_a_pass(env):
    """The file as it stands at the deadline is what counts: right, but late."""
    live = LiveMock(env, "--drill", DRILL, "--json")
    live.wait_for_starter()
    shutil.copyfile(reference(), workspace_file(env))
    live.send("@wait 27")
    status, out, err = live.finish()

    assert status == 0, err
    card = json.loads(out)
    coding = card["coding"]
    assert coding["verdict"] == "accepted" and coding["time_ran_out"]
    assert not coding["passed"] and coding["checks"] == 1
    assert f"drill start {DRILL}" in [step["command"] for step in card["review"]]
    assert card["stopped"] == "end of input" and card["interrupted"]


def test_ctrl_c_keeps_an_interrupted_scorecard(env):
    live = LiveMock(env, "--drill", DRILL)
    live.wait_for_starter()
    live.send("")
    live.wait_for("Not implemented yet")
    live.wait_for_row()
    live.process.send_signal(signal.SIGINT)
    status, out, err = live.finish()

    assert status == 130
    assert "Traceback" not in err and "Traceback" not in out
    assert "Interrupted" in out and "Scorecard" in out
    (row,) = stored(env)
    assert row["interrupted"] == 1 and row["verdict"] == "not_implemented"
    card = json.loads(row["scorecard"])
    assert card["stopped"] == "interrupted" and card["coding"]["ended"] == "interrupted"
    assert card["questions"]["asked"] == 0 and len(card["questions"]["not_asked"]) == 3


def test_end_of_input_gives_up_and_keeps_an_interrupted_scorecard(env):
    done = drill(env, "mock", "--drill", DRILL, "--json", answers="\n")
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert card["coding"]["ended"] == "end of input" and card["coding"]["checks"] == 1
    assert card["stopped"] == "end of input" and card["interrupted"]
    assert card["questions"]["asked"] == 0 and card["cards"]["asked"] == 0
    (row,) = stored(env)
    assert row["interrupted"] == 1 and json.loads(row["scorecard"]) == card


def test_questions_stop_when_the_time_is_up(env):
    """Given up at once; the first answer takes 20 of the 45 minutes, so the
    second question is the last one asked."""
    script = "give up\n@wait 20\n?\n@wait 30\n?\n?\nidk\nidk\n"
    done = drill(env, "mock", "--drill", DRILL, "--json", answers=script)
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert card["coding"]["ended"] == "gave up" and card["coding"]["verdict"] == "not_checked"
    assert card["questions"]["asked"] == 2
    assert card["questions"]["not_asked"] == card["questions"]["planned"][2:]
    assert card["cards"]["asked"] == 0 and len(card["cards"]["not_asked"]) == 2
    assert not card["interrupted"]  # the time ran out: the mock ran to its end
    commands = [step["command"] for step in card["review"]]
    assert f"drill quiz --id {card['questions']['planned'][2]}" in commands


def test_a_file_already_there_is_backed_up_first(env):
    mine = workspace_file(env)
    mine.parent.mkdir(parents=True)
    mine.write_text("# my work in progress\n")
    done = drill(env, "mock", "--drill", DRILL, answers="give up\n")
    assert done.returncode == 0, done.stderr
    assert mine.read_text() == starter()
    (backup,) = (mine.parent / ".backups").glob(f"{DRILL}-*.py")
    assert backup.read_text() == "# my work in progress\n"
    assert str(backup) in done.stdout.replace("\n", "")


def test_the_drill_is_the_plans_first(env):
    """No --drill: the first new drill in plan order; then a drill started and not
    passed; then a drill due for review, ahead of both."""

    def chosen() -> dict:
        done = drill(env, "mock", "--json", answers="give up\n")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    first_new = new_drill_order(load_all())[0].id
    assert chosen()["coding"]["drill"] == first_new

    started = next(d.id for d in new_drill_order(load_all()) if d.id != first_new)
    assert drill(env, "start", started).returncode == 0
    assert chosen()["coding"]["drill"] == started

    assert drill(env, "start", DRILL).returncode == 0
    shutil.copyfile(reference(), workspace_file(env))
    assert drill(env, "check", DRILL).returncode == 0
    env["DRILL_FAKE_NOW"] = (T0 + timedelta(days=120)).isoformat()
    card = chosen()
    assert card["coding"]["drill"] == DRILL
    assert f"drill start {DRILL}" in [step["command"] for step in card["review"]]


def test_an_unknown_drill_is_a_one_line_usage_error(env):
    done = drill(env, "mock", "--drill", "dropuot", answers="")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "drill: error: unknown drill 'dropuot' (did you mean 'dropout'?)"
    ]
    assert not Path(env["DRILL_WORKSPACE"]).exists()  # nothing touched


@pytest.mark.parametrize("minutes", ["9", "181"])
def test_minutes_must_be_10_to_180(env, minutes):
    done = drill(env, "mock", "--drill", DRILL, "--minutes", minutes, answers="")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"drill: error: --minutes must be between 10 and 180 (got {minutes})"
    ]
    assert not Path(env["DRILL_WORKSPACE"]).exists()


def test_at_a_terminal_the_prompt_counts_down_and_ctrl_c_stops(env):
    import pty

    terminal, secondary = pty.openpty()
    process = subprocess.Popen(
        [*DRILL_CLI, "mock", "--drill", DRILL, "--minutes", "10"],
        env=env,
        cwd=REPO,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    shown = b""
    end = time.monotonic() + 60
    while b"to stop:" not in shown and time.monotonic() < end:
        shown += os.read(terminal, 4096)
    assert b"[06:00 left] Enter to check, 'give up' to stop: " in shown
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    rest = read_to_end(terminal).decode(errors="replace")
    assert "Traceback" not in rest and "Scorecard" in rest
    (row,) = stored(env)
    assert row["interrupted"] == 1 and row["minutes"] == 10


# ------------------------------------------------------------------ the parts


def test_the_terminal_prompt_returns_at_the_deadline(monkeypatch):
    """A candidate who never presses Enter still has their file checked on time."""
    monkeypatch.delenv("DRILL_FAKE_NOW", raising=False)
    read_end, write_end = os.pipe()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.FileIO(read_end, closefd=True)))
    console = Console(file=io.StringIO(), width=80)
    clock = MockClock()
    keyboard = TerminalInput(clock, console)
    started = time.monotonic()
    assert keyboard.coding_line(clock.now() + timedelta(seconds=0.3)) is None
    assert 0.25 < time.monotonic() - started < 5
    os.write(write_end, b"give up\n")
    assert keyboard.coding_line(clock.now() + timedelta(seconds=30)) == "give up"
    os.close(write_end)
    with pytest.raises(EOFError):
        keyboard.coding_line(clock.now() + timedelta(seconds=30))
    assert "left] Enter to check" in console.file.getvalue()


@pytest.mark.parametrize(
    ("line", "minutes"),
    [("@wait 30", 30.0), ("@WAIT 0.5", 0.5), ("", None), ("b", None), ("give up", None)],
)
def test_wait_lines(line, minutes):
    assert wait_minutes(line) == minutes


@pytest.mark.parametrize(
    "line", ["@wait", "@wait x", "@wait -1", "@wait 0", "@wait nan", "@wait 1 2"]
)
def test_malformed_wait_lines(line):
    with pytest.raises(ValueError):
        wait_minutes(line)


def test_questions_come_from_the_drill_page_then_its_followups():
    decks = load_decks()
    known = {q.id for d in decks for q in d.questions}
    dropout = load_drill(DRILL)
    for question in pick_questions(decks, dropout, {}, T0):
        deck = next(d for d in decks if d.id == question.deck)
        links = {question.cheatsheet, deck.cheatsheet}
        assert any(link and link.split("#")[0] == "dropout" for link in links)
    no_page = argparse.Namespace(cheatsheet=None, followups=dropout.followups)
    picked = pick_questions(decks, no_page, {}, T0)  # type: ignore[arg-type]
    assert [q.id for q in picked] == [i for i in dropout.followups if i in known][:3]


def test_history_lists_past_mocks(env):
    done = drill(env, "mock", "--drill", DRILL, answers="give up\n")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(Path(env["DRILL_HOME"]) / "progress.db")
    try:
        records = history(conn)
    finally:
        conn.close()
    (record,) = records
    assert isinstance(record, MockRecord) and record.drill == DRILL
    assert record.started_at == T0 and record.interrupted
    console = Console(file=io.StringIO(), width=100, no_color=True)
    show_history(console, records)
    screen = console.file.getvalue()
    assert "Mock interviews" in screen and DRILL in screen and "Not checked" in screen
    empty = Console(file=io.StringIO(), width=100)
    show_history(empty, [])
    assert "No mock interviews yet" in empty.file.getvalue()


def test_clock_text():
    assert clock_text(27 * 60) == "27:00"
    assert clock_text(108 * 60 + 5) == "108:05"
    assert clock_text(-3) == "00:00"
