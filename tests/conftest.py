"""Shared fixtures: an isolated workspace and state folder for CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def drill_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DRILL_HOME"] = str(tmp_path / "home")
    env["DRILL_WORKSPACE"] = str(tmp_path / "ws")
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    env.pop("FORCE_COLOR", None)
    return env


@pytest.fixture
def run_drill(drill_env):
    """Run `drill ARGS...` the way a user does, in a subprocess."""

    def run(
        *args: str, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            env=drill_env,
            cwd=REPO,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
