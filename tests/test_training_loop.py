"""The training loop end to end, as a learner meets it, with a fake clock
($DRILL_FAKE_NOW): pass a drill, see it scheduled, make it due, `drill next` starts it
blank, pass it slowly, and get a shorter interval than a fast pass would give."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import REPO

from checker.catalogue import load_drill

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Learner:
    """One learner's home and workspace, and a clock they do not control."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.env = dict(env)
        self.env["DRILL_HOME"] = str(root / "home")
        self.env["DRILL_WORKSPACE"] = str(root / "ws")
        self.workspace = root / "ws"
        self.at(T0)

    def at(self, moment: datetime) -> None:
        self.now = moment
        self.env["DRILL_FAKE_NOW"] = moment.isoformat()

    def later(self, **delta: float) -> None:
        self.at(self.now + timedelta(**delta))

    def drill(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def write_reference(self, drill_id: str) -> None:
        shutil.copyfile(REPO / "solutions" / f"{drill_id}.py", self.workspace / f"{drill_id}.py")

    def check(self, drill_id: str) -> dict:
        result = self.drill("check", drill_id, "--json")
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)["schedule"]


def _learn_first_drill(learner: Learner) -> tuple[str, datetime]:
    """`drill next` on a fresh install starts the first new drill; a quick pass
    schedules it. Returns the drill and when it is due."""
    result = learner.drill("next")
    assert result.returncode == 0, result.stderr
    first = result.stdout.split("Next: drill start ", 1)[1].split()[0]
    assert load_drill(first).headline
    learner.later(minutes=2)
    learner.write_reference(first)
    schedule = learner.check(first)
    assert schedule["outcome"] == "rated" and schedule["attempt"] == "learn"
    assert schedule["rating"] == "easy"
    due = datetime.fromisoformat(schedule["due"])
    assert due > learner.now + timedelta(days=1)
    return first, due


def _review(learner: Learner, drill_id: str, due: datetime, minutes: float) -> dict:
    learner.at(due + timedelta(hours=1))
    plan = learner.drill()
    assert plan.returncode == 0
    first_step = plan.stdout.split("1.", 1)[1].splitlines()[0]
    assert "Review" in first_step and drill_id in first_step, plan.stdout
    due = learner.drill("list", "--status", "due").stdout
    assert drill_id in due and "1 shown" in due

    started = learner.drill("next")
    assert started.returncode == 0, started.stderr
    mine = learner.workspace / f"{drill_id}.py"
    starter = REPO / "drills" / drill_id / "starter.py"
    assert mine.read_text() == starter.read_text(), "a review starts from the blank starter"
    backups = list((learner.workspace / ".backups").glob(f"{drill_id}-*.py"))
    reference = (REPO / "solutions" / f"{drill_id}.py").read_text()
    assert [b.read_text() for b in backups] == [reference], "the previous answer is kept"

    learner.later(minutes=minutes)
    learner.write_reference(drill_id)
    schedule = learner.check(drill_id)
    assert schedule["outcome"] == "rated" and schedule["attempt"] == "review"
    return schedule


def test_a_slow_review_comes_back_sooner_than_a_fast_one(tmp_path, drill_env):
    slow, fast = Learner(tmp_path / "slow", drill_env), Learner(tmp_path / "fast", drill_env)
    drill_id, due = _learn_first_drill(slow)
    fast_drill, fast_due = _learn_first_drill(fast)
    assert fast_drill == drill_id

    # Scheduled, not due: the plan says when; starting it now leaves the file alone.
    slow.later(minutes=1)
    plan = slow.drill()
    assert "next review in" in plan.stdout.replace("\n", " ")
    assert "Review " not in plan.stdout
    early = slow.drill("start", drill_id)
    assert "Not due yet" in early.stdout

    target = load_drill(drill_id).target_minutes
    slow_review = _review(slow, drill_id, due, minutes=target * 3)
    fast_review = _review(fast, drill_id, fast_due, minutes=1)
    assert slow_review["rating"] == "hard"
    assert fast_review["rating"] == "easy"
    slow_interval = datetime.fromisoformat(slow_review["due"]) - slow.now
    fast_interval = datetime.fromisoformat(fast_review["due"]) - fast.now
    assert timedelta(days=1) < slow_interval < fast_interval


def test_failed_checks_and_hints_count_in_the_rating(tmp_path, drill_env):
    learner = Learner(tmp_path, drill_env)
    assert learner.drill("start", "dropout").returncode == 0
    for _ in range(3):
        assert learner.drill("check", "dropout").returncode == 1  # the untouched starter
    learner.later(minutes=1)
    learner.write_reference("dropout")
    schedule = learner.check("dropout")
    assert schedule["failed_checks"] == 3
    assert schedule["rating"] == "hard"


def test_seeing_the_solution_rates_the_attempt_again(tmp_path, drill_env):
    learner = Learner(tmp_path, drill_env)
    learner.drill("start", "dropout")
    shown = learner.drill("solution", "dropout", "--yes")
    assert shown.returncode == 0
    learner.later(minutes=1)
    learner.write_reference("dropout")
    assert learner.check("dropout")["rating"] == "again"


def test_practice_before_due_leaves_the_schedule_alone(tmp_path, drill_env):
    learner = Learner(tmp_path, drill_env)
    learner.drill("start", "dropout")
    learner.write_reference("dropout")
    due = learner.check("dropout")["due"]
    learner.later(hours=2)
    reset = learner.drill("reset")  # the current drill
    assert reset.returncode == 0 and "Practice" in reset.stdout
    learner.write_reference("dropout")
    practice = learner.check("dropout")
    assert practice["outcome"] == "practice"
    assert practice["due"] == due


def test_drill_next_runs_due_questions_before_a_new_drill(tmp_path, drill_env):
    learner = Learner(tmp_path, drill_env)
    question = "dropout-p-convention"
    asked = subprocess.run(
        [sys.executable, "-m", "checker.cli", "quiz", "--id", question],
        env=learner.env, cwd=REPO, input="?\n", capture_output=True, text=True, timeout=60,
    )
    assert asked.returncode == 0, asked.stderr
    learner.later(days=2)
    plan = learner.drill().stdout
    first_step = plan.split("1.", 1)[1].splitlines()[0]
    assert "Questions" in first_step and "drill quiz" in first_step, plan
    following = subprocess.run(
        [sys.executable, "-m", "checker.cli", "next"],
        env=learner.env, cwd=REPO, input="?\n", capture_output=True, text=True, timeout=60,
    )
    assert following.returncode == 0, following.stderr
    assert "Next: drill quiz" in following.stdout
    assert question in following.stdout.split("Answer", 1)[0]  # asked first: it is due
